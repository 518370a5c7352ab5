using System.Globalization;
using Sweep.Analysis;

namespace Sweep.Reporting.Figures;

/// <summary>
/// The figures of a study's fitted laws, drawn from the points each law was fitted to (so a law on a derived column or
/// a metric is drawn too): per law, the data with the fitted curve and its bootstrap band and the crossings of its
/// groups marked with their interval, the log residuals, and for a joint law the loss against compute with the
/// compute-optimal frontier N_opt(C), D_opt(C); per declared peak, the seed-mean curve with the peak marked.
/// </summary>
internal static class LawFigures
{
    private const int FrontierSteps = 24;

    /// <summary>Per law (and peak) name, its figures.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Figure>> Build(string study, LawResults laws)
    {
        ArgumentNullException.ThrowIfNull(laws);
        string slug = StudyReport.Slug(study);
        Dictionary<string, IReadOnlyList<Figure>> figures = new(StringComparer.Ordinal);
        foreach (IGrouping<string, LawResult> law in laws.Fits.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            LawResult[] fitted = [.. law.Where(f => f.Fit is not null)];
            if (fitted.Length == 0)
            {
                continue;
            }

            string stem = $"{slug}-law-{StudyReport.Slug(law.Key)}";
            IReadOnlyList<GroupCrossover> crossings = [.. (laws.Crossovers ?? []).Where(c => c.Law == law.Key)];
            figures[law.Key] = fitted[0].Fit!.Law.Inputs == 1
                ? [Curve(study, law.Key, stem, fitted, crossings), Residuals(study, law.Key, stem, fitted, f => f.Data.X, fitted[0].Columns.X)]
                : Joint(study, law.Key, stem, fitted);
        }

        foreach (PeakResults peak in laws.Peaks ?? [])
        {
            figures[peak.Name] = [Peak(study, peak, $"{slug}-peak-{StudyReport.Slug(peak.Name)}")];
        }

        return figures;
    }

    private static Figure Curve(string study, string name, string stem, LawResult[] fits, IReadOnlyList<GroupCrossover> crossings)
    {
        FitColumns columns = fits[0].Columns;
        double[] allX = [.. fits.SelectMany(f => f.Fit!.Data.X)];
        List<FigureMarker> markers = [];
        foreach (GroupCrossover crossing in crossings.Where(c => c.Result.Found))
        {
            ParameterEstimate scale = crossing.Result.Scale;
            markers.Add(new FigureMarker($"{crossing.First} = {crossing.Second} at {LawSection.Estimate(scale)}", scale.Estimate, scale.Lower, scale.Upper));
        }

        double min = Math.Min(allX.Min(), markers.Select(m => m.X).DefaultIfEmpty(double.MaxValue).Min());
        double max = Math.Max(allX.Max(), markers.Select(m => m.X).DefaultIfEmpty(double.MinValue).Max());
        bool logX = Figure.SuitsLog([min, max, .. allX], Figure.ScaleSpan);
        List<FigureSeries> series = [];
        foreach ((LawResult fit, int group) in fits.Select((f, i) => (f, i)))
        {
            string label = fit.GroupLabel ?? "data";
            series.Add(new FigureSeries(label, [.. fit.Fit!.Data.X], [.. fit.Fit.Data.Y], SeriesStyle.Points, group));
            series.Add(FitCurve.Series(fit.Fit, min, max, logX, $"{fit.GroupLabel ?? name} (fit)", group));
        }

        bool logY = Figure.SuitsLog(series.SelectMany(s => s.Y));
        string crossed = markers.Count == 0 ? string.Empty : "; vertical lines mark where two groups' fits cross, shaded over the crossing's bootstrap interval";
        string caption = string.Create(CultureInfo.InvariantCulture,
            $"Law `{name}` (`{fits[0].Formula}`): each point is one done trial; the lines without markers are the fits, {FitCurve.Band(fits[0].Fit!)}{crossed}.");
        return new Figure(stem, $"{study}: {name}", columns.X, columns.Y, logX, logY, series, caption) { Markers = markers };
    }

    private static Figure Residuals(string study, string name, string stem, LawResult[] fits, Func<LawFit, IReadOnlyList<double>> x, string xLabel)
    {
        List<FigureSeries> series = [];
        foreach ((LawResult fit, int group) in fits.Select((f, i) => (f, i)))
        {
            FitData data = fit.Fit!.Data;
            IReadOnlyList<double> xs = x(fit.Fit);
            double[] residuals = [.. Enumerable.Range(0, data.Count).Select(i => Math.Log(data.Y[i]) - Math.Log(fit.Fit.Predict(data.X[i], data.IsJoint ? data.D[i] : double.NaN)))];
            series.Add(new FigureSeries(fit.GroupLabel ?? "residual", [.. xs], residuals, SeriesStyle.Points, group));
        }

        series.Add(new FigureSeries("zero", [series.SelectMany(s => s.X).Min(), series.SelectMany(s => s.X).Max()], [0, 0], SeriesStyle.Fitted, 7));
        bool logX = Figure.SuitsLog(series.SelectMany(s => s.X), Figure.ScaleSpan);
        return new Figure(stem + "-residuals", $"{study}: {name} residuals", xLabel, "log(y) − log(fit)", logX, false, series,
            $"Residuals of law `{name}` in log space, one point per trial: a trend (rather than scatter about zero) says the law's form does not fit.");
    }

