using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// Something about a fit that should make a researcher doubt it, with what to do about it. <c>fit</c> prints these
/// under the parameter table, <c>--json</c> lists them as <c>warnings</c>, and a study report under each law.
/// </summary>
/// <param name="Code">A stable identifier (<see cref="FitWarnings.AtBound"/>, …) for scripts and tests.</param>
/// <param name="Message">What is wrong, what it means, and what to do.</param>
/// <param name="Parameter">The parameter it concerns, or null when it concerns the whole fit.</param>
public sealed record FitWarning(string Code, string Message, string? Parameter = null);

/// <summary>
/// The checks behind <see cref="FitWarning"/>s: each looks at one <see cref="LawFit"/> and says when it should not be
/// believed as printed (a parameter at the edge of what its parameterisation allows, an estimate on the edge of its
/// own interval, a bootstrap that dropped or did not converge many replicas, a flat gradient, a break at the data's
/// edge, an extrapolation far beyond the data, pooled axes, too few scales for the parameters).
/// </summary>
/// <example>
/// <code>
/// LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Bootstrap = new() });
/// foreach (FitWarning w in FitWarnings.Check(fit)) Console.WriteLine($"warning ({w.Code}): {w.Message}");
/// </code>
/// </example>
public static class FitWarnings
{
    /// <summary>A positive parameter driven to 0 or to infinity, or an exponent that is negative or implausibly steep.</summary>
    public const string AtBound = "parameter-at-bound";

    /// <summary>A positive parameter's interval reaching down to 0 (its lower bound).</summary>
    public const string IntervalAtBound = "interval-at-bound";

    /// <summary>An estimate outside, or exactly on the edge of, its own bootstrap interval, or a zero-width interval.</summary>
    public const string OutsideInterval = "estimate-outside-interval";

    /// <summary>Many bootstrap replicas dropped as degenerate or unfittable.</summary>
    public const string DegenerateReplicas = "degenerate-replicas";

    /// <summary>Many bootstrap replicas that did not converge.</summary>
    public const string UnconvergedReplicas = "unconverged-replicas";

    /// <summary>A gradient of exactly zero (or not finite) at the optimum, or a winning start that did not converge.</summary>
    public const string SuspiciousGradient = "suspicious-gradient";

    /// <summary>A broken power law's break at or beyond the edge of the measured scales.</summary>
    public const string BreakAtEdge = "break-at-edge";

    /// <summary>A compute-optimal allocation asked for far beyond the measured compute.</summary>
    public const string FarExtrapolation = "far-extrapolation";

    /// <summary>Axes that vary among the points but are neither the law's columns nor its by column.</summary>
    public const string PooledAxes = "pooled-axes";

    /// <summary>Fewer than <see cref="MinScalesPerParameter"/> distinct scales per parameter.</summary>
    public const string FewPointsPerParameter = "few-points-per-parameter";

    /// <summary>Distinct scales (x values, or (N, D) cells) per parameter below which a fit is flagged.</summary>
    public const double MinScalesPerParameter = 3;

    /// <summary>Share of replicas dropped or unconverged from which the bootstrap is flagged.</summary>
    public const double ReplicaShare = 0.1;

    /// <summary>Decades beyond the largest measured compute from which a budget is "far" (the default table reaches about 3).</summary>
    public const double FarDecades = 3.5;

    /// <summary>A log-parameterised positive parameter below e^−18 ≈ 1.5e-8 is at its bound 0.</summary>
    private const double LowerLogBound = -18;

    /// <summary>A log-parameterised positive parameter above e^69 ≈ 1e30 has run off to infinity.</summary>
    private const double UpperLogBound = 69;

    /// <summary>Every warning for <paramref name="fit"/>.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="budgets">Compute budgets the user asked the allocation at (checked for extrapolation), or null.</param>
    public static IReadOnlyList<FitWarning> Check(LawFit fit, IReadOnlyList<double>? budgets = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        List<FitWarning> warnings = [];
        Bounds(fit, warnings);
        Intervals(fit, warnings);
        Replicas(fit, warnings);
        Gradient(fit, warnings);
        Break(fit, warnings);
        Extrapolation(fit, budgets, warnings);
        Pooled(fit, warnings);
        Scales(fit, warnings);
        return warnings;
    }

