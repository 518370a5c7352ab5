using ModelCollapse;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The model-collapse example on a reduced grid: under Replace the fitted variance follows the closed form
/// E[σ²_t] = σ₀²·((n−1)/n)^(t+1) and the tails vanish; Accumulate and FreshMix do not collapse.
/// </summary>
public sealed class ModelCollapseExampleTests : IDisposable
{
    private const int Seeds = 400;
    private static readonly int[] s_sampleSizes = [10, 100];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ReplaceFollowsTheClosedForm_WhileAccumulateAndFreshMixHoldTheirVariance()
    {
        IReadOnlyList<StoredTrial> trials = await RunAsync();
        Assert.Equal(3 * s_sampleSizes.Length * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.All(trials, t => Assert.Equal(ModelCollapseStudy.Checkpoints.Count, t.Metrics.Count));
        double trueVariance = ModelCollapseStudy.TrueSigma * ModelCollapseStudy.TrueSigma;
        int last = ModelCollapseStudy.Checkpoints[^1];

        foreach (int n in s_sampleSizes)
        {
            // Replace: the mean fitted variance over seeds is within 4 standard errors (from the seeds) of the closed
            // form. Checked while the spread of log σ²_t across seeds, about 2(t+1)/(n−1), is at most 3: beyond it the
            // mean is carried by a few rare seeds and the seeds' standard error understates its uncertainty.
            foreach (int t in ModelCollapseStudy.Checkpoints.Where(t => 2.0 * (t + 1) / (n - 1) <= 3))
            {
                double[] variances = Values(trials, Regime.Replace, n, t, "variance");
                double mean = variances.Average();
                double standardError = StandardDeviation(variances) / Math.Sqrt(variances.Length);
                double expected = trueVariance * Math.Pow((n - 1.0) / n, t + 1);
                Assert.True(
                    Math.Abs(mean - expected) <= 4 * standardError,
                    $"n = {n}, generation {t}: mean variance {mean:G4} ± {standardError:G2} (SE), closed form {expected:G4}");
            }

            // Accumulate loses less than a third of the variance Replace loses by the last generation.
            double replaced = Values(trials, Regime.Replace, n, last, "variance").Average();
            double accumulated = Values(trials, Regime.Accumulate, n, last, "variance").Average();
            Assert.True(
                trueVariance - accumulated < (trueVariance - replaced) / 3,
                $"n = {n}, generation {last}: Accumulate variance {accumulated:G4}, Replace {replaced:G4}, true {trueVariance}");
        }

        // At n = 10 Replace has collapsed by generation 100 while FreshMix (one fresh sample a generation) holds on.
        double replacedSmall = Values(trials, Regime.Replace, 10, last, "variance").Average();
        double freshSmall = Values(trials, Regime.FreshMix, 10, last, "variance").Average();
        Assert.True(replacedSmall < 1e-3, $"Replace, n = 10: variance {replacedSmall:G3} after {last} generations");
        Assert.True(freshSmall > 0.3 * trueVariance, $"FreshMix, n = 10: variance {freshSmall:G3} after {last} generations");

        // The tails go first: by generation 20 at n = 10 the typical (median) Replace fit puts almost no mass beyond
        // 3σ₀ (the truth: 0.0027), while the typical Accumulate fit keeps a sizeable share of it.
        double replacedTail = Median(Values(trials, Regime.Replace, 10, 20, "tail_mass"));
        double accumulatedTail = Median(Values(trials, Regime.Accumulate, 10, 20, "tail_mass"));
        Assert.True(replacedTail < 1e-6, $"Replace, n = 10, generation 20: median tail mass {replacedTail:G3}");
        Assert.True(accumulatedTail > 1e-4, $"Accumulate, n = 10, generation 20: median tail mass {accumulatedTail:G3}");
    }

    private async Task<IReadOnlyList<StoredTrial>> RunAsync()
    {
        return await _run.RunAsync(ModelCollapseStudy.Definition, "--set", "SampleSize=" + string.Join(",", s_sampleSizes), "--seeds", $"{Seeds}");
    }

    private static double[] Values(IReadOnlyList<StoredTrial> trials, Regime regime, int n, int generation, string metric)
    {
        string evaluation = ModelCollapseStudy.Evaluation(generation);
        double[] values = trials
            .Where(t => t.Axis("Regime")!.Value.Text == regime.ToString() && t.Axis("SampleSize")!.Value.Number == n)
            .Select(t => t.Metrics[evaluation][metric])
            .ToArray();
        Assert.Equal(Seeds, values.Length);
        return values;
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
