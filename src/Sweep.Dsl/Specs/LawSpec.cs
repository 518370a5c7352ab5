namespace Sweep;

/// <summary>
/// What to find in a study's results after it runs: a scaling law to fit, or the peak of a curve. Columns are named
/// by <see cref="Metric"/> constants, axis names or derived-property names.
/// </summary>
/// <example>
/// <code>
/// [Law] public LawSpec LossVsParams =&gt; LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss, by: nameof(TrainSize));
/// [Law] public LawSpec Joint        =&gt; LawSpec.Chinchilla(n: Metric.Parameters, d: Metric.Tokens, loss: Metric.TestLoss);
/// [Law] public LawSpec Threshold    =&gt; LawSpec.Peak(x: nameof(Features), y: Metric.TestLoss, by: nameof(Ridge));
/// </code>
/// </example>
public abstract record LawSpec
{
    private protected LawSpec(string evaluation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(evaluation);
        Evaluation = evaluation;
    }

    /// <summary>The evaluation whose metrics are fitted; the first evaluation when null.</summary>
    public string Evaluation { get; init; }

    /// <summary>
    /// Fit only the trials where this condition holds, over axis, derived and metric columns (the language of
    /// <c>fit --where</c>: numbers, column names, <c>+ - * /</c>, comparisons, <c>and or not</c>, parentheses); null for all.
    /// </summary>
    /// <example><code>LawSpec.Chinchilla(n: Metric.Parameters, d: Metric.Tokens, loss: Metric.TestLoss) with { Where = "Tokens/Parameters &gt;= 5" }</code></example>
    public string? Where { get; init; }

    /// <summary>A column whose value weighs each trial's term in the loss (<c>fit --weight</c>); null weighs all trials 1.</summary>
    public string? Weight { get; init; }

    /// <summary>A condition marking the trials a back-test holds out and predicts (<c>fit --holdout</c>); null for no back-test.</summary>
    public string? Holdout { get; init; }

    /// <summary>The loss on log residuals (<c>fit --loss</c>); null for Huber, as Hoffmann et al.</summary>
    public FitLoss? FitLoss { get; init; }

    /// <summary>The Huber threshold δ on log residuals (<c>fit --huber-delta</c>); null for Hoffmann et al.'s 1e-3.</summary>
    public double? HuberDelta { get; init; }

    /// <summary>
    /// <c>y = E + A·x^−α</c> (or <c>A·x^−α</c> without <paramref name="irreducible"/>), fitted once per value of the
    /// <paramref name="by"/> column if given.
    /// </summary>
    /// <param name="x">The scale column.</param>
    /// <param name="y">The loss column.</param>
    /// <param name="by">A column to fit separately per value of, or null.</param>
    /// <param name="irreducible">Whether to fit the irreducible term E.</param>
    /// <param name="evaluation">The evaluation to fit; defaults to the first.</param>
    public static PowerLawSpec PowerLaw(string x, string y, string? by = null, bool irreducible = true, string evaluation = FirstEvaluation)
        => new(x, y, by, irreducible, evaluation);

    /// <summary>The joint law <c>L(N, D) = E + A/N^α + B/D^β</c>, fitted as Hoffmann et al. (2022), approach 3.</summary>
    /// <param name="n">The parameters column.</param>
    /// <param name="d">The data column.</param>
    /// <param name="loss">The loss column.</param>
    /// <param name="evaluation">The evaluation to fit; defaults to the first.</param>
    public static JointLawSpec Chinchilla(string n, string d, string loss, string evaluation = FirstEvaluation)
        => new(JointLawForm.Chinchilla, n, d, loss, evaluation);

    /// <summary>Kaplan et al.'s joint law <c>L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D</c>.</summary>
    /// <param name="n">The parameters column.</param>
    /// <param name="d">The data column.</param>
    /// <param name="loss">The loss column.</param>
    /// <param name="evaluation">The evaluation to fit; defaults to the first.</param>
    public static JointLawSpec Kaplan(string n, string d, string loss, string evaluation = FirstEvaluation)
        => new(JointLawForm.Kaplan, n, d, loss, evaluation);

