using System.Globalization;
using Sweep.Analysis;

namespace Sweep.Reporting.Figures;

/// <summary>A fitted single-variable law sampled over an x range, with its bootstrap band where the fit has replicas.</summary>
internal static class FitCurve
{
    public const int Steps = 64;

    /// <summary>The curve as a <see cref="SeriesStyle.Fitted"/> series; the band is the pointwise bootstrap interval of the prediction.</summary>
    public static FigureSeries Series(LawFit fit, double min, double max, bool logX, string label, int group)
    {
        double[] xs = Grid(min, max, logX);
        ParameterEstimate[] predictions = [.. xs.Select(x => fit.PredictWithInterval(x))];
        bool banded = predictions.All(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper));
        return new FigureSeries(label, xs, [.. predictions.Select(p => p.Estimate)], SeriesStyle.Fitted, group)
        {
            Lower = banded ? [.. predictions.Select(p => p.Lower)] : null,
            Upper = banded ? [.. predictions.Select(p => p.Upper)] : null,
        };
    }

    /// <summary><see cref="Steps"/> + 1 points from min to max, evenly spaced in log x on a log axis.</summary>
    public static double[] Grid(double min, double max, bool logX)
        => [.. Enumerable.Range(0, Steps + 1).Select(i => logX ? min * Math.Pow(max / min, i / (double)Steps) : min + (max - min) * i / Steps)];

    /// <summary>What the band is, for a caption.</summary>
    public static string Band(LawFit fit)
        => fit.Bootstrap is { } boot
            ? string.Create(CultureInfo.InvariantCulture, $"the shaded band is the {boot.Confidence * 100:G3}% pointwise bootstrap interval of the fit ({boot.Used} replicas)")
            : "no bootstrap, so no band";
}
