namespace Sweep.Training;

/// <summary>
/// A small counter-based generator (SplitMix64 over a (seed, stream) key): the same numbers on every machine and
/// .NET version, unlike <see cref="Random"/>. Streams separate the teacher, the training inputs, the test inputs
/// and the features, so changing one size never shifts the others' numbers.
/// </summary>
internal sealed class SplitMixRandom
{
    private ulong _state;
    private double? _spare;

    public SplitMixRandom(long seed, ulong stream)
    {
        _state = Mix(unchecked((ulong)seed) ^ Mix(stream + 0x9E3779B97F4A7C15UL));
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        if (_spare is double spare)
        {
            _spare = null;
            return spare;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2.0 * Math.PI * u2);
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextUInt64() % (ulong)n);

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
