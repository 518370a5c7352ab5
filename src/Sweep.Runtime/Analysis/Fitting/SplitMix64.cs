namespace Sweep.Analysis;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny, fast generator whose output is fixed by its algorithm, so a
/// bootstrap seeded with S gives the same replicas on every .NET version and machine. Replica r draws from
/// <see cref="ForStream"/>(S, r), independent of thread scheduling.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>An independent stream for (seed, stream index): the seed and index are mixed before use.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        var mixer = new SplitMix64(seed ^ (0x632BE59BD9B4E019UL * (stream + 1)));
        return new SplitMix64(mixer.Next() ^ stream);
    }

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; bias below 2^-40 for the n used here).</summary>
    public int NextInt(int n) => (int)(((UInt128)Next() * (ulong)n) >> 64);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal deviate (Box–Muller, one of the pair).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
