using System.Globalization;
using Sweep.Analysis;

namespace Sweep.Reporting.Figures;

/// <summary>
/// Every outcome metric against every scale axis, per evaluation: one line per combination of the other axes, the mean
/// over seeds with ±1 sd error bars, and a fitted single-variable law of that axis and metric drawn over it with its band.
/// </summary>
internal static class MetricFigures
{
    /// <summary>The figures, the headline metric first; the first axis's figure keeps the stem <c>{study}-{evaluation}-{metric}</c>.</summary>
    public static IReadOnlyList<Figure> Build(StudySummary summary, IReadOnlyList<LawResult>? laws)
    {
        ArgumentNullException.ThrowIfNull(summary);
        List<Figure> figures = [];
        if (summary.IsChain)
        {
            return figures;
        }

        string slug = StudyReport.Slug(summary.Study);
        foreach (string metric in summary.OutcomeMetrics)
        {
            foreach (string evaluation in summary.Evaluations)
            {
                List<CellSummary> rows = [.. summary.Cells.Where(c => c.Evaluation == evaluation && c.Metrics.ContainsKey(metric))];
                foreach ((string axis, int index) in summary.ScaleAxes.Select((a, i) => (a, i)))
                {
                    string stem = $"{slug}-{StudyReport.Slug(evaluation)}-{StudyReport.Slug(metric)}" + (index == 0 ? string.Empty : $"-vs-{StudyReport.Slug(axis)}");
                    if (Build(summary.Study, rows, axis, metric, evaluation, stem, laws) is Figure figure)
                    {
                        figures.Add(figure);
                    }
                }
            }
        }

        return figures;
    }

    private static Figure? Build(string study, List<CellSummary> rows, string axis, string metric, string evaluation, string stem, IReadOnlyList<LawResult>? laws)
    {
        if (rows.Select(c => X(c, axis)).Distinct().Count() < 2)
        {
            return null;
        }

        bool logX = Figure.SuitsLog(rows.Select(c => X(c, axis)), Figure.ScaleSpan);
        bool logY = Figure.SuitsLog(rows.Select(c => c.Metrics[metric].Mean));
        List<FigureSeries> series = [];
        Dictionary<string, int> groups = new(StringComparer.Ordinal);
        foreach (IGrouping<string, CellSummary> line in rows.GroupBy(c => Others(c, axis), StringComparer.Ordinal))
        {
            CellSummary[] points = [.. line.OrderBy(c => X(c, axis))];
            bool bars = points.Any(p => p.Metrics[metric].Count > 1);
            groups[line.Key] = groups.Count;
            series.Add(new FigureSeries(line.Key.Length == 0 ? metric : line.Key, [.. points.Select(c => X(c, axis))], [.. points.Select(c => c.Metrics[metric].Mean)], SeriesStyle.Measured, groups.Count - 1)
            {
                Error = bars ? [.. points.Select(c => c.Metrics[metric].StandardDeviation)] : null,
            });
        }

        List<string> bands = [];
        foreach (LawResult law in Overlays(laws, axis, metric, evaluation))
        {
            LawFit fit = law.Fit!;
            int group = law.GroupLabel is { } label && groups.TryGetValue(label, out int g) ? g : series.Count;
            series.Add(FitCurve.Series(fit, fit.Data.X.Min(), fit.Data.X.Max(), logX, $"{law.GroupLabel ?? law.Name} (fit)", group));
            bands.Add(FitCurve.Band(fit));
        }

        int seeds = rows.Max(c => c.Seeds);
        string caption = string.Create(CultureInfo.InvariantCulture, $"`{metric}` against `{axis}` on `{evaluation}`: points are the mean over seeds (up to {seeds} per cell)")
            + (seeds > 1 ? ", error bars ±1 sample standard deviation over seeds" : ", one seed so no error bars")
            + (bands.Count > 0 ? $"; the lines without markers are the fitted laws, {bands[0]}" : string.Empty) + ".";
        return new Figure(stem, $"{study}: {metric} ({evaluation})", axis, metric, logX, logY, series, caption);
    }

    /// <summary>The fits that belong on a figure: single-variable, of its x-axis and metric, on its evaluation.</summary>
    internal static IEnumerable<LawResult> Overlays(IReadOnlyList<LawResult>? laws, string xAxis, string metric, string evaluation)
        => (laws ?? []).Where(l => l.Fit is { Law.Inputs: 1 }
            && string.Equals(l.Columns.X, xAxis, StringComparison.OrdinalIgnoreCase)
            && string.Equals(l.Columns.Y, metric, StringComparison.OrdinalIgnoreCase)
            && string.Equals(l.Evaluation, evaluation, StringComparison.Ordinal));

    private static string Others(CellSummary cell, string axis) => string.Join(" ", cell.Axes.Where(a => a.Key != axis).Select(a => $"{a.Key}={a.Value.Text}"));

    private static double X(CellSummary cell, string axis) => cell.Axes.First(a => a.Key == axis).Value.Number ?? double.NaN;
}
