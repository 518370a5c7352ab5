using Sweep.Analysis;
using Sweep.Reporting;
using Sweep.Reporting.Figures;
using Sweep.Runtime.Tests.Analysis;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class FigureBuildersTests
{
    private static readonly FitOptions s_boot = new() { Bootstrap = new BootstrapOptions { Replicas = 40, StartsPerReplica = 2 } };

    [Fact]
    public void EveryOutcomeMetric_IsDrawnAgainstEveryScaleAxis_PerEvaluation_AndCostMetricsAreLeftOut()
    {
        StudySummary summary = StudySummary.From(GoldenInputs.Study, GoldenInputs.Trials, GoldenInputs.Runs, "sweep.db");

        IReadOnlyList<Figure> figures = MetricFigures.Build(summary, laws: null);

        Assert.Equal(["Width"], summary.ScaleAxes);
        Assert.Equal([Metric.TestLoss, Metric.TrainLoss], summary.OutcomeMetrics);
        Assert.Equal(["demo-Clean-test_loss", "demo-Shifted-test_loss", "demo-Clean-train_loss"], figures.Select(f => f.Stem));
        Figure clean = figures[0];
        Assert.True(clean.LogX, "16 to 256 is a scale axis spanning more than 4×");
        FigureSeries adam = Assert.Single(clean.Series);
        Assert.Equal("Optimizer=adam", adam.Label);
        Assert.Equal([16, 256], adam.X);
        Assert.Equal([0.375, 0.09375], adam.Y);
        Assert.Equal(Math.Sqrt(0.03125), adam.Error![0], 12);
        Assert.Contains("±1 sample standard deviation over seeds", clean.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void AFittedLawOnTheFiguresAxis_IsDrawnOverIt_WithItsBootstrapBand()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(12, 0.3), 16, 256, 5, 0.02, 7);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(false), s_boot);
        LawResult law = new("LossVsWidth", "power", fit.Law.Formula, new FitColumns("Width", Metric.TestLoss), "Clean", null, data.Count, FitReport.Create(fit), null) { Fit = fit };
        StudySummary summary = StudySummary.From(GoldenInputs.Study, GoldenInputs.Trials, GoldenInputs.Runs, "sweep.db");

        Figure clean = MetricFigures.Build(summary, [law])[0];

        FigureSeries curve = Assert.Single(clean.Series, s => s.Style == SeriesStyle.Fitted);
        Assert.Equal("LossVsWidth (fit)", curve.Label);
        Assert.Equal(16, curve.X[0], 9);
        Assert.Equal(256, curve.X[^1], 9);
        for (int i = 0; i < curve.X.Length; i++)
        {
            Assert.Equal(fit.Predict(curve.X[i]), curve.Y[i], 12);
            Assert.True(curve.Lower![i] <= curve.Upper![i]);
        }

        Assert.Contains("bootstrap interval of the fit", clean.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void ALawsFigures_AreItsDataWithTheFit_AndItsLogResiduals_AndCrossingsAreMarked()
    {
        FitColumns columns = new("Width", Metric.TestLoss) { By = "Decay" };
        LawResult Fitted(string group, double a, double alpha, ulong seed)
        {
            FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(a, alpha), 8, 1024, 8, 0.01, seed);
            LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(false), s_boot);
            return new LawResult("LossVsWidth", "power", fit.Law.Formula, columns, "Clean", group, data.Count, FitReport.Create(fit), null) { Fit = fit };
        }

        LawResult[] fits = [Fitted("0", 4, 0.2, 1), Fitted("0.1", 8, 0.4, 2)];
        LawResults laws = new("sweep.db", fits) { Crossovers = GroupCrossover.FindAll(fits) };

        IReadOnlyList<Figure> figures = LawFigures.Build("demo", laws)["LossVsWidth"];

        Assert.Equal(["demo-law-LossVsWidth", "demo-law-LossVsWidth-residuals"], figures.Select(f => f.Stem));
        Figure curve = figures[0];
        Assert.Equal(4, curve.Series.Count);
        Assert.Equal(fits[0].Fit!.Data.Y, curve.Series[0].Y);
        FigureMarker crossing = Assert.Single(curve.Markers);
        Assert.Equal(laws.Crossovers![0].Result.Scale.Estimate, crossing.X);
        Assert.Equal(Math.Pow(2, 1 / 0.2), crossing.X, 0.35 * crossing.X);

        FigureSeries residuals = figures[1].Series[1];
        LawFit second = fits[1].Fit!;
        Assert.Equal(Math.Log(second.Data.Y[3]) - Math.Log(second.Predict(second.Data.X[3])), residuals.Y[3], 12);
        Assert.All(residuals.Y, r => Assert.True(Math.Abs(r) < 0.05, "1% noise leaves residuals of a few percent"));
    }

    [Fact]
    public void AJointLaw_DrawsLossAgainstCompute_AndTheComputeOptimalFrontier()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 5, 5, 0.01, gaussianSeed: 3);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Starts = Synthetic.SmallChinchillaGrid, Bootstrap = new BootstrapOptions { Replicas = 10, StartsPerReplica = 1 } });
        LawResult law = new("Joint", "chinchilla", fit.Law.Formula, data.Columns, "Clean", null, data.Count, FitReport.Create(fit), null) { Fit = fit };

        IReadOnlyList<Figure> figures = LawFigures.Build("demo", new LawResults("sweep.db", [law]))["Joint"];

        Assert.Equal(["demo-law-Joint", "demo-law-Joint-frontier", "demo-law-Joint-residuals"], figures.Select(f => f.Stem));
        FigureSeries nOpt = figures[1].Series[0];
        Assert.Equal("N_opt", nOpt.Label);
        for (int i = 0; i < nOpt.X.Length; i++)
        {
            Assert.Equal(ComputeOptimal.Allocate(fit.Best, nOpt.X[i]).N, nOpt.Y[i], nOpt.Y[i] * 1e-9);
        }

        Assert.Equal(data.Compute.Max() * 1000, nOpt.X[^1], nOpt.X[^1] * 1e-9);
    }
}
