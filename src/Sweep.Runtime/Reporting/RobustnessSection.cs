using System.Globalization;
using System.Text;
using ScottPlot;
using Spectre.Console;
using Sweep.Analysis.Robustness;
using Sweep.Reporting.Figures;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// The robustness part of a study's report and console output: per <see cref="LawSpec.OnTheLine"/> the fitted line in
/// link space with its intervals, ρ per scale value and the most and least effectively robust trials, and a scatter
/// in link axes (points coloured by scale, the line and its band); per <see cref="LawSpec.RobustnessGap"/> the gap's
/// trend in log scale, whether it closes, stays or widens, and where a closing gap reaches zero, with a figure; per
/// <see cref="LawSpec.MethodGap"/> each arm's benefit over the baseline the same way, and where the arms cross over.
/// </summary>
internal static class RobustnessSection
{
    private const int ShownRows = 5;

    /// <summary>The <c>## Robustness</c> section (none when the study declares no robustness analysis); writes its figures into <paramref name="directory"/>.</summary>
    public static IEnumerable<string> Markdown(RobustnessResults? results, IReadOnlyList<StoredTrial> trials, string study, string directory, string slug)
    {
        if (results is null || results.IsEmpty)
        {
            yield break;
        }

        StringBuilder md = new();
        md.AppendLine("## Robustness");
        md.AppendLine();
        foreach (LineAnalysis line in results.Lines)
        {
            OnTheLineSpec spec = line.Spec;
            string link = Links.Name(spec.Link);
            md.AppendLine(Invariant($"### `{line.Name}`: accuracy on the line, `{spec.Ood}` vs `{spec.Id}` ({link} link)"));
            md.AppendLine();
            if (line.Result is not { } r)
            {
                md.AppendLine(Invariant($"Not fitted: {line.Error}"));
                md.AppendLine();
                continue;
            }

            string reference = spec.Reference is null ? "every trial" : $"the {r.ReferencePoints} trials where `{spec.Reference}`";
            md.AppendLine(Invariant($"{link}(`{spec.Metric}` under `{spec.Ood}`) = {F(r.Intercept.Estimate)} + {F(r.Slope.Estimate)}·{link}(`{spec.Metric}` under `{spec.Id}`), fitted to {reference} ({r.Points} in all); {Pct(r.Confidence)} percentile intervals of {r.Replicas} bootstrap replicas of the reference rows."));
            md.AppendLine();
            md.AppendLine("| slope | intercept | r |");
            md.AppendLine("|---|---|---|");
            md.AppendLine(Invariant($"| {I(r.Slope)} | {I(r.Intercept)} | {I(r.R)} |"));
            md.AppendLine();
            if (r.Clipped > 0)
            {
                md.AppendLine(Invariant($"{r.Clipped} accuracies of exactly 0 or 1 were moved {Links.ClipMargin:G} inside (0, 1) so their {link} is finite."));
                md.AppendLine();
            }

            md.AppendLine("Effective robustness ρ = shifted accuracy − the line's prediction from the clean one (positive: more robust than the line predicts).");
            md.AppendLine();
            if (r.Scales.Count > 0)
            {
                md.AppendLine(Invariant($"| `{spec.Scale}` | trials | mean `{spec.Id}` | mean `{spec.Ood}` | mean ρ |"));
                md.AppendLine("|---|---|---|---|---|");
                foreach (ScaleRobustness s in r.Scales)
                {
                    md.AppendLine(Invariant($"| {s.Scale} | {s.Rows} | {F(s.Id)} | {F(s.Ood)} | {I(s.Rho)} |"));
                }

                md.AppendLine();
            }

            IEnumerable<RowRobustness> shown = r.Rows.Count <= 2 * ShownRows ? r.Rows : [.. r.Rows.Take(ShownRows), .. r.Rows.TakeLast(ShownRows)];
            md.AppendLine(r.Rows.Count <= 2 * ShownRows ? "Every trial, by ρ:" : Invariant($"The {ShownRows} most and {ShownRows} least effectively robust of {r.Rows.Count} trials:"));
            md.AppendLine();
            md.AppendLine(Invariant($"| trial | `{spec.Id}` | `{spec.Ood}` | predicted | ρ | reference |"));
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (RowRobustness row in shown)
            {
                md.AppendLine(Invariant($"| `{row.Label}` | {F(row.Id)} | {F(row.Ood)} | {F(row.Predicted)} | {I(row.Rho)} | {(row.IsReference ? "yes" : "no")} |"));
            }

            md.AppendLine();
            string stem = $"{slug}-robustness-{StudyReport.Slug(line.Name)}";
            LineFigure(r, spec, $"{study}: {line.Name}", Path.Combine(directory, stem));
            md.AppendLine(Invariant($"![{stem}]({stem}.png)"));
            md.AppendLine();
        }

        foreach (GapAnalysis gap in results.Gaps)
        {
            RobustnessGapSpec spec = gap.Spec;
            md.AppendLine(Invariant($"### `{gap.Name}`: robustness gap, `{spec.Metric}` under `{spec.Clean}` − under `{spec.Shifted}`, against `{spec.X}`"));
            md.AppendLine();
            if (gap.Result is not { } g)
            {
                md.AppendLine(Invariant($"Not fitted: {gap.Error}"));
                md.AppendLine();
                continue;
            }

            md.AppendLine(Invariant($"gap = a + b·log₁₀(`{spec.X}`) over {g.Points} trials at {g.Scales} scales; {Pct(g.Confidence)} intervals of {g.Replicas} replicas resampling each scale's trials."));
            md.AppendLine();
            md.AppendLine("| mean gap | a | b (per tenfold scale) | trend | gap reaches 0 at |");
            md.AppendLine("|---|---|---|---|---|");
            string closes = g.ClosesAt is { } c ? Invariant($"{NumberFormat.Short(c.Estimate)} [{NumberFormat.Short(c.Lower)}, {NumberFormat.Short(c.Upper)}]") : "–";
            md.AppendLine(Invariant($"| {F(g.MeanGap)} | {I(g.Intercept)} | {I(g.Slope)} | {Trend(g.Trend)} | {closes} |"));
            md.AppendLine();
            string stem = $"{slug}-gap-{StudyReport.Slug(gap.Name)}";
            GapFigure(g, StudyRobustnessPoints(spec, trials), spec, $"{study}: {gap.Name}", Path.Combine(directory, stem));
            md.AppendLine(Invariant($"![{stem}]({stem}.png)"));
            md.AppendLine();
        }

        foreach (MethodGapAnalysis method in results.MethodGaps)
        {
            MethodGap(md, method, study, directory, slug);
        }

        yield return md.ToString();
    }

