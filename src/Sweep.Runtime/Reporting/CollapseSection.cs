using System.Globalization;
using System.Text;
using Spectre.Console;
using Sweep.Analysis.Collapse;
using Sweep.Reporting.Figures;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// The collapse part of a chain study's report and console output (<see cref="CollapseAnalysis"/>): per metric the
/// trajectories of every cell's mean and median with their intervals, a figure per metric and family of cells (one line
/// per policy: the median with its interval shaded, the mean a line without markers), the collapse rates, the generations until the
/// median crosses a threshold, and the smallest fresh fraction within a tolerance.
/// </summary>
internal static class CollapseSection
{
    private const int TableCheckpoints = 8;

    /// <summary>Whether the trials are a collapse chain's.</summary>
    public static bool IsChain(IReadOnlyList<StoredTrial> trials) => ChainTrial.From(trials).Count > 0;

    /// <summary>The <c>## Collapse</c> section; writes its figures (PNG and SVG) into <paramref name="directory"/>.</summary>
    public static string Markdown(IReadOnlyList<StoredTrial> trials, string study, string directory, string slug)
    {
        CollapseResults results = CollapseAnalysis.Analyze(trials);
        CollapseOptions options = results.Options;
        StringBuilder md = new();
        md.AppendLine("## Collapse");
        md.AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"{results.Groups.Count} cell(s). Generation 0 is the real distribution, generation t the model fitted t times, each on data drawn from its predecessor under the cell's policy. ");
        md.Append(CultureInfo.InvariantCulture, $"Intervals are {options.Confidence * 100:G3}%: a mean's ± z·SE over seeds, a median's between order statistics; rates, crossings and degradations are percentile intervals of ");
        md.AppendLine(CultureInfo.InvariantCulture, $"{options.Replicas} bootstrap replicas resampling whole seeds (seed {options.Seed}).");
        md.AppendLine();
        string[] metrics = [.. CollapseAnalysis.Metrics.Keys.Where(m => results.Groups.Any(g => g.Trajectories.Any(t => t.Metric == m)))];
        foreach (string metric in metrics)
        {
            md.AppendLine(Invariant($"### `{metric}` ({(CollapseAnalysis.Metrics[metric] == Degradation.Up ? "higher" : "lower")} is worse)"));
            md.AppendLine();
            md.Append(TrajectoryTable(results, metric));
            foreach (Figure figure in Figures(results, metric, study, slug))
            {
                FigureRenderer.Save(figure, directory);
                md.Append(MarkdownReport.Image(figure));
            }
        }

