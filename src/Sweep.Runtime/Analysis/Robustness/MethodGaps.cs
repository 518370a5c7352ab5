using System.Globalization;
using Sweep.Storage;

namespace Sweep.Analysis.Robustness;

/// <summary>One arm's benefit over the baseline along the scale.</summary>
/// <param name="Arm">The method axis's value for this arm.</param>
/// <param name="Pairs">Arm trials paired with a baseline trial (same seed, same other axes).</param>
/// <param name="Result">The benefit's fit (gap = arm − baseline), or null when it failed.</param>
/// <param name="MeasuredLow">The lowest paired scale.</param>
/// <param name="MeasuredHigh">The highest paired scale.</param>
/// <param name="Error">Why the fit failed, or null.</param>
/// <param name="Points">Each pair's scale, arm metric (<see cref="GapPoint.Clean"/>) and baseline metric (<see cref="GapPoint.Shifted"/>).</param>
public sealed record ArmGap(string Arm, int Pairs, RobustnessGapResult? Result, double MeasuredLow, double MeasuredHigh, string? Error, IReadOnlyList<GapPoint> Points)
{
    /// <summary>Whether the arms cross (the benefit closes) at a scale inside the measured ones; null when they do not cross.</summary>
    public bool? CrossesInsideMeasuredRange => Result?.ClosesAt is { } c ? c.Estimate >= MeasuredLow && c.Estimate <= MeasuredHigh : null;
}

/// <summary>A study's declared method gap (<see cref="LawSpec.MethodGap"/>) and what it found, one entry per arm.</summary>
/// <param name="Name">The <c>[Law]</c> property's name.</param>
/// <param name="Spec">The declaration.</param>
/// <param name="Arms">Each non-baseline value of the method axis, in axis order.</param>
/// <param name="Error">Why nothing could be analysed (a missing axis or baseline), or null.</param>
public sealed record MethodGapAnalysis(string Name, MethodGapSpec Spec, IReadOnlyList<ArmGap> Arms, string? Error);

/// <summary>
/// A method's benefit over its baseline as a function of scale: each done trial of a non-baseline arm is paired with
/// the baseline trial of the same seed and the same value on every other axis, and the differences per arm are fitted
/// by <see cref="RobustnessGap.Fit"/> (a line in log scale, seeds resampled within scales). A benefit that closes
/// crosses zero: that is where the arms cross over.
/// </summary>
/// <example>
/// <code>
/// MethodGapAnalysis gap = MethodGaps.Analyze("Benefit", LawSpec.MethodGap("Width", "TrainEpsilon", "0", "Attacked"), trials);
/// foreach (ArmGap arm in gap.Arms) Console.WriteLine($"{arm.Arm}: crosses at {arm.Result?.ClosesAt?.Estimate}");
/// </code>
/// </example>
public static class MethodGaps
{
    /// <summary>Pairs and fits every arm of one declaration.</summary>
    /// <param name="name">The declaration's name.</param>
    /// <param name="spec">The declaration.</param>
    /// <param name="trials">The study's stored trials (failed ones are ignored).</param>
    /// <param name="replicas">Bootstrap replicas.</param>
    public static MethodGapAnalysis Analyze(string name, MethodGapSpec spec, IReadOnlyList<StoredTrial> trials, int replicas = 1000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(trials);
        List<StoredTrial> done = [.. trials.Where(t => t.Status == TrialStatus.Done)];
        if (done.Count == 0)
        {
            return new MethodGapAnalysis(name, spec, [], "no done trials.");
        }

        if (done.Any(t => Axis(t, spec.By) is null))
        {
            return new MethodGapAnalysis(name, spec, [], $"by '{spec.By}': not an axis of the study's trials.");
        }

        List<string> values = [.. done.Select(t => Axis(t, spec.By)!.Value).DistinctBy(v => v.Text, StringComparer.Ordinal).OrderBy(v => v.Number ?? double.NaN).Select(v => v.Text)];
        string? baseline = values.FirstOrDefault(v => SameValue(v, spec.Baseline));
        if (baseline is null)
        {
            return new MethodGapAnalysis(name, spec, [], Invariant($"baseline '{spec.Baseline}': no done trial has {spec.By} = {spec.Baseline} (its values: {string.Join(", ", values)})."));
        }

        Dictionary<string, StoredTrial> baselines = new(StringComparer.Ordinal);
        foreach (StoredTrial t in done.Where(t => Axis(t, spec.By)!.Value.Text == baseline))
        {
            baselines[PairKey(t, spec.By)] = t;
        }

        List<ArmGap> arms = [];
        foreach (string arm in values.Where(v => v != baseline))
        {
            arms.Add(Arm(spec, arm, [.. done.Where(t => Axis(t, spec.By)!.Value.Text == arm)], baselines, replicas));
        }

        return new MethodGapAnalysis(name, spec, arms, arms.Count == 0 ? $"by '{spec.By}': every done trial is a baseline trial; there is no other arm." : null);
    }

    private static ArmGap Arm(MethodGapSpec spec, string arm, List<StoredTrial> trials, Dictionary<string, StoredTrial> baselines, int replicas)
    {
        List<GapPoint> points = [];
        try
        {
            foreach (StoredTrial t in trials)
            {
                if (!baselines.TryGetValue(PairKey(t, spec.By), out StoredTrial? b))
                {
                    continue;
                }

                double armValue = Metric(t, spec), baselineValue = Metric(b, spec);
                double x = StudyRobustness.Number(t, spec.X, spec.Evaluation)
                    ?? throw new ArgumentException($"x '{spec.X}': trial '{t.Key}' has no numeric axis, derived value or metric of that name.");
                points.Add(new GapPoint(x, armValue, baselineValue));
            }

            if (points.Count == 0)
            {
                throw new ArgumentException($"no trial of {spec.By} = {arm} has a baseline trial with the same seed and other axes.");
            }

            return new ArmGap(arm, points.Count, RobustnessGap.Fit(points, replicas), points.Min(p => p.Scale), points.Max(p => p.Scale), null, points);
        }
        catch (ArgumentException e)
        {
            double low = points.Count == 0 ? double.NaN : points.Min(p => p.Scale), high = points.Count == 0 ? double.NaN : points.Max(p => p.Scale);
            return new ArmGap(arm, points.Count, null, low, high, e.Message, points);
        }
    }

    private static double Metric(StoredTrial t, MethodGapSpec spec)
    {
        if (!t.Metrics.TryGetValue(spec.Evaluation, out IReadOnlyDictionary<string, double>? metrics))
        {
            throw new ArgumentException($"evaluation '{spec.Evaluation}': trial '{t.Key}' has no such evaluation.");
        }

        return metrics.TryGetValue(spec.Metric, out double value) ? value : throw new ArgumentException($"metric '{spec.Metric}': trial '{t.Key}' has no such metric under '{spec.Evaluation}'.");
    }

    /// <summary>The seed and every axis but the method axis: what an arm trial and its baseline share.</summary>
    private static string PairKey(StoredTrial t, string by) => string.Join(
        ';',
        t.Axes.Where(a => !string.Equals(a.Key, by, StringComparison.OrdinalIgnoreCase)).Select(a => $"{a.Key}={a.Value.Text}").Append(Invariant($"seed={t.Seed}")));

    private static StoredValue? Axis(StoredTrial t, string name)
        => t.Axes.FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit ? hit.Value : null;

    private static bool SameValue(string stored, string declared)
        => string.Equals(stored, declared, StringComparison.OrdinalIgnoreCase)
            || (double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                && double.TryParse(declared, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && a == b);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
