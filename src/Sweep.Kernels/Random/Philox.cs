using System.Runtime.CompilerServices;

namespace Sweep.Kernels;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a counter-based
/// generator. Every number is a pure function of (key, counter), so any element of any stream can be computed
/// independently, in any order, on any backend: the same integers on the CPU, on ILGPU's CPU accelerator and on a
/// GPU. Sweep keys it by the trial's 64-bit seed and puts (index, stream) in the counter.
/// </summary>
/// <example>
/// <code>
/// PhiloxBlock block = Philox.Generate(seed: 42, stream: RandomStreams.Init, block: 0);
/// float u = Philox.ToUniform(block.X0);
/// </code>
/// </example>
public static class Philox
{
    private const uint M0 = 0xD2511F53u;
    private const uint M1 = 0xCD9E8D57u;
    private const uint W0 = 0x9E3779B9u;
    private const uint W1 = 0xBB67AE85u;

    /// <summary>The raw Philox4x32-10 bijection of a 128-bit counter under a 64-bit key.</summary>
    /// <param name="c0">Counter word 0.</param>
    /// <param name="c1">Counter word 1.</param>
    /// <param name="c2">Counter word 2.</param>
    /// <param name="c3">Counter word 3.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>Four 32-bit outputs.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PhiloxBlock Round10(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            uint n0 = hi1 ^ c1 ^ k0;
            uint n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }

        return new PhiloxBlock(c0, c1, c2, c3);
    }

    /// <summary>
    /// Block <paramref name="block"/> of stream <paramref name="stream"/> under <paramref name="seed"/>: the key is
    /// the seed's two halves, the counter is (block low, block high, stream, 0).
    /// </summary>
    /// <param name="seed">The 64-bit seed (the trial's seed).</param>
    /// <param name="stream">The stream (see <see cref="RandomStreams"/>).</param>
    /// <param name="block">The block index; each block holds four 32-bit numbers.</param>
    /// <returns>Four 32-bit outputs.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PhiloxBlock Generate(ulong seed, uint stream, ulong block)
        => Round10((uint)block, (uint)(block >> 32), stream, 0u, (uint)seed, (uint)(seed >> 32));

    /// <summary>Element <paramref name="index"/> of a stream of 32-bit integers (four per block).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="index">The element index.</param>
    /// <returns>The 32-bit number.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bits(ulong seed, uint stream, ulong index)
        => Generate(seed, stream, index >> 2).Get((int)(index & 3));

    /// <summary>Maps 32 random bits to a float in [0, 1) with 24 bits of precision.</summary>
    /// <param name="bits">Random bits.</param>
    /// <returns>A uniform float in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToUniform(uint bits) => (int)(bits >> 8) * (1.0f / 16777216.0f); // via int: uint→float goes through double in IL, which fp32-only OpenCL devices lack

    /// <summary>Maps 32 random bits to a float in (0, 1], safe for a logarithm.</summary>
    /// <param name="bits">Random bits.</param>
    /// <returns>A uniform float in (0, 1].</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToUniformOpenZero(uint bits) => (int)((bits >> 8) + 1u) * (1.0f / 16777216.0f);

    /// <summary>Element <paramref name="index"/> of a stream of uniform numbers in [0, 1).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="index">The element index.</param>
    /// <returns>A uniform double in [0, 1) with 24 random bits (the same value a kernel computes in float).</returns>
    public static double Uniform(ulong seed, uint stream, ulong index) => ToUniform(Bits(seed, stream, index));

    /// <summary>
    /// Element <paramref name="index"/> of a stream of standard normals, computed in double precision by the
    /// Box-Muller transform: block b gives normals 4b..4b+3 from its two pairs of uniforms.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="index">The element index.</param>
    /// <returns>A standard normal.</returns>
    public static double Normal(ulong seed, uint stream, ulong index)
    {
        PhiloxBlock block = Generate(seed, stream, index >> 2);
        int lane = (int)(index & 3);
        uint u1 = lane < 2 ? block.X0 : block.X2;
        uint u2 = lane < 2 ? block.X1 : block.X3;
        double radius = Math.Sqrt(-2.0 * Math.Log(ToUniformOpenZero(u1)));
        double angle = 2.0 * Math.PI * ToUniform(u2);
        return (lane & 1) == 0 ? radius * Math.Cos(angle) : radius * Math.Sin(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with standard normals <c>start, start+1, …</c> of a stream.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="start">Index of the first element.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="scale">Multiplier applied to every value.</param>
    public static void FillNormal(ulong seed, uint stream, ulong start, Span<double> destination, double scale = 1.0)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = scale * Normal(seed, stream, start + (ulong)i);
        }
    }

    /// <summary>Combines a seed with a sub-seed (a model or generation index) into a new, well-mixed seed.</summary>
    /// <param name="seed">The parent seed.</param>
    /// <param name="child">The child's index.</param>
    /// <returns>A derived seed.</returns>
    public static ulong Derive(ulong seed, ulong child)
    {
        PhiloxBlock block = Round10((uint)child, (uint)(child >> 32), 0x5EED5EEDu, 0u, (uint)seed, (uint)(seed >> 32));
        return ((ulong)block.X1 << 32) | block.X0;
    }
}

