using System.Globalization;
using Sweep.Storage;

namespace Sweep.Analysis.Robustness;

/// <summary>A study's declared accuracy-on-the-line analysis (<see cref="LawSpec.OnTheLine"/>) and what it found.</summary>
/// <param name="Name">The <c>[Law]</c> property's name.</param>
/// <param name="Spec">The declaration.</param>
/// <param name="Result">The fit, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record LineAnalysis(string Name, OnTheLineSpec Spec, OnTheLineResult? Result, string? Error);

/// <summary>A study's declared robustness gap (<see cref="LawSpec.RobustnessGap"/>) and what it found.</summary>
/// <param name="Name">The <c>[Law]</c> property's name.</param>
/// <param name="Spec">The declaration.</param>
/// <param name="Result">The fit, or null when it failed.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record GapAnalysis(string Name, RobustnessGapSpec Spec, RobustnessGapResult? Result, string? Error);

/// <summary>Every robustness analysis a study declares.</summary>
/// <param name="Lines">Accuracy-on-the-line fits.</param>
/// <param name="Gaps">Robustness gaps.</param>
public sealed record RobustnessResults(IReadOnlyList<LineAnalysis> Lines, IReadOnlyList<GapAnalysis> Gaps)
{
    /// <summary>Method gaps (<see cref="LawSpec.MethodGap"/>): each arm's benefit over the baseline along the scale.</summary>
    public IReadOnlyList<MethodGapAnalysis> MethodGaps { get; init; } = [];

    /// <summary>Whether there is nothing to report.</summary>
    public bool IsEmpty => Lines.Count == 0 && Gaps.Count == 0 && MethodGaps.Count == 0;
}

