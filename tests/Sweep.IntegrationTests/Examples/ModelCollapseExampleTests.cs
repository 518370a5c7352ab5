using ModelCollapse;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The model-collapse example on a reduced grid (n = 10 and 100, 300 seeds): under Replace the maximum-likelihood variance
/// follows E[σ²_t] = σ₀²·(1 − 1/n)^t and the tails vanish; the unbiased variance's median collapses too; Accumulate,
/// AccumulateSubsample and FreshMix hold on.
/// </summary>
public sealed class ModelCollapseExampleTests : IDisposable
{
    private const int Seeds = 300;
    private static readonly int[] s_sampleSizes = [10, 100];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ReplaceFollowsTheClosedForm_WhileAccumulatingAndFreshDataHoldTheVariance()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(ModelCollapseStudy.Definition, "--set", "SampleSize=" + string.Join(",", s_sampleSizes), "--seeds", $"{Seeds}");
        Assert.Equal(4 * s_sampleSizes.Length * 2 * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.All(trials, t => Assert.Equal(ModelCollapseStudy.Checkpoints.Count, t.Metrics.Count));
        double truth = ModelCollapseStudy.TrueSigma * ModelCollapseStudy.TrueSigma;
        const int last = ModelCollapseStudy.Generations;

        foreach (int n in s_sampleSizes)
        {
            // Replace, maximum likelihood: the mean over seeds is within 4 standard errors of the closed form, the SE from
            // the theory, σ₀²·√(((n²−1)/n²)^t − ((n−1)/n)^{2t})/√N; checked where that SE is below half the expectation,
            // beyond which a few rare seeds carry the mean and the check says nothing.
            foreach (int t in ModelCollapseStudy.Checkpoints)
            {
                double expected = truth * Math.Pow((n - 1.0) / n, t);
                double se = truth * Math.Sqrt(Math.Pow(((double)n * n - 1) / ((double)n * n), t) - Math.Pow((n - 1.0) / n, 2 * t)) / Math.Sqrt(Seeds);
                if (se > expected / 2)
                {
                    continue;
                }

                double mean = Values(trials, DataPolicyKind.Replace, n, VarianceEstimator.MaximumLikelihood, t, Metric.FittedVariance).Average();
                Assert.True(Math.Abs(mean - expected) <= (4 * se) + 1e-12, $"n = {n}, generation {t}: mean variance {mean:G4}, closed form {expected:G4} ± {4 * se:G2}");
            }

            // Accumulate loses less than a third of the variance Replace loses by the last generation.
            double replaced = Values(trials, DataPolicyKind.Replace, n, VarianceEstimator.MaximumLikelihood, last, Metric.FittedVariance).Average();
            double accumulated = Values(trials, DataPolicyKind.Accumulate, n, VarianceEstimator.MaximumLikelihood, last, Metric.FittedVariance).Average();
            Assert.True(truth - accumulated < (truth - replaced) / 3, $"n = {n}: Accumulate {accumulated:G4}, Replace {replaced:G4}");
        }

        // At n = 10 Replace has collapsed by generation 100; drawing 10 from the growing pool, or 1 fresh sample a
        // generation, holds a sizeable share of the variance (in the median: the typical seed).
        double Median(DataPolicyKind policy, VarianceEstimator estimator, int t, string metric) => MedianOf(Values(trials, policy, 10, estimator, t, metric));
        Assert.True(Median(DataPolicyKind.Replace, VarianceEstimator.MaximumLikelihood, last, Metric.FittedVariance) < 1e-6, "Replace collapses");
        Assert.True(Median(DataPolicyKind.AccumulateSubsample, VarianceEstimator.MaximumLikelihood, last, Metric.FittedVariance) > 0.3, "subsampling the pool holds on");
        Assert.True(Median(DataPolicyKind.FreshMix, VarianceEstimator.MaximumLikelihood, last, Metric.FittedVariance) > 0.2, "fresh data hold on");

        // The unbiased variance keeps its mean (1 in expectation) but its median collapses all the same: the mean misleads.
        double[] unbiasedMedians = [.. ModelCollapseStudy.Checkpoints.Select(t => Median(DataPolicyKind.Replace, VarianceEstimator.Unbiased, t, Metric.FittedVariance))];
        Assert.All(unbiasedMedians.Zip(unbiasedMedians.Skip(1)), pair => Assert.True(pair.Second < pair.First, string.Join(", ", unbiasedMedians)));
        Assert.True(unbiasedMedians[^1] < 1e-3, $"unbiased, n = 10: median variance {unbiasedMedians[^1]:G3} after {last} generations");

        // The tails go first: by generation 20 at n = 10 the typical Replace fit puts almost no mass in the real
        // distribution's rarest decile (|x| > 1.645σ₀, mass 0.1), while the typical Accumulate fit keeps most of it.
        Assert.True(Median(DataPolicyKind.Replace, VarianceEstimator.MaximumLikelihood, 20, Metric.TailMass) < 1e-3, "Replace loses its tails");
        Assert.True(Median(DataPolicyKind.Accumulate, VarianceEstimator.MaximumLikelihood, 20, Metric.TailMass) > 0.05, "Accumulate keeps them");
        Assert.All(trials, t => Assert.Equal(0.1, t.Metrics["gen-0"][Metric.TailMass], 12));
    }

    private static double[] Values(IReadOnlyList<StoredTrial> trials, DataPolicyKind policy, int n, VarianceEstimator estimator, int generation, string metric)
    {
        string evaluation = CollapseSpec.EvaluationName(generation);
        double[] values = [.. trials
            .Where(t => t.Axis("Policy")!.Value.Text == policy.ToString() && t.Axis("SampleSize")!.Value.Number == n && t.Axis("Estimator")!.Value.Text == estimator.ToString())
            .Select(t => t.Metrics[evaluation][metric])];
        Assert.Equal(Seeds, values.Length);
        return values;
    }

    private static double MedianOf(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