    /// <summary>
    /// Not a law: where the seed-mean of <paramref name="y"/> peaks along <paramref name="x"/> (double descent), with
    /// the peak's location and height over the valleys on both sides, and intervals from resampling whole seeds;
    /// once per value of the <paramref name="by"/> column if given.
    /// </summary>
    /// <param name="x">The swept column.</param>
    /// <param name="y">The error column.</param>
    /// <param name="by">A column to analyse separately per value of, or null.</param>
    /// <param name="evaluation">The evaluation to analyse; defaults to the first.</param>
    public static PeakSpec Peak(string x, string y, string? by = null, string evaluation = FirstEvaluation)
        => new(x, y, by, evaluation);

    /// <summary>
    /// Not a law: accuracy on the line (Miller et al. 2021; effective robustness, Taori et al. 2020). Over the study's
    /// done trials (or the reference rows <paramref name="reference"/> selects), link(<paramref name="metric"/> under
    /// <paramref name="ood"/>) is fitted as a straight line in link(<paramref name="metric"/> under
    /// <paramref name="id"/>), with bootstrap intervals of the slope, intercept and correlation; every trial's and every
    /// <paramref name="scale"/> value's effective robustness ρ = acc_OOD − link⁻¹(fit(link(acc_ID))) is reported with
    /// its interval, and the report draws the scatter in link axes with the line and its band.
    /// </summary>
    /// <param name="id">The in-distribution evaluation (the clean one).</param>
    /// <param name="ood">The shifted evaluation.</param>
    /// <param name="metric">The accuracy column, a fraction in [0, 1] (0 and 1 are clipped, with a note).</param>
    /// <param name="link">The link both axes are drawn and fitted in.</param>
    /// <param name="scale">A column whose values get their own mean ρ and colour (an axis such as the width), or null.</param>
    /// <param name="reference">
    /// Which trials the line is fitted to, as clauses <c>COLUMN OP VALUE</c> (OP one of <c>= != &lt; &lt;= &gt; &gt;=</c>)
    /// joined by <c>&amp;&amp;</c>, for example <c>"TrainSize = 1024"</c>; null fits every trial. ρ is reported for every trial.
    /// </param>
    /// <example>
    /// <code>
    /// [Law] public LawSpec Line =&gt; LawSpec.OnTheLine(id: nameof(Clean), ood: nameof(Wider), link: Link.Probit, scale: nameof(Features));
    /// </code>
    /// </example>
    public static OnTheLineSpec OnTheLine(string id, string ood, string metric = Sweep.Metric.TestAccuracy, Link link = Link.Probit, string? scale = null, string? reference = null)
        => new(id, ood, metric, link, scale, reference);

    /// <summary>
    /// Not a law: the robustness gap <c>metric(clean) − metric(shifted)</c> of every trial, fitted as
    /// <c>gap = a + b·log₁₀(x)</c> in the scale column <paramref name="x"/> with bootstrap intervals, and read as
    /// whether the gap closes, stays or widens with scale, and, if it closes, at what scale the line reaches zero.
    /// </summary>
    /// <param name="clean">The clean evaluation.</param>
    /// <param name="shifted">The shifted evaluation.</param>
    /// <param name="x">The scale column (positive: parameters, an axis such as the width).</param>
    /// <param name="metric">The metric compared (accuracy by default; for a loss the gap is negative).</param>
    /// <example>
    /// <code>
    /// [Law] public LawSpec Gap =&gt; LawSpec.RobustnessGap(clean: nameof(Clean), shifted: nameof(Wider), x: Metric.Parameters);
    /// </code>
    /// </example>
    public static RobustnessGapSpec RobustnessGap(string clean, string shifted, string x, string metric = Sweep.Metric.TestAccuracy)
        => new(clean, shifted, x, metric);

    /// <summary>
    /// Not a law: a method's benefit over a baseline as scale grows, and where it crosses zero. Every trial whose
    /// <paramref name="by"/> axis is not <paramref name="baseline"/> is paired with the baseline trial that has the same
    /// seed and the same value on every other axis; the benefit <c>metric(arm) − metric(baseline)</c> under
    /// <paramref name="evaluation"/> is fitted per arm as <c>a + b·log₁₀(x)</c> with bootstrap intervals, read as
    /// closing (shrinking toward zero), staying or widening with scale, and, when it closes, the scale at which the
    /// two arms cross, with its interval and whether it lies inside the measured scales.
    /// </summary>
    /// <param name="x">The scale column (positive: an axis such as the width, or parameters).</param>
    /// <param name="by">The method axis.</param>
    /// <param name="baseline">The method axis's baseline value, as it is written in a trial's key (<c>"0"</c>, <c>"Linear"</c>).</param>
    /// <param name="evaluation">The evaluation the metric is read under.</param>
    /// <param name="metric">The metric compared (accuracy by default; for a loss a benefit is negative).</param>
    /// <example>
    /// <code>
    /// // Does adversarial training's advantage under attack shrink with width, and where does it vanish?
    /// [Law] public LawSpec Benefit =&gt; LawSpec.MethodGap(x: nameof(Width), by: nameof(TrainEpsilon), baseline: "0", evaluation: nameof(Attacked));
    /// </code>
    /// </example>
    public static MethodGapSpec MethodGap(string x, string by, string baseline, string evaluation, string metric = Sweep.Metric.TestAccuracy)
        => new(x, by, baseline, evaluation, metric);