/// <summary>
/// Runs a study's declared robustness analyses on its stored trials: one row per done trial that has both
/// evaluations, labelled by its key; reference filters and scale columns read axes, derived values, <c>seed</c> and
/// <c>key</c>. A declaration that cannot be analysed gets its reason instead of an exception.
/// </summary>
/// <example>
/// <code>
/// RobustnessResults r = StudyRobustness.Analyze(study.DescribeLaws(), store.ReadTrials("shift-robustness"));
/// foreach (LineAnalysis line in r.Lines) Console.WriteLine($"{line.Name}: slope {line.Result?.Slope.Estimate}");
/// </code>
/// </example>
public static class StudyRobustness
{
    /// <summary>Analyses every <see cref="OnTheLineSpec"/>, <see cref="RobustnessGapSpec"/> and <see cref="MethodGapSpec"/> among the laws.</summary>
    /// <param name="laws">The study's declared laws (others are skipped).</param>
    /// <param name="trials">Its stored trials.</param>
    /// <param name="replicas">Bootstrap replicas.</param>
    public static RobustnessResults Analyze(IReadOnlyList<NamedLaw> laws, IReadOnlyList<StoredTrial> trials, int replicas = 1000)
    {
        ArgumentNullException.ThrowIfNull(laws);
        ArgumentNullException.ThrowIfNull(trials);
        List<LineAnalysis> lines = [];
        List<GapAnalysis> gaps = [];
        List<MethodGapAnalysis> methods = [];
        foreach (NamedLaw law in laws)
        {
            if (law.Law is MethodGapSpec method)
            {
                methods.Add(MethodGaps.Analyze(law.Name, method, trials, replicas));
                continue;
            }

            try
            {
                switch (law.Law)
                {
                    case OnTheLineSpec line:
                        lines.Add(new LineAnalysis(law.Name, line, Line(line, trials, replicas), null));
                        break;
                    case RobustnessGapSpec gap:
                        gaps.Add(new GapAnalysis(law.Name, gap, Gap(gap, trials, replicas), null));
                        break;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                if (law.Law is OnTheLineSpec line)
                {
                    lines.Add(new LineAnalysis(law.Name, line, null, e.Message));
                }
                else
                {
                    gaps.Add(new GapAnalysis(law.Name, (RobustnessGapSpec)law.Law, null, e.Message));
                }
            }
        }

        return new RobustnessResults(lines, gaps) { MethodGaps = methods };
    }

    /// <summary>The accuracy-on-the-line fit of one declaration.</summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="trials">The stored trials.</param>
    /// <param name="replicas">Bootstrap replicas.</param>
    /// <exception cref="ArgumentException">Missing evaluations or columns, or too few reference rows.</exception>
    /// <exception cref="FormatException">A malformed reference filter.</exception>
    public static OnTheLineResult Line(OnTheLineSpec spec, IReadOnlyList<StoredTrial> trials, int replicas = 1000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        List<StoredTrial> rows = Rows(trials, spec.Id, spec.Ood, spec.Metric);
        ReferenceFilter? filter = spec.Reference is null ? null : ReferenceFilter.Parse(spec.Reference);
        List<LinePoint> points = [];
        foreach (StoredTrial t in rows)
        {
            string? scale = spec.Scale is null ? null : Column(t, spec.Scale) ?? throw new ArgumentException($"scale '{spec.Scale}': no such axis or derived value.");
            bool reference;
            try
            {
                reference = filter?.Matches(c => Column(t, c)) ?? true;
            }
            catch (FormatException e)
            {
                throw new FormatException($"reference '{spec.Reference}': {e.Message}", e);
            }

            points.Add(new LinePoint(t.Key, t.Metrics[spec.Id][spec.Metric], t.Metrics[spec.Ood][spec.Metric], scale, reference));
        }

        return OnTheLine.Fit(points, new OnTheLineOptions { Link = spec.Link, Replicas = replicas });
    }

    /// <summary>The gap fit of one declaration.</summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="trials">The stored trials.</param>
    /// <param name="replicas">Bootstrap replicas.</param>
    /// <exception cref="ArgumentException">Missing evaluations or columns, or fewer than two scales.</exception>
    public static RobustnessGapResult Gap(RobustnessGapSpec spec, IReadOnlyList<StoredTrial> trials, int replicas = 1000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        List<StoredTrial> rows = Rows(trials, spec.Clean, spec.Shifted, spec.Metric);
        List<GapPoint> points = [];
        foreach (StoredTrial t in rows)
        {
            double x = Number(t, spec.X, spec.Clean) ?? throw new ArgumentException($"x '{spec.X}': trial '{t.Key}' has no numeric axis, derived value or metric of that name.");
            points.Add(new GapPoint(x, t.Metrics[spec.Clean][spec.Metric], t.Metrics[spec.Shifted][spec.Metric]));
        }

        return RobustnessGap.Fit(points, replicas);
    }

    private static List<StoredTrial> Rows(IReadOnlyList<StoredTrial> trials, string first, string second, string metric)
    {
        List<StoredTrial> done = [.. trials.Where(t => t.Status == TrialStatus.Done)];
        foreach (string evaluation in new[] { first, second })
        {
            if (!done.Any(t => t.Metrics.ContainsKey(evaluation)))
            {
                string known = string.Join(", ", done.SelectMany(t => t.Metrics.Keys).Distinct(StringComparer.Ordinal));
                throw new ArgumentException($"no done trial has evaluation '{evaluation}'; evaluations with results: {(known.Length == 0 ? "none" : known)}.");
            }
        }

        List<StoredTrial> rows = [.. done.Where(t => t.Metrics.TryGetValue(first, out var a) && a.ContainsKey(metric) && t.Metrics.TryGetValue(second, out var b) && b.ContainsKey(metric))];
        if (rows.Count == 0)
        {
            throw new ArgumentException($"no done trial records '{metric}' under both '{first}' and '{second}'.");
        }

        return rows;
    }

    /// <summary>A trial's axis, derived value, seed or key as text, or null.</summary>
    private static string? Column(StoredTrial trial, string name)
    {
        if (string.Equals(name, ResultColumns.Seed, StringComparison.OrdinalIgnoreCase))
        {
            return trial.Seed.ToString(CultureInfo.InvariantCulture);
        }

        if (string.Equals(name, ResultColumns.Key, StringComparison.OrdinalIgnoreCase))
        {
            return trial.Key;
        }

        return trial.Axes.Concat(trial.Derived).FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit ? hit.Value.Text : null;
    }

    /// <summary>A trial's numeric axis or derived value of that name, else its metric under the evaluation, else null.</summary>
    internal static double? Number(StoredTrial trial, string name, string evaluation)
    {
        if (trial.Axes.Concat(trial.Derived).FirstOrDefault(a => string.Equals(a.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit)
        {
            return hit.Value.Number;
        }

        return trial.Metrics[evaluation].FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } metric ? metric.Value : null;
    }
}
