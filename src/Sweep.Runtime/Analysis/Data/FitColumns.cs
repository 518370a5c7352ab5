namespace Sweep.Analysis;

/// <summary>
/// Which columns of a table feed a fit. Joint laws read <see cref="X"/> as N and need <see cref="D"/>;
/// single-variable laws read <see cref="X"/> alone.
/// </summary>
/// <param name="X">The scale column (N for joint laws).</param>
/// <param name="Y">The fitted column (the loss); must be positive.</param>
public sealed record FitColumns(string X, string Y)
{
    /// <summary>The data column D of a joint law, or null for a single-variable law.</summary>
    public string? D { get; init; }

    /// <summary>An optional compute column C (FLOPs) for IsoFLOP analysis; 6·N·D is used when absent.</summary>
    public string? Compute { get; init; }

    /// <summary>An optional column to fit separately per value of (a <see cref="PowerLawSpec.By"/> column).</summary>
    public string? By { get; init; }

    /// <summary>
    /// An optional column naming the replicate of each point (the seed): a double-descent peak resamples whole
    /// replicates, so its interval reflects seed-to-seed variation.
    /// </summary>
    public string? Replicate { get; init; }

    /// <summary>Columns of a joint law <c>L(N, D)</c>.</summary>
    /// <param name="n">Parameters column.</param>
    /// <param name="d">Data column.</param>
    /// <param name="loss">Loss column.</param>
    public static FitColumns Joint(string n, string d, string loss) => new(n, loss) { D = d };

    /// <summary>Columns of a single-variable law <c>y(x)</c>.</summary>
    /// <param name="x">Scale column.</param>
    /// <param name="y">Loss column.</param>
    /// <param name="by">Optional grouping column.</param>
    public static FitColumns Single(string x, string y, string? by = null) => new(x, y) { By = by };

    /// <summary>The columns a study's <c>[Law]</c> spec names.</summary>
    /// <param name="spec">The law spec.</param>
    public static FitColumns For(LawSpec spec) => spec switch
    {
        PowerLawSpec p => Single(p.X, p.Y, p.By),
        JointLawSpec j => Joint(j.N, j.D, j.Loss),
        PeakSpec k => Single(k.X, k.Y, k.By) with { Replicate = Reporting.StudyLaws.SeedColumn },
        _ => throw new ArgumentException($"Unknown law spec {spec?.GetType().Name}.", nameof(spec)),
    };

    /// <summary>The column names this fit reads, in order (X, D, Compute, Y, By, Replicate), skipping absent ones.</summary>
    public IEnumerable<string> Names()
    {
        yield return X;
        if (D is not null)
        {
            yield return D;
        }

        if (Compute is not null)
        {
            yield return Compute;
        }

        yield return Y;
        if (By is not null)
        {
            yield return By;
        }

        if (Replicate is not null)
        {
            yield return Replicate;
        }
    }
}
