using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class BootstrapTests
{
    private static readonly double[] s_truth = PowerLaw.Theta(30, 0.4, 1.5);

    [Fact]
    public void SameSeed_GivesIdenticalIntervals_DifferentSeedDoesNot()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), s_truth, 10, 1e5, 12, 0.01, 4, seedsPerX: 2);
        var options = new FitOptions { Bootstrap = new BootstrapOptions { Replicas = 40, Seed = 123 } };
        LawFit a = ScalingFitter.Fit(data, ScalingLaw.Power(), options);
        LawFit b = ScalingFitter.Fit(data, ScalingLaw.Power(), options with { MaxDegreeOfParallelism = 1 });
        LawFit c = ScalingFitter.Fit(data, ScalingLaw.Power(), options with { Bootstrap = options.Bootstrap with { Seed = 124 } });

        Assert.Equal(a.Parameters, b.Parameters);
        Assert.NotEqual(a.Parameters, c.Parameters);
        Assert.All(a.Parameters, p => Assert.True(p.StandardError > 0 && p.Lower < p.Estimate && p.Estimate < p.Upper, p.ToString()));
        Assert.Equal(40, a.Bootstrap!.Used + a.Bootstrap.Degenerate);
    }

    [Fact]
    public void CellResampling_MovesSeedsOfOneConfigurationTogether()
    {
        // 6 scales × 3 seeds: every point of a cell must get the same count, and the counts sum to the number of points.
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), s_truth, 10, 1e5, 6, 0.01, 5, seedsPerX: 3);
        for (int r = 0; r < 20; r++)
        {
            int[] counts = ScalingFitter.ResampleCounts(data, BootstrapResampling.Cells, 99, r);
            Assert.Equal(data.Count, counts.Sum());
            for (int i = 0; i < data.Count; i += 3)
            {
                Assert.Equal(counts[i], counts[i + 1]);
                Assert.Equal(counts[i], counts[i + 2]);
            }
        }

        // Point resampling does split cells (some replica gives seeds of one cell different counts).
        bool split = Enumerable.Range(0, 20).Any(r =>
        {
            int[] c = ScalingFitter.ResampleCounts(data, BootstrapResampling.Points, 99, r);
            return Enumerable.Range(0, 6).Any(k => c[3 * k] != c[3 * k + 1]);
        });
        Assert.True(split);
        Assert.Equal(ScalingFitter.ResampleCounts(data, BootstrapResampling.Cells, 99, 7), ScalingFitter.ResampleCounts(data, BootstrapResampling.Cells, 99, 7));
    }

    [Fact]
    public void CellResampling_WidensIntervalsWhenSeedsAreCorrelated()
    {
        // Seeds share a per-cell offset (as runs of one configuration do): treating them as independent points
        // understates the uncertainty, resampling cells does not.
        var rng = new SplitMix64(17);
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            double xi = 10 * Math.Pow(1e4, i / 9.0);
            double cellOffset = 0.03 * rng.NextGaussian();
            for (int s = 0; s < 5; s++)
            {
                x.Add(xi);
                y.Add(ScalingLaw.Power().Predict(s_truth, xi) * Math.Exp(cellOffset + 0.002 * rng.NextGaussian()));
            }
        }

        FitData data = FitData.Single(x, y);
        var boot = new BootstrapOptions { Replicas = 100, Seed = 5 };
        LawFit cells = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Bootstrap = boot });
        LawFit points = ScalingFitter.Fit(data, ScalingLaw.Power(), new FitOptions { Bootstrap = boot with { Resampling = BootstrapResampling.Points } });
        double seCells = cells.Parameters.Single(p => p.Name == "alpha").StandardError;
        double sePoints = points.Parameters.Single(p => p.Name == "alpha").StandardError;
        Assert.True(seCells > 1.5 * sePoints, $"cells SE {seCells} vs points SE {sePoints}");
    }

    [Fact]
    public void PercentileIntervals_CoverTheTruthAtRoughlyTheirNominalRate()
    {
        // 40 independent synthetic data sets; the 90% interval of alpha should cover 0.4 in most of them.
        int covered = 0, sets = 40;
        for (int k = 0; k < sets; k++)
        {
            FitData data = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(12, 0.4), 10, 1e5, 15, 0.05, 1000 + (ulong)k);
            LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Power(false), new FitOptions
            {
                HuberDelta = 1.0,
                MaxDegreeOfParallelism = 1,
                Bootstrap = new BootstrapOptions { Replicas = 100, Seed = (ulong)k, Resampling = BootstrapResampling.Points, Confidence = 0.9, StartsPerReplica = 1 },
            });
            covered += fit.Parameters[1].Covers(0.4) ? 1 : 0;
        }

        // Binomial(40, 0.9): 30..40 holds with probability > 99%; a broken interval (e.g. zero width) covers ~never.
        Assert.InRange(covered, 30, 40);
    }

    [Fact]
    public void DerivedQuantities_GetIntervalsFromTheSameReplicas()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 7, 7, 0.01, gaussianSeed: 8);
        LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions
        {
            Starts = Synthetic.SmallChinchillaGrid,
            Bootstrap = new BootstrapOptions { Replicas = 30, Seed = 1, StartsPerReplica = 4 },
        });

        var frontier = ComputeOptimal.From(fit).At([1e21, 1e23]);
        foreach (var point in frontier)
        {
            Assert.True(point.N.Lower < point.N.Estimate && point.N.Estimate < point.N.Upper, point.N.ToString());
            Assert.Equal(point.Compute, 6 * point.N.Estimate * point.D.Estimate, 1e-6 * point.Compute);
            Assert.Equal(point.D.Estimate / point.N.Estimate, point.TokensPerParameter.Estimate, 1e-9 * point.TokensPerParameter.Estimate);
        }

        // Extrapolating 100× further in compute widens the relative interval of N_opt.
        double Width(ParameterEstimate e) => Math.Log(e.Upper / e.Lower);
        Assert.True(Width(frontier[1].N) > Width(frontier[0].N));
        var exponent = ComputeOptimal.From(fit).NExponent;
        Assert.Equal(fit["beta"] / (fit["alpha"] + fit["beta"]), exponent.Estimate, 1e-12);
    }

    [Fact]
    public void StandardError_IsTheOneSigmaHalfRange_NotBlownUpByAFewWildReplicas()
    {
        // 2,000 normal draws (σ = 0.1) by the inverse CDF of an even grid, plus 1% wild replicas at 1e30.
        List<double> samples = [.. Enumerable.Range(0, 2_000).Select(i => 0.1 * InverseNormal((i + 0.5) / 2_000))];
        samples.AddRange(Enumerable.Repeat(1e30, 20));

        ParameterEstimate estimate = ParameterEstimate.FromSamples("A", 0, samples, 0.95);

        Assert.Equal(0.1, estimate.StandardError, 0.005);
        Assert.True(Statistics.StandardDeviation([.. samples]) > 1e27, "the plain SD is what the robust SE avoids");
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).</summary>
    private static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - 0.02425)
        {
            return -InverseNormal(1 - p);
        }

        double r = (p - 0.5) * (p - 0.5);
        double num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * (p - 0.5);
        return num / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