    /// <summary>The placeholder evaluation name meaning "the study's first evaluation".</summary>
    public const string FirstEvaluation = "*";
}

/// <summary>A single-variable power law; see <see cref="LawSpec.PowerLaw"/>.</summary>
public sealed record PowerLawSpec : LawSpec
{
    internal PowerLawSpec(string x, string y, string? by, bool irreducible, string evaluation) : base(evaluation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(x);
        ArgumentException.ThrowIfNullOrWhiteSpace(y);
        X = x;
        Y = y;
        By = by;
        Irreducible = irreducible;
    }

    /// <summary>The scale column.</summary>
    public string X { get; init; }

    /// <summary>The loss column.</summary>
    public string Y { get; init; }

    /// <summary>The grouping column, or null.</summary>
    public string? By { get; init; }

    /// <summary>Whether the irreducible term E is fitted.</summary>
    public bool Irreducible { get; init; }
}

/// <summary>A joint law in parameters and data; see <see cref="LawSpec.Chinchilla"/> and <see cref="LawSpec.Kaplan"/>.</summary>
public sealed record JointLawSpec : LawSpec
{
    internal JointLawSpec(JointLawForm form, string n, string d, string loss, string evaluation) : base(evaluation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(n);
        ArgumentException.ThrowIfNullOrWhiteSpace(d);
        ArgumentException.ThrowIfNullOrWhiteSpace(loss);
        Form = form;
        N = n;
        D = d;
        Loss = loss;
    }

    /// <summary>Which joint form.</summary>
    public JointLawForm Form { get; init; }

    /// <summary>The parameters column.</summary>
    public string N { get; init; }

    /// <summary>The data column.</summary>
    public string D { get; init; }

    /// <summary>The loss column.</summary>
    public string Loss { get; init; }
}

/// <summary>The peak of a curve (double descent); see <see cref="LawSpec.Peak"/>.</summary>
/// <example>
/// <code>
/// [Law] public LawSpec Threshold =&gt; LawSpec.Peak(x: nameof(Features), y: Metric.TestLoss, by: nameof(Ridge));
/// </code>
/// </example>
public sealed record PeakSpec : LawSpec
{
    internal PeakSpec(string x, string y, string? by, string evaluation) : base(evaluation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(x);
        ArgumentException.ThrowIfNullOrWhiteSpace(y);
        X = x;
        Y = y;
        By = by;
    }

    /// <summary>The swept column.</summary>
    public string X { get; init; }

    /// <summary>The error column whose peak is located.</summary>
    public string Y { get; init; }

    /// <summary>The grouping column, or null.</summary>
    public string? By { get; init; }
}

/// <summary>The loss a law fit minimises over log residuals <c>r = log L̂ − log L</c>.</summary>
/// <example><code>LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss) with { FitLoss = FitLoss.Gaussian }</code></example>
public enum FitLoss
{
    /// <summary>Huber's loss with threshold δ, summed (Hoffmann et al.): quadratic within δ, linear beyond, so outliers pull less.</summary>
    Huber = 0,

    /// <summary>Half the squared residual, summed: least squares in log space.</summary>
    Mse = 1,

    /// <summary>
    /// The Gaussian likelihood of the log residuals with a fitted scale σ: the parameters minimise the squared residuals
    /// (σ profiled out) and σ̂² = Σw·r² / Σw is reported with the log-likelihood.
    /// </summary>
    Gaussian = 2,
}

/// <summary>The functional form of a <see cref="JointLawSpec"/>.</summary>
public enum JointLawForm
{
    /// <summary><c>E + A/N^α + B/D^β</c>.</summary>
    Chinchilla = 0,

    /// <summary><c>[(N_c/N)^(α_N/α_D) + D_c/D]^α_D</c>.</summary>
    Kaplan = 1,
}
