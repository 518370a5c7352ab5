using ScottPlot;
using Sweep.Analysis;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// One figure of a study: a metric against one numeric axis, one line per combination of the other axes, with
/// ±1 standard deviation over seeds. Axes spanning a decade or more are drawn on log scales. A fitted single-variable
/// law of this x-axis, metric and evaluation is drawn over it as a dashed curve, in its group's colour.
/// </summary>
internal static class MetricPlot
{
    public static string? XAxis(IReadOnlyList<CellSummary> cells)
    {
        if (cells.Count == 0)
        {
            return null;
        }

        foreach ((string name, StoredValue _) in cells[0].Axes)
        {
            List<StoredValue> values = cells.Select(c => c.Axes.First(a => a.Key == name).Value).ToList();
            if (values.All(v => v.Number is not null && v.Text is not ("true" or "false")) && values.Select(v => v.Text).Distinct().Count() >= 2)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Draws the figure as PNG and SVG; returns false when there is no numeric axis to plot against.</summary>
    public static bool Save(
        IReadOnlyList<CellSummary> cells, string metric, string evaluation, string title, string pngPath, string svgPath, IReadOnlyList<LawResult>? laws = null)
    {
        List<CellSummary> rows = cells.Where(c => c.Evaluation == evaluation && c.Metrics.ContainsKey(metric)).ToList();
        string? xAxis = XAxis(rows);
        if (xAxis is null)
        {
            return false;
        }

        bool logX = rows.All(c => X(c, xAxis) > 0) && Span(rows.Select(c => X(c, xAxis))) >= 10;
        bool logY = rows.All(c => c.Metrics[metric].Mean > 0) && Span(rows.Select(c => c.Metrics[metric].Mean)) >= 10;

        Plot plot = new();
        Dictionary<string, Color> colors = new(StringComparer.Ordinal);
        IEnumerable<IGrouping<string, CellSummary>> series = rows.GroupBy(
            c => string.Join(" ", c.Axes.Where(a => a.Key != xAxis).Select(a => $"{a.Key}={a.Value.Text}")), StringComparer.Ordinal);
        foreach (IGrouping<string, CellSummary> line in series)
        {
            CellSummary[] points = line.OrderBy(c => X(c, xAxis)).ToArray();
            double[] xs = points.Select(c => Scale(X(c, xAxis), logX)).ToArray();
            double[] ys = points.Select(c => Scale(c.Metrics[metric].Mean, logY)).ToArray();
            double[] errors = points.Select(c => ErrorBar(c.Metrics[metric], logY)).ToArray();
            ScottPlot.Plottables.Scatter scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = line.Key.Length == 0 ? metric : line.Key;
            ScottPlot.Plottables.ErrorBar bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = scatter.Color;
            colors[line.Key] = scatter.Color;
        }

        foreach (LawResult law in Overlays(laws, xAxis, metric, evaluation))
        {
            AddCurve(plot, law, logX, logY, law.GroupLabel is { } group && colors.TryGetValue(group, out Color color) ? color : null);
        }

        plot.Title(title);
        plot.Axes.Bottom.Label.Text = xAxis + (logX ? " (log)" : string.Empty);
        plot.Axes.Left.Label.Text = metric + (logY ? " (log)" : string.Empty);
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks();
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogTicks();
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(pngPath, 800, 500);
        plot.SaveSvg(svgPath, 800, 500);
        return true;
    }

    /// <summary>The fits that belong on this figure: single-variable, of its x-axis and metric, on its evaluation.</summary>
    internal static IEnumerable<LawResult> Overlays(IReadOnlyList<LawResult>? laws, string xAxis, string metric, string evaluation)
        => (laws ?? []).Where(l => l.Fit is { Law.Inputs: 1 }
            && string.Equals(l.Columns.X, xAxis, StringComparison.OrdinalIgnoreCase)
            && string.Equals(l.Columns.Y, metric, StringComparison.OrdinalIgnoreCase)
            && string.Equals(l.Evaluation, evaluation, StringComparison.Ordinal));

    /// <summary>The fitted curve over its data's x range, dashed.</summary>
    private static void AddCurve(Plot plot, LawResult law, bool logX, bool logY, Color? color)
    {
        LawFit fit = law.Fit!;
        double min = fit.Data.X.Min(), max = fit.Data.X.Max();
        const int Steps = 64;
        double[] xs = new double[Steps + 1];
        double[] ys = new double[Steps + 1];
        for (int i = 0; i <= Steps; i++)
        {
            double x = logX ? min * Math.Pow(max / min, i / (double)Steps) : min + (max - min) * i / Steps;
            xs[i] = Scale(x, logX);
            ys[i] = Scale(fit.Predict(x), logY);
        }

        ScottPlot.Plottables.Scatter curve = plot.Add.ScatterLine(xs, ys);
        curve.LinePattern = LinePattern.Dashed;
        curve.LineWidth = 1.5f;
        if (color is { } c)
        {
            curve.Color = c;
        }

        curve.LegendText = $"{law.GroupLabel ?? law.Name} (fit)";
    }

    private static double X(CellSummary cell, string axis) => cell.Axes.First(a => a.Key == axis).Value.Number ?? double.NaN;

    private static double Span(IEnumerable<double> values)
    {
        double[] array = values.ToArray();
        return array.Max() / array.Min();
    }

    private static double Scale(double value, bool log) => log ? Math.Log10(value) : value;

    /// <summary>The standard deviation, or on a log axis the symmetric log-space width of ±sd (a good approximation when sd ≪ mean).</summary>
    private static double ErrorBar(MetricStat stat, bool log)
        => !log ? stat.StandardDeviation : stat.Mean > 0 ? stat.StandardDeviation / (stat.Mean * Math.Log(10)) : 0;

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = NumberFormat.PowerOfTen,
    };
}