    private static void MethodGap(StringBuilder md, MethodGapAnalysis method, string study, string directory, string slug)
    {
        MethodGapSpec spec = method.Spec;
        md.AppendLine(Invariant($"### `{method.Name}`: each `{spec.By}` against `{spec.By}` = {spec.Baseline}, `{spec.Metric}` under `{spec.Evaluation}`, against `{spec.X}`"));
        md.AppendLine();
        if (method.Error is not null)
        {
            md.AppendLine(Invariant($"Not fitted: {method.Error}"));
            md.AppendLine();
            return;
        }

        md.AppendLine(Invariant($"benefit = `{spec.Metric}` of the arm − of the baseline trial with the same seed and other axes, fitted as a + b·log₁₀(`{spec.X}`); a benefit that closes crosses zero where the arms cross over."));
        md.AppendLine();
        md.AppendLine(Invariant($"| `{spec.By}` | pairs | mean benefit | a | b (per tenfold scale) | trend | arms cross at | inside measured `{spec.X}` |"));
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (ArmGap arm in method.Arms)
        {
            if (arm.Result is not { } g)
            {
                md.AppendLine(Invariant($"| {arm.Arm} | {arm.Pairs} | not fitted: {arm.Error} | | | | | |"));
                continue;
            }

            string crosses = g.ClosesAt is { } c ? Invariant($"{NumberFormat.Short(c.Estimate)} [{NumberFormat.Short(c.Lower)}, {NumberFormat.Short(c.Upper)}]") : "–";
            string inside = arm.CrossesInsideMeasuredRange switch
            {
                true => Invariant($"yes ({NumberFormat.Short(arm.MeasuredLow)}–{NumberFormat.Short(arm.MeasuredHigh)})"),
                false => Invariant($"no: extrapolated beyond {NumberFormat.Short(arm.MeasuredLow)}–{NumberFormat.Short(arm.MeasuredHigh)}"),
                null => "–",
            };
            md.AppendLine(Invariant($"| {arm.Arm} | {arm.Pairs} | {F(g.MeanGap)} | {I(g.Intercept)} | {I(g.Slope)} | {Trend(g.Trend)} | {crosses} | {inside} |"));
        }

        md.AppendLine();
        if (method.Arms.Any(a => a.Result is not null))
        {
            string stem = $"{slug}-method-gap-{StudyReport.Slug(method.Name)}";
            MethodGapFigure(method, $"{study}: {method.Name}", Path.Combine(directory, stem));
            md.AppendLine(Invariant($"![{stem}]({stem}.png)"));
            md.AppendLine();
        }
    }

