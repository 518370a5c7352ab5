using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Data generated from known parameters with small log-normal noise give those parameters back.</summary>
public class RecoveryTests
{
    [Fact]
    public void Chinchilla_RecoversParameters()
    {
        // σ = 0.3% Gaussian log-noise on a 10×10 grid; small grid of 144 starts (the full grid is tested in HoffmannFitTests).
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 10, 10, 0.003, gaussianSeed: 42);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Starts = Synthetic.SmallChinchillaGrid });
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.Equal(1.8172, fit["E"], 0.02);
        Assert.Equal(0.3478, fit["alpha"], 0.015);
        Assert.Equal(0.3658, fit["beta"], 0.015);
        Assert.InRange(fit["A"] / 482.01, 0.8, 1.25);
        Assert.InRange(fit["B"] / 2085.43, 0.8, 1.25);
    }

    [Fact]
    public void Kaplan_RecoversParameters()
    {
        double[] truth = KaplanLaw.Theta(8.8e13, 5.4e13, 0.076, 0.095);
        var n = new List<double>();
        var d = new List<double>();
        var l = new List<double>();
        var rng = new SplitMix64(9);
        for (int i = 0; i < 10; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                double nn = Math.Pow(10, 6 + 4.0 * i / 9), dd = Math.Pow(10, 7 + 4.0 * j / 9);
                n.Add(nn);
                d.Add(dd);
                l.Add(ScalingLaw.Kaplan.Predict(truth, nn, dd) * Math.Exp(0.001 * rng.NextGaussian()));
            }
        }

        LawFit fit = ScalingFitter.Fit(FitData.Joint(n, d, l), ScalingLaw.Kaplan);
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.Equal(0.076, fit["alpha_N"], 0.008);
        Assert.Equal(0.095, fit["alpha_D"], 0.008);
        Assert.InRange(Math.Log10(fit["N_c"]), Math.Log10(8.8e13) - 0.5, Math.Log10(8.8e13) + 0.5);
        Assert.InRange(Math.Log10(fit["D_c"]), Math.Log10(5.4e13) - 0.5, Math.Log10(5.4e13) + 0.5);
    }

    [Fact]
    public void PowerLawWithIrreducibleTerm_RecoversParameters()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 25, 0.003, 1);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power());
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.Equal(1.5, fit["E"], 0.03);
        Assert.Equal(0.4, fit["alpha"], 0.02);
        Assert.InRange(fit["A"] / 30, 0.9, 1.1);
    }

    [Fact]
    public void PurePowerLaw_RecoversParameters()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(12, 0.3), 1e3, 1e9, 20, 0.003, 2);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(false));
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.Equal(0.3, fit["alpha"], 0.003);
        Assert.InRange(fit["A"] / 12, 0.95, 1.05);
    }

    [Fact]
    public void BrokenPowerLaw_RecoversTheBreak()
    {
        double[] truth = BrokenPowerLaw.Theta(0.2, 40, 0.1, 0.5, 2e3, 0.3);
        FitData data = Synthetic.FromLaw(ScalingLaw.Broken, truth, 10, 1e6, 40, 0.002, 3);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Broken);
        Assert.True(fit.Convergence.Converged, fit.Convergence.ToString());
        Assert.Equal(0.1, fit["c0"], 0.05);
        Assert.Equal(0.5, fit["c1"], 0.1);
        Assert.InRange(fit["d1"], 2e3 / 2, 2e3 * 2);
        Assert.Equal(0.2, fit["E"], 0.03);

        // A single power law cannot follow the bend: its residuals are much larger.
        LawFit single = ScalingFitter.Fit(data, ScalingLaw.Power());
        Assert.True(ModelComparison.LogRmse(single.Best, data) > 3 * ModelComparison.LogRmse(fit.Best, data));
    }

    [Fact]
    public void WrongInput_IsRejectedWithNamedColumnsAndRows()
    {
        FitData single = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 4, 0.0, 1);
        var joint = Assert.Throws<FitDataException>(() => ScalingFitter.Fit(single, ScalingLaw.Chinchilla));
        Assert.Contains("needs a data column D", joint.Message, StringComparison.Ordinal);

        FitData two = single.Subset([0, 1]);
        var few = Assert.Throws<FitDataException>(() => ScalingFitter.Fit(two, ScalingLaw.Power()));
        Assert.Contains("2 point(s) (rows 1–2)", few.Message, StringComparison.Ordinal);
        Assert.Contains("has 3 parameters", few.Message, StringComparison.Ordinal);
        Assert.Contains("'x', 'y'", few.Message, StringComparison.Ordinal);
    }
}
