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

    /// <summary>
    /// A row filter (<see cref="RowExpression"/>, for example <c>tokens/params &gt;= 5</c>): only rows where it holds are
    /// read; null keeps every row.
    /// </summary>
    public string? Where { get; init; }

    /// <summary>A column of per-row weights (finite, not negative) multiplying each point's loss term; null weighs all rows 1.</summary>
    public string? Weight { get; init; }

    /// <summary>
    /// A <see cref="RowExpression"/> marking the rows a back-test holds out (fitted without them, then predicted); null
    /// for none. Another way to split than holding out the largest scales.
    /// </summary>
    public string? Holdout { get; init; }

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
        PowerLawSpec p => Single(p.X, p.Y, p.By) with { Where = p.Where, Weight = p.Weight, Holdout = p.Holdout },
        JointLawSpec j => Joint(j.N, j.D, j.Loss) with { Where = j.Where, Weight = j.Weight, Holdout = j.Holdout },
        PeakSpec k => Single(k.X, k.Y, k.By) with { Replicate = Reporting.StudyLaws.SeedColumn },
        _ => throw new ArgumentException($"Unknown law spec {spec?.GetType().Name}.", nameof(spec)),
    };

    /// <summary>The column names this fit reads, in order (X, D, Compute, Y, By, Replicate, Weight), skipping absent ones; the columns of <see cref="Where"/> and <see cref="Holdout"/> are not listed.</summary>
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

        if (Weight is not null)
        {
            yield return Weight;
        }
    }
}