    /// <summary>Prints every line's slope and r and every gap's trend after a run or report; nothing when there are none.</summary>
    public static void Print(IAnsiConsole console, string study, RobustnessResults? results)
    {
        if (results is null || results.IsEmpty)
        {
            return;
        }

        foreach (LineAnalysis line in results.Lines)
        {
            string text = line.Result is { } r
                ? Invariant($"{study}: {line.Name}: {Links.Name(line.Spec.Link)}({line.Spec.Ood}) = {F(r.Intercept.Estimate)} + {F(r.Slope.Estimate)}·{Links.Name(line.Spec.Link)}({line.Spec.Id}), slope {I(r.Slope)}, r {I(r.R)}; ρ from {F(r.Rows[^1].Rho.Estimate)} to {F(r.Rows[0].Rho.Estimate)}")
                : Invariant($"{study}: {line.Name}: not fitted: {line.Error}");
            console.MarkupLine(Markup.Escape(text));
        }

        foreach (GapAnalysis gap in results.Gaps)
        {
            string text = gap.Result is { } g
                ? Invariant($"{study}: {gap.Name}: gap {F(g.MeanGap)} on average, {I(g.Slope)} per tenfold {gap.Spec.X}: {Trend(g.Trend)}{(g.ClosesAt is { } c ? $", reaching 0 at {NumberFormat.Short(c.Estimate)}" : string.Empty)}")
                : Invariant($"{study}: {gap.Name}: not fitted: {gap.Error}");
            console.MarkupLine(Markup.Escape(text));
        }

        foreach (MethodGapAnalysis method in results.MethodGaps)
        {
            if (method.Error is not null)
            {
                console.MarkupLine(Markup.Escape(Invariant($"{study}: {method.Name}: not fitted: {method.Error}")));
                continue;
            }

            foreach (ArmGap arm in method.Arms)
            {
                string text = arm.Result is { } g
                    ? Invariant($"{study}: {method.Name}: {method.Spec.By} = {arm.Arm} vs {method.Spec.Baseline}: {method.Spec.Metric} under {method.Spec.Evaluation} {F(g.MeanGap)} on average, {I(g.Slope)} per tenfold {method.Spec.X}: {Trend(g.Trend)}{(g.ClosesAt is { } c ? $", the arms cross at {NumberFormat.Short(c.Estimate)}{(arm.CrossesInsideMeasuredRange == true ? " (inside the measured range)" : " (extrapolated)")}" : string.Empty)}")
                    : Invariant($"{study}: {method.Name}: {method.Spec.By} = {arm.Arm}: not fitted: {arm.Error}");
                console.MarkupLine(Markup.Escape(text));
            }
        }
    }

