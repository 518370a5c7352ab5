namespace Sweep;

/// <summary>
/// The link an accuracy-on-the-line fit draws and fits both axes in: probit (Miller et al. 2021), logit (Taori et al.
/// 2020) or none (accuracies as they are).
/// </summary>
/// <example>
/// <code>
/// [Law] public LawSpec Line =&gt; LawSpec.OnTheLine(id: nameof(Clean), ood: nameof(Wider), link: Link.Logit);
/// </code>
/// </example>
public enum Link
{
    /// <summary>The standard normal quantile Φ⁻¹(p).</summary>
    Probit = 0,

    /// <summary>log(p / (1 − p)).</summary>
    Logit = 1,

    /// <summary>The identity: a straight line in the accuracies themselves.</summary>
    None = 2,
}

/// <summary>Accuracy on the line and effective robustness; see <see cref="LawSpec.OnTheLine"/>.</summary>
/// <example>
/// <code>
/// [Law] public LawSpec Line =&gt; LawSpec.OnTheLine(id: nameof(Clean), ood: nameof(Wider), scale: nameof(Features), reference: "TrainSize = 1024");
/// </code>
/// </example>
public sealed record OnTheLineSpec : LawSpec
{
    internal OnTheLineSpec(string id, string ood, string metric, Link link, string? scale, string? reference) : base(id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ood);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (!Enum.IsDefined(link))
        {
            throw new ArgumentOutOfRangeException(nameof(link), link, "link is Probit, Logit or None.");
        }

        if (string.Equals(id, ood, StringComparison.Ordinal))
        {
            throw new ArgumentException($"id and ood name the same evaluation '{id}'; the line compares two.", nameof(ood));
        }

        Ood = ood;
        Metric = metric;
        Link = link;
        Scale = scale;
        Reference = reference;
    }

    /// <summary>The in-distribution evaluation (the same as <see cref="LawSpec.Evaluation"/>).</summary>
    public string Id => Evaluation;

    /// <summary>The shifted evaluation.</summary>
    public string Ood { get; init; }

    /// <summary>The accuracy column, a fraction in [0, 1].</summary>
    public string Metric { get; init; }

    /// <summary>The link of both axes.</summary>
    public Link Link { get; init; }

    /// <summary>The column whose values get their own mean ρ, or null.</summary>
    public string? Scale { get; init; }

    /// <summary>The reference filter (<c>COLUMN OP VALUE</c> clauses joined by <c>&amp;&amp;</c>), or null for every trial.</summary>
    public string? Reference { get; init; }
}

/// <summary>The robustness gap as a function of scale; see <see cref="LawSpec.RobustnessGap"/>.</summary>
/// <example>
/// <code>
/// [Law] public LawSpec Gap =&gt; LawSpec.RobustnessGap(clean: nameof(Clean), shifted: nameof(NoisyInputs), x: nameof(Features));
/// </code>
/// </example>
public sealed record RobustnessGapSpec : LawSpec
{
    internal RobustnessGapSpec(string clean, string shifted, string x, string metric) : base(clean)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shifted);
        ArgumentException.ThrowIfNullOrWhiteSpace(x);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (string.Equals(clean, shifted, StringComparison.Ordinal))
        {
            throw new ArgumentException($"clean and shifted name the same evaluation '{clean}'.", nameof(shifted));
        }

        Shifted = shifted;
        X = x;
        Metric = metric;
    }

    /// <summary>The clean evaluation (the same as <see cref="LawSpec.Evaluation"/>).</summary>
    public string Clean => Evaluation;

    /// <summary>The shifted evaluation.</summary>
    public string Shifted { get; init; }

    /// <summary>The scale column.</summary>
    public string X { get; init; }

    /// <summary>The metric compared.</summary>
    public string Metric { get; init; }
}

/// <summary>A method's benefit over a baseline along the scale, and its crossover; see <see cref="LawSpec.MethodGap"/>.</summary>
/// <example>
/// <code>
/// [Law] public LawSpec CleanCost =&gt; LawSpec.MethodGap(x: nameof(Width), by: nameof(TrainEpsilon), baseline: "0", evaluation: nameof(Clean));
/// </code>
/// </example>
public sealed record MethodGapSpec : LawSpec
{
    internal MethodGapSpec(string x, string by, string baseline, string evaluation, string metric) : base(evaluation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(x);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseline);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (evaluation == FirstEvaluation)
        {
            throw new ArgumentException("name the evaluation the methods are compared under.", nameof(evaluation));
        }

        if (string.Equals(x, by, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"x and by name the same column '{x}'.", nameof(by));
        }

        X = x;
        By = by;
        Baseline = baseline;
        Metric = metric;
    }

    /// <summary>The scale column.</summary>
    public string X { get; init; }

    /// <summary>The method axis.</summary>
    public string By { get; init; }

    /// <summary>The method axis's baseline value.</summary>
    public string Baseline { get; init; }

    /// <summary>The metric compared.</summary>
    public string Metric { get; init; }
}