/// <summary>Four 32-bit outputs of one Philox4x32-10 evaluation.</summary>
/// <param name="X0">Output word 0.</param>
/// <param name="X1">Output word 1.</param>
/// <param name="X2">Output word 2.</param>
/// <param name="X3">Output word 3.</param>
public readonly record struct PhiloxBlock(uint X0, uint X1, uint X2, uint X3)
{
    /// <summary>Output word <paramref name="lane"/> (0–3).</summary>
    /// <param name="lane">The lane.</param>
    /// <returns>The word.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Get(int lane) => lane == 0 ? X0 : lane == 1 ? X1 : lane == 2 ? X2 : X3;
}

/// <summary>
/// The streams Sweep draws from, one per purpose, so that changing one (say the test-set size) never changes
/// another (the initialisation).
/// </summary>
public static class RandomStreams
{
    /// <summary>Model initialisation.</summary>
    public const uint Init = 1;

    /// <summary>Training inputs.</summary>
    public const uint TrainInputs = 2;

    /// <summary>Training target noise and label flips.</summary>
    public const uint TrainNoise = 3;

    /// <summary>Test inputs.</summary>
    public const uint TestInputs = 4;

    /// <summary>Test target noise and label flips.</summary>
    public const uint TestNoise = 5;

    /// <summary>Validation inputs.</summary>
    public const uint ValidationInputs = 6;

    /// <summary>Validation target noise.</summary>
    public const uint ValidationNoise = 7;

    /// <summary>The teacher's weights (keyed by the teacher seed, not the trial seed).</summary>
    public const uint Teacher = 8;

    /// <summary>Minibatch order: the per-epoch permutation keys.</summary>
    public const uint Shuffle = 9;

    /// <summary>Noise added to test inputs by an input-noise shift.</summary>
    public const uint InputNoise = 10;

    /// <summary>Labels replaced by a label-noise shift.</summary>
    public const uint LabelNoise = 11;

    /// <summary>The fixed first layer of a random-features model.</summary>
    public const uint RandomFeatures = 12;

    /// <summary>Class labels of a Gaussian mixture.</summary>
    public const uint Classes = 13;

    /// <summary>Gaussian-mixture class means (keyed by the means seed).</summary>
    public const uint Means = 14;

    /// <summary>The classes and rows a label shift draws from the clean test set.</summary>
    public const uint LabelShift = 15;

    /// <summary>The coordinates and values an input corruption changes.</summary>
    public const uint Corruption = 16;

    /// <summary>Input-noise augmentation of training minibatches.</summary>
    public const uint Augmentation = 17;

    /// <summary>The spurious class of each row of data with a spurious feature.</summary>
    public const uint Spurious = 18;
}