    private static IReadOnlyList<Figure> Joint(string study, string name, string stem, LawResult[] fits)
    {
        FitColumns columns = fits[0].Columns;
        List<FigureSeries> loss = [], frontier = [];
        foreach ((LawResult fit, int group) in fits.Select((f, i) => (f, i)))
        {
            LawFit law = fit.Fit!;
            string label = fit.GroupLabel is null ? string.Empty : fit.GroupLabel + " ";
            loss.Add(new FigureSeries(label + "data", [.. law.Data.Compute], [.. law.Data.Y], SeriesStyle.Points, group));
            if (!ComputeOptimal.Supports(law.Law))
            {
                continue;
            }

            double low = law.Data.Compute.Min(), high = law.Data.Compute.Max() * 1000;
            IReadOnlyList<FrontierPoint> points = ComputeOptimal.From(law).At(FitCurve.Grid(low, high, logX: true).Where((_, i) => i % (FitCurve.Steps / FrontierSteps) == 0));
            double[] budgets = [.. points.Select(p => p.Compute)];
            loss.Add(Banded(label + "compute-optimal loss", budgets, [.. points.Select(p => p.Loss)], group));
            frontier.Add(Banded(label + "N_opt", budgets, [.. points.Select(p => p.N)], 2 * group));
            frontier.Add(Banded(label + "D_opt", budgets, [.. points.Select(p => p.D)], 2 * group + 1));
        }

        string band = FitCurve.Band(fits[0].Fit!);
        List<Figure> figures =
        [
            new Figure(stem, $"{study}: {name}", "compute C = 6·N·D (FLOPs)", columns.Y, Figure.SuitsLog(loss.SelectMany(s => s.X)), Figure.SuitsLog(loss.SelectMany(s => s.Y)), loss,
                $"Law `{name}` (`{fits[0].Formula}`): each point is one done trial against its compute; the line is the loss the fit predicts at the compute-optimal allocation, {band}."),
        ];
        if (frontier.Count > 0)
        {
            figures.Add(new Figure(stem + "-frontier", $"{study}: {name} compute-optimal frontier", "compute C (FLOPs)", "N_opt, D_opt", true, true, frontier,
                $"The compute-optimal parameters N_opt and tokens D_opt of law `{name}` from the data's smallest compute to 1000× its largest; {band}."));
        }

        figures.Add(Residuals(study, name, stem, fits, f => f.Data.Compute, "compute C (FLOPs)"));
        return figures;
    }

    private static FigureSeries Banded(string label, double[] x, ParameterEstimate[] y, int group)
    {
        bool banded = y.All(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper));
        return new FigureSeries(label, x, [.. y.Select(p => p.Estimate)], SeriesStyle.Fitted, group)
        {
            Lower = banded ? [.. y.Select(p => p.Lower)] : null,
            Upper = banded ? [.. y.Select(p => p.Upper)] : null,
        };
    }

    private static Figure Peak(string study, PeakResults peak, string stem)
    {
        FitColumns columns = peak.Analysis.Columns;
        List<FigureSeries> series = [];
        List<FigureMarker> markers = [];
        foreach ((GroupedResult<DoubleDescentResult> group, int index) in peak.Analysis.Groups.Select((g, i) => (g, i)))
        {
            if (group.Result is not { } result)
            {
                continue;
            }

            string label = group.Group is null ? columns.Y : $"{columns.By}={group.Group}";
            series.Add(new FigureSeries(label, [.. result.Curve.Select(p => p.X)], [.. result.Curve.Select(p => p.Mean)], SeriesStyle.Measured, index)
            {
                Error = [.. result.Curve.Select(p => double.IsFinite(p.StandardError) ? p.StandardError : 0)],
            });
            if (result.Found)
            {
                markers.Add(new FigureMarker($"peak{(group.Group is null ? string.Empty : " " + label)} at {LawSection.Estimate(result.PeakX)}", result.PeakX.Estimate, result.PeakX.Lower, result.PeakX.Upper));
            }
        }

        bool logX = Figure.SuitsLog(series.SelectMany(s => s.X), Figure.ScaleSpan);
        return new Figure(stem, $"{study}: {peak.Name}", columns.X, columns.Y, logX, Figure.SuitsLog(series.SelectMany(s => s.Y)), series,
            $"Peak `{peak.Name}` on `{peak.Evaluation}`: the seed-mean curve with ±1 standard error over seeds; the vertical line marks the located peak, shaded over its interval from resampling whole seeds.")
        {
            Markers = markers,
        };
    }
}