    private static void Bounds(LawFit fit, List<FitWarning> warnings)
    {
        ScalingLaw law = fit.Law;
        for (int i = 0; i < law.ParameterCount; i++)
        {
            string name = law.ParameterNames[i];
            double theta = fit.Best.Theta[i], value = fit.Best.Natural[i];
            ParameterEstimate estimate = fit.Parameters[i];
            if (IsLogParameter(theta, value))
            {
                if (theta < LowerLogBound)
                {
                    string advice = name == "E" && law is PowerLaw
                        ? "the data show no floor: fit power-no-e, or measure larger scales before trusting E"
                        : name == "E" ? "the data show no floor over the measured range: fix E from other evidence, or measure larger scales"
                        : "its term does not contribute: fit a law without it, or measure scales where it matters";
                    warnings.Add(new FitWarning(AtBound, Invariant($"{name} = {Num(value)} sits at its lower bound 0 (its logarithm is {theta:0.#}); {advice}."), name));
                }
                else if (theta > UpperLogBound)
                {
                    warnings.Add(new FitWarning(AtBound, Invariant($"{name} = {Num(value)} has run off towards infinity: the data do not pin it down; fit a simpler law or measure a wider range of scales."), name));
                }
                else if (estimate.Lower < Math.Exp(LowerLogBound))
                {
                    warnings.Add(new FitWarning(IntervalAtBound, Invariant($"{name}'s interval [{Num(estimate.Lower)}, {Num(estimate.Upper)}] reaches its bound 0: some replicas drop the term entirely, so {name} is not identified by these data; read it as 'at most {Num(estimate.Upper)}', and consider a law without it."), name));
                }
            }
            else if (IsExponent(name))
            {
                if (value < 0)
                {
                    warnings.Add(new FitWarning(AtBound, Invariant($"{name} = {Num(value)} is negative: the fitted curve rises with scale; check the columns (--x/--n, --d, --y/--loss) and the data."), name));
                }
                else if (value > 5)
                {
                    warnings.Add(new FitWarning(AtBound, Invariant($"{name} = {Num(value)} is implausibly steep (above 5): the term is fitting a few points' curvature; fit a simpler law or add scales."), name));
                }
            }
        }
    }

    private static void Intervals(LawFit fit, List<FitWarning> warnings)
    {
        if (fit.Bootstrap is not { } boot)
        {
            return;
        }

        string level = Invariant($"{boot.Confidence * 100:G3}%");
        foreach (ParameterEstimate p in fit.Parameters)
        {
            if (double.IsNaN(p.Lower) || double.IsNaN(p.Upper))
            {
                continue;
            }

            string where = p.Lower == p.Upper ? "has a zero-width interval"
                : p.Estimate < p.Lower || p.Estimate > p.Upper ? "lies outside"
                : Near(p.Estimate, p.Lower) || Near(p.Estimate, p.Upper) ? "lies on the edge of"
                : p.StandardError == 0 ? "has a standard error of 0 next to"
                : string.Empty;
            if (where.Length == 0)
            {
                continue;
            }

            string interval = Invariant($"its {level} interval [{Num(p.Lower)}, {Num(p.Upper)}]");
            string text = where == "has a zero-width interval"
                ? Invariant($"{p.Name} = {Num(p.Estimate)} has a zero-width {level} interval: every replica lands on the same value (typically a bound), so the interval says nothing about its uncertainty; see the bound warnings, and fit a simpler law or measure more scales.")
                : Invariant($"{p.Name} = {Num(p.Estimate)} {where} {interval}: the replicas pile up on one side (a bound, or a second basin), so the percentile interval misstates the uncertainty; check the other warnings, refit with more replicas (--bootstrap) or a simpler law.");
            warnings.Add(new FitWarning(OutsideInterval, text, p.Name));
        }
    }

    private static void Replicas(LawFit fit, List<FitWarning> warnings)
    {
        if (fit.Bootstrap is not { } b || b.Replicas == 0)
        {
            return;
        }

        int dropped = b.Replicas - b.Used;
        if (dropped >= ReplicaShare * b.Replicas)
        {
            string cells = fit.Data.IsJoint ? "(N, D) cells" : $"values of {fit.Data.Columns.X}";
            string resample = b.Resampling == BootstrapResampling.Cells ? " or resample single points (--resample points)" : string.Empty;
            warnings.Add(new FitWarning(
                DegenerateReplicas,
                Invariant($"{dropped} of {b.Replicas} bootstrap replicas were dropped ({b.Degenerate} degenerate: they drew fewer distinct {cells} than the law's {fit.Law.ParameterCount} parameters, so the law was not identified; {dropped - b.Degenerate} without a finite fit): the intervals come from the other {b.Used}, which favour well-spread draws, so they are too narrow. Measure more distinct scales{resample}, or fit a law with fewer parameters.")));
        }

        if (b.Used > 0 && b.NotConverged >= ReplicaShare * b.Used)
        {
            warnings.Add(new FitWarning(
                UnconvergedReplicas,
                Invariant($"{b.NotConverged} of {b.Used} bootstrap replicas stopped on a limit (iterations or a failed line search) before converging: their parameters may be off their optimum, which distorts the intervals. The law is poorly identified by these data; fit a simpler law or measure more scales.")));
        }
    }

