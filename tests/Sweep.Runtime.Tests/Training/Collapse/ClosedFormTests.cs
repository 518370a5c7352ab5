using static Sweep.Runtime.Tests.Training.Collapse.ChainHarness;

namespace Sweep.Runtime.Tests.Training.Collapse;

/// <summary>
/// The closed-form collapse chains against their theory, over many seeds. Generation 0 is the real distribution and
/// generation t the t-th fit, so after t fits of M samples σ̂²_t = σ²·Π χ²_{M−1}/D with D = M (maximum likelihood) or
/// M − 1 (unbiased), independent factors. Each tolerance is stated from the Monte Carlo error of the mean (or median)
/// over the seeds: four standard errors, computed from the theory where it gives them, else from the seeds.
/// </summary>
public sealed class ClosedFormTests : IDisposable
{
    private const int Samples = 10;
    private const double Sigma = 1.5;
    private static readonly int[] s_checkpoints = [0, 1, 5, 10, 20, 30];
    private readonly ChainHarness _chains = new();

    public void Dispose() => _chains.Dispose();

    [Fact]
    public void GaussianMle_MeanVariance_IsSigmaSquaredTimesOneMinusOneOverMToTheT()
    {
        const int seeds = 4000;
        var runs = _chains.Run(Gaussian(VarianceEstimator.MaximumLikelihood), seeds);

        foreach (int t in s_checkpoints)
        {
            // E[X] = (M−1)/M and E[X²] = (M²−1)/M² per factor X = χ²_{M−1}/M, so the mean of N seeds has
            // SE = σ²·√(((M²−1)/M²)^t − ((M−1)/M)^{2t}) / √N.
            double m = Samples;
            double expected = Sigma * Sigma * Math.Pow((m - 1) / m, t);
            double se = Sigma * Sigma * Math.Sqrt(Math.Pow(((m * m) - 1) / (m * m), t) - Math.Pow((m - 1) / m, 2 * t)) / Math.Sqrt(seeds);
            double mean = Mean(Values(runs, t, Metric.FittedVariance));
            Assert.True(Math.Abs(mean - expected) <= (4 * se) + 1e-12, $"generation {t}: mean σ̂² {mean:G5}, closed form {expected:G5} ± {4 * se:G2} (4 SE)");
        }
    }

