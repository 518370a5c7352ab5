using ScottPlot;

namespace Sweep.Reporting.Figures;

/// <summary>
/// Draws a <see cref="Figure"/> with ScottPlot into <c>{stem}.png</c> and <c>{stem}.svg</c>: measured series as points
/// and lines with their error bars, fitted curves as lines without markers over their shaded interval, markers as
/// vertical lines over a shaded interval (all lines solid: the SVG backend drops dash patterns), log axes with a labelled tick at every decade (<see cref="LogTicks"/>), and a legend,
/// every text in the font Sweep carries (<see cref="FigureFont"/>).
/// </summary>
internal static class FigureRenderer
{
    public const int Width = 800;
    public const int Height = 500;

    private static readonly ScottPlot.Palettes.Category10 s_palette = new();

    /// <summary>Writes the figure's PNG and SVG into a folder.</summary>
    /// <param name="figure">The figure.</param>
    /// <param name="directory">Where.</param>
    public static void Save(Figure figure, string directory)
    {
        Plot plot = Draw(figure);
        plot.SavePng(Path.Combine(directory, figure.Stem + ".png"), Width, Height);
        plot.SaveSvg(Path.Combine(directory, figure.Stem + ".svg"), Width, Height);
    }

    private static Plot Draw(Figure figure)
    {
        Plot plot = new();
        List<double> xs = [], ys = [];
        foreach (FigureSeries series in figure.Series)
        {
            Color color = s_palette.GetColor(series.Group);
            double[] x = [.. series.X.Select(v => Scale(v, figure.LogX))];
            double[] y = [.. series.Y.Select(v => Scale(v, figure.LogY))];
            xs.AddRange(x);
            ys.AddRange(y);
            if (series.Lower is double[] lower && series.Upper is double[] upper)
            {
                double[] low = [.. lower.Select(v => Scale(v, figure.LogY))], high = [.. upper.Select(v => Scale(v, figure.LogY))];
                ScottPlot.Plottables.FillY band = plot.Add.FillY(x, low, high);
                band.FillStyle.Color = color.WithAlpha(0.18);
                band.LineStyle.Width = 0;
                ys.AddRange(low.Concat(high));
            }

            switch (series.Style)
            {
                case SeriesStyle.Fitted:
                    ScottPlot.Plottables.Scatter curve = plot.Add.ScatterLine(x, y, color);
                    curve.LineWidth = 2f;
                    curve.LegendText = series.Label;
                    break;
                case SeriesStyle.Points:
                    ScottPlot.Plottables.Scatter points = plot.Add.ScatterPoints(x, y, color);
                    points.MarkerSize = 5;
                    points.LegendText = series.Label;
                    break;
                default:
                    ScottPlot.Plottables.Scatter measured = plot.Add.Scatter(x, y, color);
                    measured.LegendText = series.Label;
                    if (series.Error is double[] error)
                    {
                        double[] bars = [.. error.Select((e, i) => ErrorBar(series.Y[i], e, figure.LogY))];
                        ScottPlot.Plottables.ErrorBar whiskers = plot.Add.ErrorBar(x, y, bars);
                        whiskers.Color = color;
                    }

                    break;
            }
        }

        foreach ((FigureMarker marker, int index) in figure.Markers.Select((m, i) => (m, i)))
        {
            Color color = s_palette.GetColor(7 + index);
            if (double.IsFinite(marker.Lower) && double.IsFinite(marker.Upper) && marker.Upper > marker.Lower)
            {
                ScottPlot.Plottables.HorizontalSpan span = plot.Add.HorizontalSpan(Scale(marker.Lower, figure.LogX), Scale(marker.Upper, figure.LogX));
                span.FillStyle.Color = color.WithAlpha(0.12);
                span.LineStyle.Width = 0;
            }

            ScottPlot.Plottables.VerticalLine line = plot.Add.VerticalLine(Scale(marker.X, figure.LogX));
            line.Color = color;
            line.LineWidth = 1.5f;
            line.LegendText = marker.Label;
        }

        plot.Title(figure.Title);
        plot.Axes.Bottom.Label.Text = figure.XLabel + (figure.LogX ? " (log)" : string.Empty);
        plot.Axes.Left.Label.Text = figure.YLabel + (figure.LogY ? " (log)" : string.Empty);
        if (figure.LogX && xs.Count > 0)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks.For(Finite(xs).Min(), Finite(xs).Max());
        }

        if (figure.LogY && ys.Count > 0)
        {
            plot.Axes.Left.TickGenerator = LogTicks.For(Finite(ys).Min(), Finite(ys).Max());
        }

        plot.ShowLegend(figure.LegendUpperLeft ? Alignment.UpperLeft : Alignment.UpperRight);
        FigureFont.Apply(plot);
        return plot;
    }

    private static double Scale(double value, bool log) => log ? Math.Log10(value) : value;

    private static IEnumerable<double> Finite(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(0);

    /// <summary>A ±e bar in the axis's units: e itself, or on a log axis the symmetric log-space width (a good approximation when e ≪ y).</summary>
    private static double ErrorBar(double y, double e, bool log) => !log ? e : y > 0 ? e / (y * Math.Log(10)) : 0;
}