    private static void Gradient(LawFit fit, List<FitWarning> warnings)
    {
        ConvergenceReport c = fit.Convergence;
        if (!double.IsFinite(c.GradientNorm) || c.GradientNorm == 0)
        {
            warnings.Add(new FitWarning(
                SuspiciousGradient,
                Invariant($"max |gradient| at the optimum is {Num(c.GradientNorm)}: the objective is flat or broken there (a term overflowed or vanished, or every residual lies beyond Huber's δ = {Num(fit.HuberDelta)}), so 'converged' proves nothing; check the bound warnings, and try --fit-loss mse or a larger --huber-delta.")));
        }
        else if (!c.Converged)
        {
            warnings.Add(new FitWarning(
                SuspiciousGradient,
                Invariant($"the best start did not converge ({c.StopReason}, max |gradient| {Num(c.GradientNorm)}): the parameters may not be an optimum; the law is probably not identified by these data: fit a simpler law or measure more scales.")));
        }
    }

    private static void Break(LawFit fit, List<FitWarning> warnings)
    {
        if (fit.Law is not BrokenPowerLaw)
        {
            return;
        }

        IReadOnlyList<double> scales = fit.Data.Scales;
        double d1 = fit["d1"], f1 = fit["f1"];
        if (scales.Count < 2)
        {
            return;
        }

        // A break needs measured scales on both sides: beyond the second smallest and before the second largest.
        double low = scales[1], high = scales[^2];
        if (d1 <= low || d1 >= high)
        {
            string side = d1 >= high ? "largest" : "smallest";
            warnings.Add(new FitWarning(
                BreakAtEdge,
                Invariant($"the break d1 = {Num(d1)} (sharpness f1 = {Num(f1)}) sits at or beyond the {side} measured {fit.Data.Columns.X} (measured [{Num(scales[0])}, {Num(scales[^1])}]): the break bends at most one scale, so the slope after it is fitted to noise and extrapolations follow it; compare with a plain power law (--compare power,broken) and trust the broken law only when a break shows inside the data."),
                "d1"));
        }
    }

    private static void Extrapolation(LawFit fit, IReadOnlyList<double>? budgets, List<FitWarning> warnings)
    {
        if (budgets is null || fit.Data.Compute.Count == 0)
        {
            return;
        }

        double max = fit.Data.Compute.Max(), min = fit.Data.Compute.Min();
        double[] far = [.. budgets.Where(c => Math.Log10(c / max) > FarDecades || Math.Log10(min / c) > FarDecades)];
        if (far.Length > 0)
        {
            double decades = far.Max(c => Math.Max(Math.Log10(c / max), Math.Log10(min / c)));
            warnings.Add(new FitWarning(
                FarExtrapolation,
                Invariant($"the compute-optimal allocation at C = {string.Join(", ", far.Select(Num))} extrapolates up to {decades:0.#} decades beyond the measured compute [{Num(min)}, {Num(max)}]: small errors in the exponents grow by that many decades; read those rows as a guess, and check the exponents' intervals and a back-test (--drop-highest) first.")));
        }
    }

    private static void Pooled(LawFit fit, List<FitWarning> warnings)
    {
        if (fit.Data.Pooled.Count == 0)
        {
            return;
        }

        string names = string.Join(", ", fit.Data.Pooled);
        string first = fit.Data.Pooled[0];
        warnings.Add(new FitWarning(
            PooledAxes,
            $"{names} {(fit.Data.Pooled.Count == 1 ? "varies" : "vary")} among the points but {(fit.Data.Pooled.Count == 1 ? "is" : "are")} neither the law's columns nor its by column: points that differ in {names} are pooled into one fit, as if the difference were noise; fit once per value (--by {first}, or by: on the [Law]) or keep one value (--where \"{first} == …\")."));
    }

    private static void Scales(LawFit fit, List<FitWarning> warnings)
    {
        fit.Data.CellIds(out int cells);
        int p = fit.Law.ParameterCount;
        if (cells < MinScalesPerParameter * p)
        {
            string what = fit.Data.IsJoint ? "(N, D) cells" : $"values of {fit.Data.Columns.X}";
            warnings.Add(new FitWarning(
                FewPointsPerParameter,
                Invariant($"{cells} distinct {what} for {p} parameters ({(double)cells / p:0.#} per parameter, fewer than {MinScalesPerParameter:0}): a law this flexible can fit these points whatever the true curve, so parameters and extrapolations are fragile; measure more scales, or fit a law with fewer parameters (--compare ranks them by held-out scales).")));
        }
    }

    /// <summary>A parameter fitted as its logarithm: the natural value is e^θ.</summary>
    private static bool IsLogParameter(double theta, double natural)
        => natural == 0 ? theta < -700 : natural > 0 && Math.Abs(Math.Log(natural) - theta) <= 1e-9 * Math.Max(1, Math.Abs(theta));

    private static bool IsExponent(string name) => name.StartsWith("alpha", StringComparison.Ordinal) || name.StartsWith("beta", StringComparison.Ordinal);

    private static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsNaN(v) ? "-" : v.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
