using System.Globalization;
using System.Text.Json;
using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class ReportTests
{
    private static LawFit SmallChinchillaFit() => ScalingFitter.Fit(
        Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.01, gaussianSeed: 3),
        ScalingLaw.Chinchilla,
        new FitOptions { Starts = Synthetic.SmallChinchillaGrid, Bootstrap = new BootstrapOptions { Replicas = 20, StartsPerReplica = 2 } });

    [Fact]
    public void Json_CarriesTheTableConvergenceAndFrontier()
    {
        LawFit fit = SmallChinchillaFit();
        FitReport report = FitReport.Create(fit, [1e21]);
        using JsonDocument doc = JsonDocument.Parse(report.ToJson());
        JsonElement root = doc.RootElement;

        Assert.Equal("chinchilla", root.GetProperty("law").GetString());
        Assert.Equal(36, root.GetProperty("points").GetInt32());
        var names = root.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["E", "A", "B", "alpha", "beta"], names);
        Assert.Equal(fit["alpha"], root.GetProperty("parameters")[3].GetProperty("estimate").GetDouble());
        Assert.Equal(fit.Convergence.StopReason.ToString(), root.GetProperty("convergence").GetProperty("stopReason").GetString());
        Assert.True(root.GetProperty("convergence").GetProperty("converged").GetBoolean());
        Assert.Equal("Cells", root.GetProperty("bootstrap").GetProperty("resampling").GetString());
        Assert.Equal(1e21, root.GetProperty("computeOptimal")[0].GetProperty("compute").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("backtest").ValueKind);

        var back = AnalysisJson.Deserialize<FitReport>(report.ToJson())!;
        Assert.Equal(report.Parameters, back.Parameters);
        Assert.Equal(report.Convergence, back.Convergence);
    }

    [Fact]
    public void Json_WritesNaNForMissingIntervals()
    {
        LawFit fit = ScalingFitter.Fit(Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(12, 0.3), 10, 1e4, 8, 0.01, 1), ScalingLaw.Power(false));
        string json = FitReport.Create(fit).ToJson();
        Assert.Contains("\"standardError\": \"NaN\"", json, StringComparison.Ordinal);
        Assert.Contains("\"computeOptimal\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_IsCultureInvariantAndListsEverySection()
    {
        LawFit fit = SmallChinchillaFit();
        var data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.01, gaussianSeed: 3);
        var backtest = Backtest.Run(data, ScalingLaw.Chinchilla, 1, new FitOptions { Starts = Synthetic.SmallChinchillaGrid });
        var report = FitReport.Create(fit, [1e21, 1e23], backtest);

        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            string text = report.ToText();
            Assert.Contains("chinchilla: L(N, D) = E + A/N^alpha + B/D^beta", text, StringComparison.Ordinal);
            Assert.Contains("alpha", text, StringComparison.Ordinal);
            Assert.Contains("95% interval", text, StringComparison.Ordinal);
            Assert.Contains("compute-optimal allocation", text, StringComparison.Ordinal);
            Assert.Contains("back-test: held out 1 largest scale(s)", text, StringComparison.Ordinal);
            Assert.Contains("starts: 144", text, StringComparison.Ordinal);
            Assert.DoesNotContain(fit["alpha"].ToString("G4", CultureInfo.CurrentCulture), text, StringComparison.Ordinal);
            Assert.Contains(fit["alpha"].ToString("G4", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Json_SerialisesEveryDecisionResult()
    {
        double[] x = [1, 2, 4, 8, 16, 32, 64];
        double[] y = [1.0, 0.8, 0.7, 1.3, 0.6, 0.5, 0.45];
        string dd = AnalysisJson.Serialize(DoubleDescent.Locate(x, y, options: new DoubleDescentOptions { Replicas = 0 }));
        using (JsonDocument doc = JsonDocument.Parse(dd))
        {
            Assert.True(doc.RootElement.GetProperty("found").GetBoolean());
            Assert.Equal(8, doc.RootElement.GetProperty("peakX").GetProperty("estimate").GetDouble(), 2.5);
            Assert.Equal(7, doc.RootElement.GetProperty("curve").GetArrayLength());
        }

        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 8, 0.005, 2);
        IReadOnlyList<LawComparison> rows = ModelComparison.LeaveOneScaleOut(data, [ScalingLaw.Power(), ScalingLaw.Power(false)]);
        using (JsonDocument doc = JsonDocument.Parse(AnalysisJson.Serialize(rows)))
        {
            Assert.Equal(2, doc.RootElement.GetArrayLength());
            Assert.Equal("power", doc.RootElement[0].GetProperty("law").GetString());
            Assert.True(doc.RootElement[0].TryGetProperty("leaveOneScaleOutLogRmse", out _));
        }

        BacktestResult backtest = Backtest.Run(data, ScalingLaw.Power(), 1);
        using (JsonDocument doc = JsonDocument.Parse(AnalysisJson.Serialize(backtest)))
        {
            Assert.Equal(backtest.LogRmse, doc.RootElement.GetProperty("logRmse").GetDouble());
            Assert.Equal("NaN", doc.RootElement.GetProperty("coverage").GetString());
            Assert.False(doc.RootElement.TryGetProperty("trainingFitCore", out _));
        }
    }

    [Fact]
    public void DefaultBudgets_StartAtTheDataAndGoThreeDecadesFurther()
    {
        var data = Synthetic.Chinchilla(Synthetic.Epoch, 4, 4, 0.0);
        var budgets = FitReport.DefaultBudgets(data);
        Assert.Equal(4, budgets.Count);
        Assert.Equal(1000, budgets[3] / budgets[0], 1e-9);
        Assert.InRange(budgets[0], data.Compute.Max() / 4, data.Compute.Max() * 4);
    }
}