        md.Append(Rates(results));
        md.Append(Crossings(results));
        md.Append(FreshFractions(results));
        return md.ToString();
    }

    /// <summary>
    /// Prints a chain study's summary in place of the per-evaluation table: the median of the headline metric (the one
    /// asked for, else test loss) at up to eight checkpoints per cell, and where it crosses the threshold. Returns false
    /// for a study that is not a chain.
    /// </summary>
    public static bool Print(IAnsiConsole console, IReadOnlyList<StoredTrial> trials, StudyDescriptor study, string? requested)
    {
        CollapseResults results = CollapseAnalysis.Analyze(trials);
        if (results.Groups.Count == 0)
        {
            return false;
        }

        string metric = requested is not null && results.Groups.Any(g => g.Trajectories.Any(t => t.Metric == requested))
            ? requested
            : results.Groups[0].Trajectories.FirstOrDefault(t => t.Metric == Metric.TestLoss)?.Metric ?? results.Groups[0].Trajectories[0].Metric;
        int[] shown = Shown(results, metric);
        Table table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(Invariant($"{study.Name}: median {metric} over seeds, by generation (generation 0: the real distribution)")));
        foreach (AxisDescriptor axis in study.Axes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(axis.Name)).RightAligned());
        }

        table.AddColumn(new TableColumn("seeds").RightAligned());
        foreach (int t in shown)
        {
            table.AddColumn(new TableColumn(CollapseSpec.EvaluationName(t)).RightAligned());
        }

        table.AddColumn(new TableColumn(Markup.Escape(Invariant($"{results.Options.Factor:G3}× worse at"))).RightAligned());
        foreach (CollapseGroup group in results.Groups)
        {
            MetricTrajectory? trajectory = group.Trajectories.FirstOrDefault(t => t.Metric == metric);
            List<string> row = [.. study.Axes.Select(a => Markup.Escape(group.Axes.FirstOrDefault(x => x.Key == a.Name).Value.Text ?? "–")), group.Seeds.ToString(CultureInfo.InvariantCulture)];
            row.AddRange(shown.Select(t => trajectory?.Points.FirstOrDefault(p => p.Generation == t) is { } point ? NumberFormat.Short(point.Median.Estimate) : "–"));
            ThresholdCrossing? crossing = group.Crossings.FirstOrDefault(c => c.Metric == metric);
            row.Add(Markup.Escape(crossing is null || crossing.Problem is not null ? "–" : crossing.Generations is { } g ? Invariant($"gen {g.Estimate:0.#}") : "not reached"));
            table.AddRow([.. row]);
        }

        console.Write(table);
        return true;
    }

    private static string TrajectoryTable(CollapseResults results, string metric)
    {
        int[] shown = Shown(results, metric);
        StringBuilder md = new();
        md.AppendLine("Mean [interval] / median [interval] over seeds:");
        md.AppendLine();
        md.AppendLine("| cell | policy | seeds | " + string.Join(" | ", shown.Select(CollapseSpec.EvaluationName)) + " |");
        md.AppendLine("|---|---|---|" + string.Concat(shown.Select(_ => "---|")));
        foreach (CollapseGroup group in results.Groups)
        {
            MetricTrajectory? trajectory = group.Trajectories.FirstOrDefault(t => t.Metric == metric);
            if (trajectory is null)
            {
                continue;
            }

            IEnumerable<string> cells = shown.Select(t => trajectory.Points.FirstOrDefault(p => p.Generation == t) is { } point
                ? $"{Format(point.Mean)} / {Format(point.Median)}"
                : "–");
            md.AppendLine(Invariant($"| {group.Label} | {group.Policy} | {group.Seeds} | {string.Join(" | ", cells)} |"));
        }

        md.AppendLine();
        return md.ToString();
    }

    private static string Rates(CollapseResults results)
    {
        StringBuilder md = new();
        md.AppendLine("### Collapse rates");
        md.AppendLine();
        md.AppendLine("The mean over seeds at the fitted generations t ≥ 1, fitted as a line a + b·t (b per generation) and as a power law A·t^β (in logs); the better fit has the smaller relative residuals.");
        md.AppendLine();
        md.AppendLine("| cell | metric | slope b per generation | exponent β | better fit |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (CollapseGroup group in results.Groups)
        {
            foreach (CollapseRate rate in group.Rates)
            {
                md.AppendLine(rate.Problem is not null
                    ? Invariant($"| {group.Label} | `{rate.Metric}` | {rate.Problem} | – | – |")
                    : Invariant($"| {group.Label} | `{rate.Metric}` | {Format(rate.Slope)} | {Format(rate.Exponent)} | {rate.Better} |"));
            }
        }

        md.AppendLine();
        return md.ToString();
    }

    private static string Crossings(CollapseResults results)
    {
        StringBuilder md = new();
        md.AppendLine(Invariant($"### Generations until the median is {results.Options.Factor:G3}× worse than at the first fitted generation"));
        md.AppendLine();
        md.AppendLine("| cell | metric | first fitted median | threshold | crosses at generation | replicas crossing |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (CollapseGroup group in results.Groups)
        {
            foreach (ThresholdCrossing crossing in group.Crossings)
            {
                string at = crossing.Problem ?? (crossing.Generations is { } g ? Format(g) : Invariant($"not within {group.Generations}"));
                md.AppendLine(Invariant(
                    $"| {group.Label} | `{crossing.Metric}` | {NumberFormat.Short(crossing.Baseline)} | {NumberFormat.Short(crossing.Threshold)} | {at} | {crossing.ReplicasCrossing * 100:0}% |"));
            }
        }

        md.AppendLine();
        return md.ToString();
    }

    private static string FreshFractions(CollapseResults results)
    {
        if (results.FreshFractions.Count == 0)
        {
            return string.Empty;
        }

        StringBuilder md = new();
        md.AppendLine(Invariant($"### Smallest fresh fraction within {results.Options.Tolerance * 100:G3}%"));
        md.AppendLine();
        md.AppendLine("The median's degradation at the last checkpoint from the first fitted generation (0.2: 20% worse), per fresh-data fraction (Replace is 0):");
        md.AppendLine();
        md.AppendLine("| cells | metric | generation | degradation by fraction | smallest fraction within tolerance |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (FreshFractionResult result in results.FreshFractions)
        {
            string fractions = string.Join("; ", result.Fractions.Select(f => $"{ChainTextFormat(f.Fraction)}: {Format(f.Degradation)}"));
            string smallest = result.Smallest is double s ? ChainTextFormat(s) : "none of those swept";
            md.AppendLine(Invariant($"| {result.Family} | `{result.Metric}` | {result.Generation} | {fractions} | {smallest} |"));
        }

        md.AppendLine();
        return md.ToString();
    }

    /// <summary>One figure per family of cells (the cells that differ only in their policy), a line per cell.</summary>
    private static List<Figure> Figures(CollapseResults results, string metric, string study, string slug)
    {
        List<Figure> figures = [];
        foreach (IGrouping<string, CollapseGroup> family in results.Groups.GroupBy(g => CollapseAnalysis.FamilyLabel(g, results.PolicyAxes), StringComparer.Ordinal))
        {
            CollapseGroup[] lines = [.. family.Where(g => g.Trajectories.Any(t => t.Metric == metric))];
            if (lines.Length == 0)
            {
                continue;
            }

            MetricTrajectory[] trajectories = [.. lines.Select(g => g.Trajectories.First(t => t.Metric == metric))];
            double[] all = [.. trajectories.SelectMany(t => t.Points).SelectMany(p => (double[])[p.Median.Low, p.Median.High, p.Mean.Estimate]).Where(double.IsFinite)];
            bool logY = Figure.SuitsLog(all, 100);
            List<FigureSeries> series = [];
            for (int i = 0; i < lines.Length; i++)
            {
                TrajectoryPoint[] points = [.. trajectories[i].Points.Where(p => double.IsFinite(p.Median.Estimate) && (!logY || p.Median.Estimate > 0))];
                if (points.Length == 0)
                {
                    continue;
                }

                string label = lines.Length == 1 && results.PolicyAxes.Count == 0 ? lines[i].Label : $"{lines[i].Policy}";
                double Floor(double v) => logY ? Math.Max(v, double.Epsilon) : v;
                series.Add(new FigureSeries(label + " median", [.. points.Select(p => (double)p.Generation)], [.. points.Select(p => p.Median.Estimate)], SeriesStyle.Measured, i)
                {
                    Lower = [.. points.Select(p => Floor(p.Median.Low))],
                    Upper = [.. points.Select(p => Floor(p.Median.High))],
                });
                TrajectoryPoint[] means = [.. points.Where(p => double.IsFinite(p.Mean.Estimate) && (!logY || p.Mean.Estimate > 0))];
                series.Add(new FigureSeries(label + " mean", [.. means.Select(p => (double)p.Generation)], [.. means.Select(p => p.Mean.Estimate)], SeriesStyle.Fitted, i));
            }

            string title = family.Key == "(all)" ? $"{study}: {metric}" : $"{study}: {metric} ({family.Key})";
            string stem = $"{slug}-collapse-{StudyReport.Slug(metric)}" + (family.Key == "(all)" ? string.Empty : "-" + StudyReport.Slug(family.Key.Replace(' ', '-')));
            string caption = Invariant($"`{metric}` over generations{(family.Key == "(all)" ? string.Empty : $" for {family.Key}")}: per policy the median over seeds with markers, its {results.Options.Confidence * 100:G3}% interval (between order statistics) shaded, and the mean as a line without markers.");
            figures.Add(new Figure(stem, title, "generation", metric, false, logY, series, caption));
        }

        return figures;
    }

    /// <summary>The checkpoints a table shows: all of them up to eight, else the first, the last and six spread between them in log(1 + t).</summary>
    private static int[] Shown(CollapseResults results, string metric)
    {
        int[] all = [.. results.Groups.SelectMany(g => g.Trajectories.Where(t => t.Metric == metric)).SelectMany(t => t.Points).Select(p => p.Generation).Distinct().Order()];
        if (all.Length <= TableCheckpoints)
        {
            return all;
        }

        double top = Math.Log(1 + all[^1]);
        return [.. Enumerable.Range(0, TableCheckpoints)
            .Select(i => Math.Exp(top * i / (TableCheckpoints - 1)) - 1)
            .Select(target => all.MinBy(t => Math.Abs(Math.Log(1 + t) - Math.Log(1 + target))))
            .Distinct()];
    }

    private static string Format(Interval? interval)
        => interval is null ? "–" : $"{NumberFormat.Short(interval.Estimate)} [{NumberFormat.Short(interval.Low)}, {NumberFormat.Short(interval.High)}]";

    private static string ChainTextFormat(double fraction) => fraction.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
