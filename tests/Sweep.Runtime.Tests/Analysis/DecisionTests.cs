using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class DecisionTests
{
    private static readonly BootstrapOptions s_boot = new() { Replicas = 60, Seed = 3, StartsPerReplica = 4 };

    [Fact]
    public void Crossover_OfConstructedArms_IsFoundInsideTheRange()
    {
        // Arm A: 1 + 10 x^-0.5; arm B: 1 + 5 x^-0.3. Equal where x^0.2 = 2, i.e. x = 32. B wins below, A above.
        FitData a = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(10, 0.5, 1.0), 2, 2000, 14, 0.002, 21, seedsPerX: 2);
        FitData b = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(5, 0.3, 1.0), 2, 2000, 14, 0.002, 22, seedsPerX: 2);
        var options = new FitOptions { Bootstrap = s_boot };
        CrossoverResult result = Crossover.Find(
            ScalingFitter.Fit(a, ScalingLaw.Power(), options), ScalingFitter.Fit(b, ScalingLaw.Power(), options), "wd", "no-wd");

        Assert.True(result.Found);
        Assert.InRange(result.Scale.Estimate, 32 / 1.15, 32 * 1.15);
        Assert.True(result.InsideMeasuredRange);
        Assert.Equal("no-wd", result.LowerBelow);
        Assert.Equal("wd", result.LowerAbove);
        Assert.True(result.FractionCrossing > 0.9);
        Assert.True(result.Scale.Covers(32), result.Scale.ToString());
        Assert.Equal(60, result.ReplicaPairs);
    }

    [Fact]
    public void Crossover_BeyondTheData_IsFlaggedAsExtrapolation()
    {
        // 10 x^-0.5 = 4 x^-0.4 at x = 2.5^10 ≈ 9537, but both arms are measured only up to x = 500.
        FitData a = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(10, 0.5), 5, 500, 10, 0.001, 31);
        FitData b = Synthetic.FromLaw(ScalingLaw.Power(false), PowerLaw.Theta(4, 0.4), 5, 500, 10, 0.001, 32);
        CrossoverResult result = Crossover.Find(ScalingFitter.Fit(a, ScalingLaw.Power(false)), ScalingFitter.Fit(b, ScalingLaw.Power(false)));
        Assert.True(result.Found);
        Assert.False(result.InsideMeasuredRange);
        Assert.InRange(result.Scale.Estimate, 9537 / 1.3, 9537 * 1.3);
        Assert.Equal(500, result.MeasuredHigh, 1e-9);
    }

    [Theory]
    [InlineData(1e19)]
    [InlineData(1e23)]
    public void KaplanAllocation_IsTheMinimumAlongTheIsoFlopLine(double compute)
    {
        // Kaplan et al.'s fitted constants; the closed form must beat every N on a fine grid along 6ND = C.
        FittedLaw law = FittedLaw.FromNatural(ScalingLaw.Kaplan, 8.8e13, 5.4e13, 0.076, 0.095);
        Allocation best = ComputeOptimal.Allocate(law, compute);

        Assert.Equal(compute, 6 * best.N * best.D, compute * 1e-12);
        Assert.Equal(best.D / best.N, best.TokensPerParameter, 1e-12 * best.TokensPerParameter);
        Assert.Equal(law.Predict(best.N, best.D), best.Loss, 1e-15);
        for (double logN = Math.Log10(best.N) - 3; logN <= Math.Log10(best.N) + 3; logN += 0.01)
        {
            double n = Math.Pow(10, logN);
            Assert.True(law.Predict(n, compute / (6 * n)) >= best.Loss * (1 - 1e-12), $"N = {n:G4} beats N_opt = {best.N:G4}");
        }

        // And its neighbours a few percent away are measurably worse: it is the minimum, not a flat spot.
        Assert.True(law.Predict(best.N * 1.5, compute / (6 * best.N * 1.5)) > best.Loss);
        Assert.True(law.Predict(best.N / 1.5, compute / (6 * best.N / 1.5)) > best.Loss);
    }

    [Fact]
    public void Parabola_IsExactOnAQuadratic()
    {
        double[] x = [20.1, 20.9, 21.7, 22.0, 23.3];
        double[] y = [.. x.Select(v => 2.5 - 0.7 * v + 0.03 * v * v)];
        var (c0, c1, c2) = IsoFlop.Parabola(x, y);
        Assert.Equal(0.03, c2, 1e-9);
        Assert.Equal(-0.7, c1, 1e-7);
        Assert.Equal(2.5, c0, 1e-5);
    }

    [Fact]
    public void IsoFlop_RecoversTheFrontierExponent()
    {
        // Runs on five IsoFLOP curves of the Hoffmann law: 9 sizes per budget spanning ±1 decade around the optimum.
        double e = 1.69, aa = 406.4, bb = 410.7, alpha = 0.34, beta = 0.28;
        var n = new List<double>();
        var d = new List<double>();
        var l = new List<double>();
        var rng = new SplitMix64(44);
        foreach (double c in (double[])[1e18, 1e19, 1e20, 1e21, 1e22])
        {
            double nOpt = ComputeOptimal.Allocate(e, aa, bb, alpha, beta, c).N;
            for (int k = -4; k <= 4; k++)
            {
                double nn = nOpt * Math.Pow(10, k / 4.0), dd = c / (6 * nn);
                n.Add(nn);
                d.Add(dd);
                l.Add((e + aa / Math.Pow(nn, alpha) + bb / Math.Pow(dd, beta)) * Math.Exp(0.001 * rng.NextGaussian()));
            }
        }

        IsoFlopResult result = IsoFlop.Fit(FitData.Joint(n, d, l), replicas: 50, seed: 1);
        Assert.Equal(5, result.Budgets.Count);
        Assert.All(result.Budgets, bgt => Assert.True(bgt.InsideMeasuredRange && bgt.Curvature > 0));
        Assert.Equal(beta / (alpha + beta), result.NExponent.Estimate, 0.02);
        Assert.Equal(alpha / (alpha + beta), result.DExponent.Estimate, 0.02);
        Assert.Equal(1, result.NExponent.Estimate + result.DExponent.Estimate, 1e-12);
        double nAt = ComputeOptimal.Allocate(e, aa, bb, alpha, beta, 1e20).N;
        Assert.InRange(result.OptimalN(1e20) / nAt, 0.85, 1.18);
        Assert.True(result.NExponent.StandardError > 0);
    }

    [Fact]
    public void Backtest_PredictsHeldOutScalesAndReportsCoverage()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e6, 16, 0.005, 51, seedsPerX: 2);
        var options = new FitOptions { Bootstrap = s_boot };
        BacktestResult good = Backtest.Run(data, ScalingLaw.Power(), 2, options);
        BacktestResult bad = Backtest.Run(data, ScalingLaw.Power(false), 2, options);

        Assert.Equal(2, good.HeldOutScales.Count);
        Assert.Equal(4, good.Points.Count);
        Assert.Equal(data.Count - 4, good.TrainingPoints);
        Assert.True(good.LogRmse < 0.02, $"log-RMSE {good.LogRmse}");
        Assert.InRange(good.Coverage, 0, 1);
        Assert.True(bad.LogRmse > 3 * good.LogRmse, $"pure power law {bad.LogRmse} vs with E {good.LogRmse}");
        Assert.All(good.Points, p => Assert.True(p.X >= good.HeldOutScales[0]));
        Assert.Throws<FitDataException>(() => Backtest.Run(data, ScalingLaw.Power(), 16, options));
    }

    [Fact]
    public void LeaveOneScaleOut_PrefersTheGeneratingLaw()
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 10, 0.003, 61);
        var rows = ModelComparison.LeaveOneScaleOut(data, [ScalingLaw.Power(false), ScalingLaw.Power()]);
        var withE = rows.Single(r => r.Law == "power");
        var withoutE = rows.Single(r => r.Law == "power-no-e");
        Assert.Equal(1, withE.Rank);
        Assert.Equal(2, withoutE.Rank);
        Assert.True(withE.LeaveOneScaleOutLogRmse < withoutE.LeaveOneScaleOutLogRmse);
        Assert.True(withE.LeaveOneScaleOutLogRmse >= withE.InSampleLogRmse);
        Assert.Equal(10, withE.PerScaleLogRmse.Count);
    }

    [Fact]
    public void IsoFlop_FitsOnlyTheBudgetsWithAProfile_AndCountsTheOthersOnce()
    {
        // Three IsoFLOP profiles of five sizes each, plus twelve single runs at budgets of their own.
        double e = 1.69, aa = 406.4, bb = 410.7, alpha = 0.34, beta = 0.28;
        var n = new List<double>();
        var d = new List<double>();
        foreach (double c in (double[])[1e18, 1e19, 1e20])
        {
            double nOpt = ComputeOptimal.Allocate(e, aa, bb, alpha, beta, c).N;
            for (int k = -2; k <= 2; k++)
            {
                double nn = nOpt * Math.Pow(10, k / 2.0);
                n.Add(nn);
                d.Add(c / (6 * nn));
            }
        }

        for (int k = 0; k < 12; k++)
        {
            n.Add(3e6 * Math.Pow(1.7, k));
            d.Add(7e8 * Math.Pow(1.3, k));
        }

        double[] loss = [.. n.Select((v, i) => e + (aa / Math.Pow(v, alpha)) + (bb / Math.Pow(d[i], beta)))];
        FitData data = FitData.Joint(n, d, loss);

        IsoFlopResult result = IsoFlop.Fit(data, replicas: 0);

        Assert.Equal([1e18, 1e19, 1e20], result.Budgets.Select(b => b.Compute), new RelativeComparer(0.01));
        Assert.Equal(12, result.TooFewSizes);
        Assert.Equal(0, result.NoMinimum);
        Assert.Equal(beta / (alpha + beta), result.NExponent.Estimate, 0.03);
        StringWriter text = new();
        AnalysisText.WriteIsoFlop(new GroupedAnalysis<IsoFlopResult>("isoflop", "data", data.Columns, [new GroupedResult<IsoFlopResult>(null, data.Count, result, null)]), text);
        Assert.Contains("3 of 15 budgets have a minimum in N and are fitted; left out: 12 with fewer than three distinct N", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("none (", text.ToString(), StringComparison.Ordinal);
    }

    private sealed class RelativeComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(Math.Abs(x), Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void IsoFlop_OnACartesianGrid_RefusesInsteadOfReturningEmptyBudgets()
    {
        // Nine (N, D) pairs whose products all differ: nine budgets of one size each, none with a parabola.
        double[] n = [1e6, 1e6, 1e6, 1e7, 1e7, 1e7, 1e8, 1e8, 1e8];
        double[] d = [2e8, 3e9, 5e10, 2e8, 3e9, 5e10, 2e8, 3e9, 5e10];
        double[] loss = [.. n.Select((v, i) => 2 + (100 / Math.Pow(v, 0.3)) + (100 / Math.Pow(d[i], 0.3)))];

        FitDataException error = Assert.Throws<FitDataException>(() => IsoFlop.Fit(FitData.Joint(n, d, loss), replicas: 0));

        Assert.Contains("9 compute budgets (6·N·D, runs within 1% pooled), 0 with three or more distinct N and 0 with a minimum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DoubleDescent_LocatesAConstructedPeakWithSeeds()
    {
        // Error falls, peaks at x = 100 (interpolation threshold), falls again; 5 seeds with 2% noise.
        double Curve(double x) => 0.3 + 0.5 * Math.Exp(-Math.Pow(Math.Log(x / 100) / 0.5, 2)) + 1.0 / Math.Sqrt(x) + 0.05 * Math.Log10(x) / 4;
        var xs = new List<double>();
        var ys = new List<double>();
        var seeds = new List<int>();
        var rng = new SplitMix64(71);
        for (int i = 0; i <= 24; i++)
        {
            double x = Math.Pow(10, 0.5 + 3.0 * i / 24);
            for (int s = 0; s < 5; s++)
            {
                xs.Add(x);
                ys.Add(Curve(x) * (1 + 0.02 * rng.NextGaussian()));
                seeds.Add(s);
            }
        }

        DoubleDescentResult result = DoubleDescent.Locate(xs, ys, seeds, new DoubleDescentOptions { Replicas = 100, Seed = 2 });
        Assert.True(result.Found);
        Assert.InRange(result.PeakX.Estimate, 100 / 1.2, 100 * 1.2);
        Assert.True(result.PeakX.Covers(100) || Math.Abs(Math.Log(result.PeakX.Estimate / 100)) < 0.1, result.PeakX.ToString());
        Assert.True(result.ExcessOverLeft.Estimate > 0.2 && result.ExcessOverRight.Estimate > 0.2);
        Assert.True(result.LeftMinX < result.PeakX.Estimate && result.RightMinX > result.PeakX.Estimate);
        Assert.True(result.FractionOfReplicasWithPeak > 0.95);
        Assert.Equal(5, result.PerSeedPeakX.Count);
        Assert.All(result.PerSeedPeakX, p => Assert.InRange(p, 100 / 1.5, 100 * 1.5));
        Assert.Equal(25, result.Curve.Count);
        Assert.All(result.Curve, c => Assert.Equal(5, c.Samples));
        Assert.True(result.Significant);
    }

    [Fact]
    public void DoubleDescent_OnAFlatCurveWithSeedNoise_FindsAWiggle_ButNotASignificantPeak()
    {
        // y = 1 everywhere, 5 seeds with 2% noise: the seed-mean curve has interior maxima, none above the noise.
        var xs = new List<double>();
        var ys = new List<double>();
        var seeds = new List<int>();
        var rng = new SplitMix64(5);
        for (int i = 0; i < 10; i++)
        {
            for (int s = 0; s < 5; s++)
            {
                xs.Add(Math.Pow(2, i + 3));
                ys.Add(1 + (0.02 * rng.NextGaussian()));
                seeds.Add(s);
            }
        }

        DoubleDescentResult result = DoubleDescent.Locate(xs, ys, seeds, new DoubleDescentOptions { Replicas = 0 });

        Assert.True(result.Found);
        Assert.False(result.Significant);
        CurvePoint top = result.Curve.Single(c => c.Mean == result.Curve.Skip(1).SkipLast(1).Max(p => p.Mean));
        Assert.True(top.StandardError > 0.003, $"the seeds' spread gives a standard error: {top}");
    }

    [Fact]
    public void DoubleDescent_SignificanceTest_HoldsItsLevelOnFlatCurves_AndFindsAClearPeak()
    {
        // 200 flat curves (10 sizes × 5 seeds, 5% log-normal noise): at most about 5% may be called significant
        // (binomial sd 1.5%, so 10% is a four-sigma bound). The same curves with a 15% bump at one size: most are.
        static (List<double> X, List<double> Y, List<int> Seeds) Curve(ulong seed, double bump)
        {
            var rng = new SplitMix64(seed);
            List<double> x = [], y = [];
            List<int> seeds = [];
            for (int i = 0; i < 10; i++)
            {
                for (int s = 0; s < 5; s++)
                {
                    x.Add(Math.Pow(2, i + 3));
                    y.Add((i == 5 ? 1 + bump : 1) * Math.Exp(0.05 * rng.NextGaussian()));
                    seeds.Add(s);
                }
            }

            return (x, y, seeds);
        }

        DoubleDescentOptions options = new() { Replicas = 0 };
        int falseAlarms = 0, detected = 0;
        for (ulong k = 0; k < 200; k++)
        {
            (List<double> x, List<double> y, List<int> seeds) = Curve(1000 + k, 0);
            falseAlarms += DoubleDescent.Locate(x, y, seeds, options).Significant == true ? 1 : 0;
            (x, y, seeds) = Curve(1000 + k, 0.15);
            DoubleDescentResult bumped = DoubleDescent.Locate(x, y, seeds, options);
            detected += bumped.Significant == true && Math.Abs(Math.Log2(bumped.PeakX.Estimate) - 8) <= 0.5 ? 1 : 0;
        }

        Assert.True(falseAlarms <= 20, $"{falseAlarms} of 200 flat curves were called significant");
        Assert.True(detected >= 160, $"only {detected} of 200 curves with a 15% bump at x = 256 were found significant there");
    }

    [Fact]
    public void DoubleDescent_OnAMonotoneCurve_FindsNoPeak()
    {
        double[] x = [.. Enumerable.Range(0, 12).Select(i => Math.Pow(2, i))];
        double[] y = [.. x.Select(v => 0.2 + 1 / Math.Sqrt(v))];
        DoubleDescentResult result = DoubleDescent.Locate(x, y, options: new DoubleDescentOptions { Replicas = 0 });
        Assert.False(result.Found);
        Assert.True(double.IsNaN(result.PeakX.Estimate));
        Assert.Null(result.Significant);
    }
}