    [Fact]
    public void GaussianUnbiased_MeanVarianceStays_MeanSigmaFallsAsC4ToTheT_AndTheMedianFalls()
    {
        const int seeds = 4000;
        var runs = _chains.Run(Gaussian(VarianceEstimator.Unbiased), seeds);
        double m = Samples, k = m - 1;

        // c4(M) = √(2/(M−1))·Γ(M/2)/Γ((M−1)/2) = E[√(χ²_{M−1}/(M−1))].
        double c4 = Math.Sqrt(2 / k) * Math.Exp(LogGamma(m / 2) - LogGamma(k / 2));
        double previousMedian = double.PositiveInfinity;
        foreach (int t in s_checkpoints)
        {
            double[] variances = Values(runs, t, Metric.FittedVariance);

            // E[σ̂²_t] = σ²; per factor E[X²] = (M+1)/(M−1), so SE = σ²·√(((M+1)/(M−1))^t − 1)/√N.
            double varianceSe = Sigma * Sigma * Math.Sqrt(Math.Pow((m + 1) / k, t) - 1) / Math.Sqrt(seeds);
            double meanVariance = Mean(variances);
            Assert.True(Math.Abs(meanVariance - (Sigma * Sigma)) <= (4 * varianceSe) + 1e-12, $"generation {t}: mean σ̂² {meanVariance:G5} vs σ² {Sigma * Sigma} ± {4 * varianceSe:G2}");

            // E[σ̂_t] = σ·c4^t, and E[σ̂²_t] = σ², so SE = σ·√(1 − c4^{2t})/√N.
            double sigmaSe = Sigma * Math.Sqrt(1 - Math.Pow(c4, 2 * t)) / Math.Sqrt(seeds);
            double meanSigma = variances.Average(Math.Sqrt);
            Assert.True(Math.Abs(meanSigma - (Sigma * Math.Pow(c4, t))) <= (4 * sigmaSe) + 1e-12, $"generation {t}: mean σ̂ {meanSigma:G5} vs σ·c4^t {Sigma * Math.Pow(c4, t):G5} ± {4 * sigmaSe:G2}");

            // ln σ̂²_t − ln σ² is a sum of t terms ln(χ²_k/k), each of mean ψ(k/2) − ln(k/2) < 0 and variance ψ′(k/2): the
            // median falls geometrically while the mean stays. For t ≥ 5 the sum is near normal, so its median is its mean
            // to within the median's standard error √(π/2)·√(t·ψ′(k/2)/N).
            double median = Median(variances);
            Assert.True(median < previousMedian || t == 0, $"generation {t}: the median σ̂² {median:G4} did not fall from {previousMedian:G4}");
            previousMedian = median;
            if (t >= 5)
            {
                double expectedLog = (2 * Math.Log(Sigma)) + (t * (Digamma(k / 2) - Math.Log(k / 2)));
                double medianSe = Math.Sqrt(Math.PI / 2) * Math.Sqrt(t * Trigamma(k / 2) / seeds);
                Assert.True(Math.Abs(Math.Log(median) - expectedLog) <= 4 * medianSe, $"generation {t}: median ln σ̂² {Math.Log(median):G4} vs {expectedLog:G4} ± {4 * medianSe:G2}");
            }
        }

        Assert.True(previousMedian < 0.1 * Sigma * Sigma, $"after 30 generations the median σ̂² is {previousMedian:G3}, the mean {Mean(Values(runs, 30, Metric.FittedVariance)):G3}");
    }

    [Fact]
    public void LinearRegression_ReplaceAddsTheFirstGenerationsExcessEveryGeneration_AccumulateSumsInverseSquares()
    {
        // Gerstgrasser et al. (2024), fixed design: T samples, d features, noise σ. Replace: E[excess_t] = t·σ²d/(T−d−1).
        // Accumulate: E[excess_t] = σ²d/(T−d−1)·Σ_{i≤t} 1/i², below π²/6 of the first generation's.
        const int d = 10, rows = 100, seeds = 600;
        const double noise = 0.5;
        double first = noise * noise * d / (rows - d - 1);
        TrialSpec Spec(DataPolicy policy) => TrialSpec.ForChain(
            DataSpec.TeacherStudent(inputs: d, noise: noise, train: rows, test: 10),
            ModelSpec.LinearThroughOrigin(),
            TrainSpec.LeastSquares(),
            CollapseSpec.Chain(generations: 20, policy, checkpoints: [0, 1, 2, 5, 10, 20]));
        var replace = _chains.Run(Spec(DataPolicy.Replace), seeds);
        var accumulate = _chains.Run(Spec(DataPolicy.Accumulate), seeds);

        foreach (int t in (int[])[1, 2, 5, 10, 20])
        {
            double[] replaced = Values(replace, t, Metric.ExcessLoss);
            double expected = t * first;
            Assert.True(Math.Abs(Mean(replaced) - expected) <= 4 * StandardError(replaced), $"Replace, generation {t}: mean excess {Mean(replaced):G4} vs t·σ²d/(T−d−1) = {expected:G4} ± {4 * StandardError(replaced):G2} (4 SE over seeds)");

            double[] accumulated = Values(accumulate, t, Metric.ExcessLoss);
            double sum = first * Enumerable.Range(1, t).Sum(i => 1.0 / (i * i));
            Assert.True(Math.Abs(Mean(accumulated) - sum) <= 4 * StandardError(accumulated), $"Accumulate, generation {t}: mean excess {Mean(accumulated):G4} vs {sum:G4} ± {4 * StandardError(accumulated):G2}");
            Assert.True(Mean(accumulated) < Math.PI * Math.PI / 6 * first * 1.1, "accumulating stays within π²/6 of the first generation's error");
        }

        Assert.All(Values(replace, 0, Metric.ExcessLoss), e => Assert.Equal(0, e));
        Assert.All(replace, r => Assert.Equal(noise * noise + r["gen-20"][Metric.ExcessLoss], r["gen-20"][Metric.TestLoss], 12));
    }

