using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sweep.Kernels;

/// <summary>
/// A random permutation of <c>0…n−1</c> that needs no memory: a four-round Feistel network on the smallest
/// even-bit power-of-two domain that holds n, walked in cycles until the image falls below n (at most four steps
/// on average). The round keys come from Philox keyed by (seed, <see cref="RandomStreams.Shuffle"/>, epoch), so
/// minibatch order is reshuffled every epoch, is the same on every backend, and can be computed for any position
/// inside a kernel.
/// </summary>
/// <example>
/// <code>
/// PhiloxBlock keys = CounterShuffle.Keys(seed, epoch: 3);
/// int row = CounterShuffle.Permute(position: 17, n: 1000, keys);
/// </code>
/// </example>
public static class CounterShuffle
{
    /// <summary>The four round keys of one epoch's permutation.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <returns>The round keys.</returns>
    public static PhiloxBlock Keys(ulong seed, long epoch) => Philox.Generate(seed, RandomStreams.Shuffle, (ulong)epoch);

    /// <summary>The image of <paramref name="position"/> under the permutation of 0…n−1 with the given keys.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size, at least 1.</param>
    /// <param name="k0">Round key 0.</param>
    /// <param name="k1">Round key 1.</param>
    /// <param name="k2">Round key 2.</param>
    /// <param name="k3">Round key 3.</param>
    /// <returns>The permuted index in 0…n−1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Permute(int position, int n, uint k0, uint k1, uint k2, uint k3) => Permute(position, n, HalfBits(n), k0, k1, k2, k3);

    /// <summary>Half the bit width of the Feistel domain for n: the smallest h with 4^h ≥ n (hoist it out of loops).</summary>
    /// <param name="n">The domain size.</param>
    /// <returns>h.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HalfBits(int n)
    {
        int half = 1;
        while ((1L << (2 * half)) < n)
        {
            half++;
        }

        return half;
    }

    /// <summary>The permutation with <see cref="HalfBits"/> precomputed.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size.</param>
    /// <param name="half">HalfBits(n).</param>
    /// <param name="k0">Round key 0.</param>
    /// <param name="k1">Round key 1.</param>
    /// <param name="k2">Round key 2.</param>
    /// <param name="k3">Round key 3.</param>
    /// <returns>The permuted index.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Permute(int position, int n, int half, uint k0, uint k1, uint k2, uint k3)
    {
        uint mask = (1u << half) - 1u;
        uint x = (uint)position;
        do
        {
            uint left = x >> half;
            uint right = x & mask;
            uint t = left ^ (Mix(right ^ k0) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k1) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k2) & mask);
            left = right;
            right = t;
            t = left ^ (Mix(right ^ k3) & mask);
            left = right;
            right = t;
            x = (left << half) | right;
        }
        while (x >= (uint)n);

        return (int)x;
    }

    /// <summary>The image of <paramref name="position"/> under the permutation with the given keys.</summary>
    /// <param name="position">Position in 0…n−1.</param>
    /// <param name="n">The domain size.</param>
    /// <param name="keys">Round keys from <see cref="Keys"/>.</param>
    /// <returns>The permuted index.</returns>
    public static int Permute(int position, int n, PhiloxBlock keys) => Permute(position, n, keys.X0, keys.X1, keys.X2, keys.X3);

    /// <summary>The row of the training set at position <paramref name="sample"/> of the shuffled sample stream.</summary>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="sample">Index of the sample in the stream of all samples drawn (step × batch + row).</param>
    /// <param name="n">Training set size.</param>
    /// <returns>The row.</returns>
    public static int SampleRow(ulong seed, long sample, int n)
    {
        long epoch = sample / n;
        int position = (int)(sample - (epoch * n));
        return Permute(position, n, Keys(seed, epoch));
    }

    /// <summary>
    /// The rows at positions <paramref name="firstSample"/>, <paramref name="firstSample"/>+1, … of the shuffled
    /// sample stream, crossing epochs where the run does: <c>rows[i] = SampleRow(seed, firstSample + i, n)</c>. A
    /// vector of positions goes through the Feistel rounds at once (the scalar network is a chain of dependent
    /// multiplies, about 12 ns a row on a Zen 4, a tenth of a small model's training step).
    /// </summary>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="firstSample">Index of the first sample in the stream of all samples drawn.</param>
    /// <param name="n">Training set size.</param>
    /// <param name="rows">Receives one row per sample.</param>
    public static void SampleRows(ulong seed, long firstSample, int n, Span<int> rows)
    {
        int half = HalfBits(n);
        int done = 0;
        while (done < rows.Length)
        {
            long sample = firstSample + done;
            long epoch = sample / n;
            int position = (int)(sample - (epoch * n));
            int run = (int)Math.Min(rows.Length - done, n - position);
            PermuteRun(position, n, half, Keys(seed, epoch), rows.Slice(done, run));
            done += run;
        }
    }

    /// <summary>images[i] = Permute(position + i); position + images.Length must not exceed n.</summary>
    private static void PermuteRun(int position, int n, int half, PhiloxBlock keys, Span<int> images)
    {
        int i = 0;
        int lanes = Vector<uint>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var mask = new Vector<uint>((1u << half) - 1u);
            var limit = new Vector<uint>((uint)n);
            var k0 = new Vector<uint>(keys.X0);
            var k1 = new Vector<uint>(keys.X1);
            var k2 = new Vector<uint>(keys.X2);
            var k3 = new Vector<uint>(keys.X3);
            for (; i + lanes <= images.Length; i += lanes)
            {
                Vector<uint> x = Rounds(new Vector<uint>((uint)(position + i)) + Vector<uint>.Indices, half, mask, k0, k1, k2, k3);
                Vector<uint> outside = Vector.GreaterThanOrEqual(x, limit);
                while (outside != Vector<uint>.Zero)
                {
                    x = Vector.ConditionalSelect(outside, Rounds(x, half, mask, k0, k1, k2, k3), x);
                    outside = Vector.GreaterThanOrEqual(x, limit);
                }

                Vector.AsVectorInt32(x).CopyTo(images[i..]);
            }
        }

        for (; i < images.Length; i++)
        {
            images[i] = Permute(position + i, n, half, keys.X0, keys.X1, keys.X2, keys.X3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Rounds(Vector<uint> x, int half, Vector<uint> mask, Vector<uint> k0, Vector<uint> k1, Vector<uint> k2, Vector<uint> k3)
    {
        Vector<uint> left = Vector.ShiftRightLogical(x, half);
        Vector<uint> right = x & mask;
        Vector<uint> t = left ^ (Mix(right ^ k0) & mask);
        left = right;
        right = t;
        t = left ^ (Mix(right ^ k1) & mask);
        left = right;
        right = t;
        t = left ^ (Mix(right ^ k2) & mask);
        left = right;
        right = t;
        t = left ^ (Mix(right ^ k3) & mask);
        return Vector.ShiftLeft(right, half) | t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Mix(Vector<uint> x)
    {
        x ^= Vector.ShiftRightLogical(x, 16);
        x *= new Vector<uint>(0x7FEB352Du);
        x ^= Vector.ShiftRightLogical(x, 15);
        x *= new Vector<uint>(0x846CA68Bu);
        x ^= Vector.ShiftRightLogical(x, 16);
        return x;
    }

    // lowbias32 (Chris Wellons' hash-prospector): a cheap, well-mixing 32-bit bijection.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }
}