    private static List<GapPoint> StudyRobustnessPoints(RobustnessGapSpec spec, IReadOnlyList<StoredTrial> trials)
    {
        List<GapPoint> points = [];
        foreach (StoredTrial t in trials.Where(t => t.Status == TrialStatus.Done))
        {
            if (t.Metrics.TryGetValue(spec.Clean, out var clean) && clean.TryGetValue(spec.Metric, out double c)
                && t.Metrics.TryGetValue(spec.Shifted, out var shifted) && shifted.TryGetValue(spec.Metric, out double s))
            {
                double? x = t.Axes.Concat(t.Derived).Where(a => string.Equals(a.Key, spec.X, StringComparison.OrdinalIgnoreCase)).Select(a => a.Value.Number).FirstOrDefault()
                    ?? clean.Where(m => string.Equals(m.Key, spec.X, StringComparison.OrdinalIgnoreCase)).Select(m => (double?)m.Value).FirstOrDefault();
                if (x is double v && v > 0)
                {
                    points.Add(new GapPoint(v, c, s));
                }
            }
        }

        return points;
    }

    private static void LineFigure(OnTheLineResult r, OnTheLineSpec spec, string title, string stem)
    {
        Plot plot = new();
        IPalette palette = new ScottPlot.Palettes.Category10();
        string?[] scales = [.. r.Rows.Select(row => row.Scale).Distinct()];
        scales = [.. OrderScales(scales)];
        for (int i = 0; i < scales.Length; i++)
        {
            RowRobustness[] rows = [.. r.Rows.Where(row => row.Scale == scales[i])];
            double[] xs = [.. rows.Select(row => Link(r.Link, row.Id))];
            double[] ys = [.. rows.Select(row => Link(r.Link, row.Ood))];
            ScottPlot.Plottables.Scatter points = plot.Add.ScatterPoints(xs, ys);
            points.Color = palette.GetColor(i);
            points.LegendText = scales[i] is null ? "trials" : $"{spec.Scale} = {scales[i]}";
        }

        if (r.Band.Count > 0)
        {
            double[] bx = [.. r.Band.Select(b => b.X)];
            ScottPlot.Plottables.FillY band = plot.Add.FillY(bx, [.. r.Band.Select(b => b.Lower)], [.. r.Band.Select(b => b.Upper)]);
            band.FillColor = Colors.Black.WithAlpha(0.12);
            band.LineWidth = 0;
            double[] by = [.. bx.Select(v => r.Intercept.Estimate + (r.Slope.Estimate * v))];
            ScottPlot.Plottables.Scatter fit = plot.Add.ScatterLine(bx, by);
            fit.Color = Colors.Black;
            fit.LegendText = Invariant($"fit: slope {F(r.Slope.Estimate)}");
        }

        string link = Links.Name(r.Link);
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = r.Link == Sweep.Link.None ? $"{spec.Metric} ({spec.Id})" : $"{link}({spec.Metric}, {spec.Id})";
        plot.Axes.Left.Label.Text = r.Link == Sweep.Link.None ? $"{spec.Metric} ({spec.Ood})" : $"{link}({spec.Metric}, {spec.Ood})";
        plot.ShowLegend(Alignment.LowerRight);
        FigureFont.Apply(plot);
        plot.SavePng(stem + ".png", 800, 560);
        plot.SaveSvg(stem + ".svg", 800, 560);
    }