    [Fact]
    public void NGram_WithoutSmoothing_LosesTokensForGood_SoCoverageNeverRises()
    {
        var runs = _chains.Run(NGram(smoothing: 0, DataPolicy.Replace), 200);

        int[] checkpoints = [0, 1, 2, 5, 10, 20, 40];
        foreach (var run in runs)
        {
            double[] coverage = [.. checkpoints.Select(t => run[CollapseSpec.EvaluationName(t)][Metric.VocabularyCoverage])];
            for (int i = 1; i < coverage.Length; i++)
            {
                Assert.True(coverage[i] <= coverage[i - 1], $"coverage rose from {coverage[i - 1]} to {coverage[i]} at generation {checkpoints[i]}");
            }
        }

        double first = Median(Values(runs, 0, Metric.VocabularyCoverage)), last = Median(Values(runs, 40, Metric.VocabularyCoverage));
        Assert.True(last < first - 0.1, $"median coverage {first:G3} → {last:G3}");

        // The real rarest tokens' share of the text falls in the median (each lost token is gone for good).
        double rareFirst = Median(Values(runs, 0, Metric.TailMass)), rareLast = Median(Values(runs, 40, Metric.TailMass));
        Assert.True(rareLast < rareFirst, $"rare tokens' median share {rareFirst:G3} → {rareLast:G3}");
    }

    [Fact]
    public void NGram_WithSmoothing_CoverageFallsMonotonicallyInTheMedian_WhileAccumulatingHoldsIt()
    {
        // A pseudo-count of 1e-4 gives a lost token about 65 contexts × 1e-4 ≈ 0.007 expected draws a generation: it
        // rarely comes back, so coverage keeps falling.
        var replace = _chains.Run(NGram(smoothing: 1e-4, DataPolicy.Replace), 200);
        var accumulate = _chains.Run(NGram(smoothing: 1e-4, DataPolicy.Accumulate), 200);

        int[] checkpoints = [0, 1, 2, 5, 10, 20, 40];
        double[] medians = [.. checkpoints.Select(t => Median(Values(replace, t, Metric.VocabularyCoverage)))];
        for (int i = 1; i < medians.Length; i++)
        {
            Assert.True(medians[i] <= medians[i - 1], $"median coverage rose from {medians[i - 1]} to {medians[i]} at generation {checkpoints[i]}: {string.Join(", ", medians)}");
        }

        Assert.True(medians[^1] < medians[0] - 0.05, string.Join(", ", medians));
        double held = Median(Values(accumulate, 40, Metric.VocabularyCoverage));
        Assert.True(held > medians[^1] + 0.05, $"accumulating keeps coverage {held:G3} vs replacing {medians[^1]:G3}");
    }

    private static TrialSpec Gaussian(VarianceEstimator estimator) => TrialSpec.ForChain(
        DataSpec.Gaussian(sigma: Sigma, train: Samples),
        ModelSpec.Gaussian(),
        TrainSpec.Moments(estimator),
        CollapseSpec.Chain(generations: 30, checkpoints: s_checkpoints));

    private static TrialSpec NGram(double smoothing, DataPolicy policy) => TrialSpec.ForChain(
        DataSpec.ZipfMarkov(vocabulary: 64, exponent: 1.1, contextStrength: 1.0, sequence: 32, train: 2_000, test: 2_000),
        ModelSpec.NGram(order: 2),
        TrainSpec.Counts(smoothing),
        CollapseSpec.Chain(generations: 40, policy, checkpoints: [0, 1, 2, 5, 10, 20, 40]));
}
