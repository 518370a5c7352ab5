using System.Globalization;
using System.Text;
using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Losses, weights, row filters, the holdout split and the derived exponents, each against an independent computation.</summary>
public sealed class FitControlsTests
{
    [Fact]
    public void WeightedSquaredLoss_OnAPurePowerLaw_IsWeightedLeastSquaresInLogs()
    {
        // A·x^−α is linear in logs: log y = a − α·log x, so the weighted MSE fit has a closed form.
        FitData plain = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(5, 0.5), 10, 1e5, 15, 0.05, 21);
        double[] w = [.. Enumerable.Range(0, plain.Count).Select(i => 1 + (i % 4))];
        FitData data = plain.WithWeights(w);

        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(false), new FitOptions { Loss = FitLoss.Mse });

        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double lx = Math.Log(data.X[i]), ly = Math.Log(data.Y[i]);
            sw += w[i];
            sx += w[i] * lx;
            sy += w[i] * ly;
            sxx += w[i] * lx * lx;
            sxy += w[i] * lx * ly;
        }

        double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        double intercept = (sy - slope * sx) / sw;
        Assert.Equal(-slope, fit["alpha"], 1e-6);
        Assert.Equal(Math.Exp(intercept), fit["A"], 1e-6 * Math.Exp(intercept));

        // The unweighted fit differs: the weights do something.
        LawFit unweighted = ScalingFitter.Fit(plain, ScalingLaw.Power(false), new FitOptions { Loss = FitLoss.Mse });
        Assert.NotEqual(fit["alpha"], unweighted["alpha"], 1e-4);
    }

    [Fact]
    public void GaussianLoss_FitsTheNoiseScale_AndItsLikelihoodMatchesADirectSum()
    {
        // 40 scales × 5 seeds of E + A·x^−α with log-normal noise σ = 0.05: σ̂ (MLE, n = 200) has a relative SE of
        // 1/√(2n) = 5%, so ±15% is three SEs.
        const double sigma = 0.05;
        double[] truth = PowerLaw.Theta(5, 0.5, 0.5);
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), truth, 10, 1e5, 40, sigma, 31, seedsPerX: 5);

        LawFit gaussian = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Loss = FitLoss.Gaussian });
        LawFit mse = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Loss = FitLoss.Mse });

        Assert.InRange(gaussian.ResidualScale, 0.85 * sigma, 1.15 * sigma);

        // The likelihood, summed point by point from the normal density at σ̂.
        double s = gaussian.ResidualScale, logLik = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double r = Math.Log(gaussian.Predict(data.X[i]) / data.Y[i]);
            logLik += -0.5 * Math.Log(2 * Math.PI * s * s) - r * r / (2 * s * s);
        }

        Assert.Equal(logLik, gaussian.LogLikelihood, 1e-9 * Math.Abs(logLik));

        // σ profiled out, the Gaussian optimum is the least-squares one; Huber's (δ = 1e-3, far inside the noise) is not.
        Assert.Equal(mse["alpha"], gaussian["alpha"], 1e-6);
        Assert.Equal(FitLoss.Gaussian, gaussian.Loss);
        FitReport report = FitReport.Create(gaussian);
        Assert.Equal(FitLoss.Gaussian, report.Controls!.Loss);
        Assert.Contains("Gaussian scale of log residuals sigma = ", report.ToText(), StringComparison.Ordinal);
        Assert.StartsWith("--fit-loss gaussian --bootstrap 0", report.Controls.Flags, StringComparison.Ordinal);
    }

    [Fact]
    public void HuberDelta_IsUsedAndRecorded()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(5, 0.5, 0.5), 10, 1e5, 12, 0.05, 5, seedsPerX: 2);

        LawFit tiny = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { HuberDelta = 1e-4 });
        LawFit large = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { HuberDelta = 10 });
        LawFit mse = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Loss = FitLoss.Mse });

        // δ beyond every residual is least squares; a tiny δ is (nearly) least absolute deviations, a different optimum.
        Assert.Equal(mse["alpha"], large["alpha"], 1e-6);
        Assert.NotEqual(mse["alpha"], tiny["alpha"], 1e-4);
        Assert.Contains("--fit-loss huber --huber-delta 0.0001", FitReport.Create(tiny).Controls!.Flags, StringComparison.Ordinal);
    }

    private static string Csv()
    {
        StringBuilder csv = new("params,tokens,loss,w\n");
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.003);
        for (int i = 0; i < data.Count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{data.X[i]:R},{data.D[i]:R},{data.Y[i]:R},{1 + i % 3}\n");
        }

        return csv.ToString();
    }

    [Fact]
    public void Where_KeepsTheRowsItHolds_AndWeightReadsTheColumn()
    {
        FitColumns columns = FitColumns.Joint("params", "tokens", "loss") with { Where = "tokens/params >= 20 and w != 2", Weight = "w" };

        FitData data = FitData.FromCsv(new StringReader(Csv()), columns, "runs.csv");
        FitData all = FitData.FromCsv(new StringReader(Csv()), FitColumns.Joint("params", "tokens", "loss"), "runs.csv");

        int expected = Enumerable.Range(0, all.Count).Count(i => all.D[i] / all.X[i] >= 20 && 1 + i % 3 != 2);
        Assert.Equal(expected, data.Count);
        Assert.Equal(all.Count - expected, data.FilteredOut);
        Assert.All(Enumerable.Range(0, data.Count), i => Assert.True(data.D[i] / data.X[i] >= 20));
        Assert.All(data.Weights, w => Assert.True(w is 1 or 3));
        Assert.True(data.IsWeighted);
    }

    [Fact]
    public void Where_NamingAnUnknownColumn_IsAnErrorAtItsPosition()
    {
        FitColumns columns = FitColumns.Joint("params", "tokens", "loss") with { Where = "tokens/parms >= 20" };

        FitDataException e = Assert.Throws<FitDataException>(() => FitData.FromCsv(new StringReader(Csv()), columns, "runs.csv"));

        Assert.Contains("where 'tokens/parms >= 20', at position 8: no column 'parms'", e.Message, StringComparison.Ordinal);
        Assert.Equal("parms", e.Column);
    }

    [Fact]
    public void Holdout_BacktestsOnTheMarkedRows()
    {
        FitColumns columns = FitColumns.Joint("params", "tokens", "loss") with { Holdout = "params > 1e10" };
        FitData data = FitData.FromCsv(new StringReader(Csv()), columns, "runs.csv");

        BacktestResult backtest = Backtest.RunHoldout(data, ScalingLaw.Chinchilla, new FitOptions { Starts = Synthetic.SmallChinchillaGrid });

        int held = data.X.Count(x => x > 1e10);
        Assert.Equal(held, backtest.Points.Count);
        Assert.Equal(data.Count - held, backtest.TrainingPoints);
        Assert.All(backtest.Points, p => Assert.True(p.X > 1e10));
        Assert.Equal("params > 1e10", backtest.Holdout);
        Assert.InRange(backtest.LogRmse, 0, 0.05);
        Assert.True(double.IsNaN(backtest.Coverage));
    }

    [Fact]
    public void DerivedExponents_AreTheFormulaOnTheFitAndOnEveryReplica()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.01);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Starts = Synthetic.SmallChinchillaGrid, Bootstrap = new BootstrapOptions { Replicas = 40 } });

        FitReport report = FitReport.Create(fit);

        double alpha = fit["alpha"], beta = fit["beta"], e = fit["A"], b = fit["B"];
        ParameterEstimate a = report.Derived[0], bExp = report.Derived[1], g = report.Derived[2];
        Assert.Equal(beta / (alpha + beta), a.Estimate, 1e-12);
        Assert.Equal(alpha / (alpha + beta), bExp.Estimate, 1e-12);
        Assert.Equal(Math.Pow(alpha * e / (beta * b), 1 / (alpha + beta)), g.Estimate, 1e-9 * g.Estimate);
        Assert.Equal(1, a.Estimate + bExp.Estimate, 1e-12);

        // The interval is the percentile interval of the formula over the replicas.
        double[] replicas = [.. fit.Replicas.Select(r => r["beta"] / (r["alpha"] + r["beta"])).Order()];
        Assert.Equal(Statistics.PercentileSorted(replicas, 0.025), a.Lower, 1e-12);
        Assert.Equal(Statistics.PercentileSorted(replicas, 0.975), a.Upper, 1e-12);
        Assert.True(a.Lower < a.Estimate && a.Estimate < a.Upper, a.ToString());
        Assert.Contains("a = beta/(alpha+beta)", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExponentIntervals_CoverTheTruthAtAboutTheirNominalRate()
    {
        // 40 data sets of a 6 × 6 Chinchilla grid with 1% Gaussian log-noise, each with a 60-replica cell bootstrap:
        // count how often the 90% intervals of a = β/(α+β) and b = α/(α+β) contain the generating values. A binomial
        // with n = 40 and p = 0.9 has SD 4.7%, so 75% is three SDs below nominal (measured: 39 of 40 for each, 2026-12-02).
        double[] truth = Synthetic.Epoch;
        double a = truth[4] / (truth[3] + truth[4]), b = truth[3] / (truth[3] + truth[4]);
        int coveredA = 0, coveredB = 0;
        const int sets = 40;
        for (int k = 0; k < sets; k++)
        {
            FitData data = Synthetic.Chinchilla(truth, 6, 6, 0.01, gaussianSeed: (ulong)(1000 + k));
            LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions
            {
                Starts = Synthetic.SmallChinchillaGrid,
                Bootstrap = new BootstrapOptions { Replicas = 60, Seed = (ulong)k, Confidence = 0.9 },
            });
            FitReport report = FitReport.Create(fit);
            coveredA += report.Derived[0].Covers(a) ? 1 : 0;
            coveredB += report.Derived[1].Covers(b) ? 1 : 0;
        }

        Assert.InRange(coveredA / (double)sets, 0.75, 1.0);
        Assert.InRange(coveredB / (double)sets, 0.75, 1.0);
    }
}