    private static void GapFigure(RobustnessGapResult g, List<GapPoint> points, RobustnessGapSpec spec, string title, string stem)
    {
        Plot plot = new();
        double[] gx = [.. points.Select(p => Math.Log10(p.Scale))];
        double[] gy = [.. points.Select(p => p.Gap)];
        ScottPlot.Plottables.Scatter scatter = plot.Add.ScatterPoints(gx, gy);
        scatter.LegendText = "trials";
        if (points.Count > 0)
        {
            double lo = points.Min(p => Math.Log10(p.Scale)), hi = points.Max(p => Math.Log10(p.Scale));
            double[] fx = [lo, hi];
            double[] fy = [g.Intercept.Estimate + (g.Slope.Estimate * lo), g.Intercept.Estimate + (g.Slope.Estimate * hi)];
            ScottPlot.Plottables.Scatter fit = plot.Add.ScatterLine(fx, fy);
            fit.Color = Colors.Black;
            fit.LegendText = Invariant($"fit: {F(g.Slope.Estimate)} per decade ({Trend(g.Trend)})");
        }

        SaveGapFigure(plot, title, $"log10 {spec.X}", $"{spec.Metric}: {spec.Clean} − {spec.Shifted}", stem);
    }

    private static void MethodGapFigure(MethodGapAnalysis method, string title, string stem)
    {
        Plot plot = new();
        IPalette palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (ArmGap arm in method.Arms.Where(a => a.Result is not null))
        {
            RobustnessGapResult g = arm.Result!;
            double lo = Math.Log10(arm.MeasuredLow), hi = Math.Log10(arm.MeasuredHigh);
            if (g.ClosesAt is { } c && double.IsFinite(c.Estimate) && c.Estimate > 0)
            {
                lo = Math.Min(lo, Math.Log10(c.Estimate));
                hi = Math.Max(hi, Math.Log10(c.Estimate));
            }

            ScottPlot.Plottables.Scatter pairs = plot.Add.ScatterPoints(arm.Points.Select(p => Math.Log10(p.Scale)).ToArray(), arm.Points.Select(p => p.Gap).ToArray());
            pairs.Color = palette.GetColor(i).WithAlpha(0.6);
            ScottPlot.Plottables.Scatter fit = plot.Add.ScatterLine(new double[] { lo, hi }, new[] { g.Intercept.Estimate + (g.Slope.Estimate * lo), g.Intercept.Estimate + (g.Slope.Estimate * hi) });
            fit.Color = palette.GetColor(i++);
            fit.LegendText = Invariant($"{method.Spec.By} = {arm.Arm}: {F(g.Slope.Estimate)} per decade ({Trend(g.Trend)})");
        }

        ScottPlot.Plottables.HorizontalLine zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;
        SaveGapFigure(plot, title, $"log10 {method.Spec.X}", $"{method.Spec.Metric} ({method.Spec.Evaluation}): arm − {method.Spec.By} = {method.Spec.Baseline}", stem);
    }

    private static void SaveGapFigure(Plot plot, string title, string xLabel, string yLabel, string stem)
    {
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Axes.Left.Label.Text = yLabel;
        plot.ShowLegend(Alignment.UpperRight);
        FigureFont.Apply(plot);
        plot.SavePng(stem + ".png", 800, 500);
        plot.SaveSvg(stem + ".svg", 800, 500);
    }

    private static IEnumerable<string?> OrderScales(string?[] scales)
    {
        bool numeric = scales.All(s => s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric ? scales.OrderBy(s => double.Parse(s!, CultureInfo.InvariantCulture)) : scales;
    }

    private static double Link(Link link, double p) => Links.Apply(link, Links.Clip(link, p, out _));

    private static string Trend(GapTrend trend) => trend switch
    {
        GapTrend.Closes => "closes with scale",
        GapTrend.Widens => "widens with scale",
        _ => "stays (no trend resolved)",
    };

    private static string F(double value) => NumberFormat.Short(value);

    private static string I(IntervalEstimate interval)
        => double.IsNaN(interval.Lower) ? F(interval.Estimate) : Invariant($"{F(interval.Estimate)} [{F(interval.Lower)}, {F(interval.Upper)}]");

    private static string Pct(double confidence) => Invariant($"{confidence * 100:G3}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
