using RegressionCollapse;
using Sweep.Analysis.Collapse;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The regression-collapse example's full grid (100 seeds): Gerstgrasser et al.'s closed forms for Replace and
/// Accumulate, the other policies in between, and the report's collapse rates on the stored results.
/// </summary>
public sealed class RegressionCollapseExampleTests : IDisposable
{
    private const int Seeds = 100;
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ReplaceGrowsLinearly_AccumulateStaysWithinPiSquaredOverSix_TheOthersInBetween()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(RegressionCollapseStudy.Definition);
        Assert.Equal(4 * 2 * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        const int last = RegressionCollapseStudy.Generations;

        foreach (int samples in (int[])[100, 1000])
        {
            double first = RegressionCollapseStudy.Noise * RegressionCollapseStudy.Noise * RegressionCollapseStudy.Features / (samples - RegressionCollapseStudy.Features - 1.0);
            foreach (int t in RegressionCollapseStudy.Checkpoints.Where(t => t > 0))
            {
                // The means over seeds against the closed forms, within 4 standard errors estimated from the seeds.
                double[] replaced = Values(trials, DataPolicyKind.Replace, samples, t);
                Assert.True(Math.Abs(replaced.Average() - (t * first)) <= 4 * StandardError(replaced), $"T = {samples}, Replace, generation {t}: {replaced.Average():G4} vs t·σ²d/(T−d−1) = {t * first:G4} ± {4 * StandardError(replaced):G2}");
                double[] accumulated = Values(trials, DataPolicyKind.Accumulate, samples, t);
                double sum = first * Enumerable.Range(1, t).Sum(i => 1.0 / (i * i));
                Assert.True(Math.Abs(accumulated.Average() - sum) <= 4 * StandardError(accumulated), $"T = {samples}, Accumulate, generation {t}: {accumulated.Average():G4} vs {sum:G4} ± {4 * StandardError(accumulated):G2}");
            }

            double subsampled = Values(trials, DataPolicyKind.AccumulateSubsample, samples, last).Average();
            double fresh = Values(trials, DataPolicyKind.FreshMix, samples, last).Average();
            double replacedLast = Values(trials, DataPolicyKind.Replace, samples, last).Average();
            double accumulatedLast = Values(trials, DataPolicyKind.Accumulate, samples, last).Average();
            Assert.True(accumulatedLast < Math.PI * Math.PI / 6 * first * 1.1, $"T = {samples}: Accumulate {accumulatedLast:G4} vs π²/6·{first:G4}");
            Assert.InRange(subsampled, accumulatedLast, replacedLast / 10);
            Assert.InRange(fresh, accumulatedLast, replacedLast / 10);

            // FreshMix levels off: generation 100 is within 25% of generation 50.
            double fresh50 = Values(trials, DataPolicyKind.FreshMix, samples, 50).Average();
            Assert.InRange(fresh / fresh50, 0.75, 1.25);
        }

        // The report's analysis of the stored trials: Replace's collapse rate is the first generation's excess error per
        // generation, and its power exponent 1.
        CollapseResults results = CollapseAnalysis.Analyze(trials);
        CollapseGroup replace = results.Groups.Single(g => g.Label == "Policy=Replace Samples=100");
        CollapseRate rate = replace.Rates.Single(r => r.Metric == Metric.ExcessLoss);
        double expectedRate = 1.0 * 10 / (100 - 10 - 1);
        Assert.InRange(expectedRate, rate.Slope!.Low, rate.Slope.High);
        Assert.InRange(1.0, rate.Exponent!.Low, rate.Exponent.High);
        Assert.Equal(["Policy"], results.PolicyAxes);
    }

    private static double[] Values(IReadOnlyList<StoredTrial> trials, DataPolicyKind policy, int samples, int generation)
    {
        double[] values = [.. trials
            .Where(t => t.Axis("Policy")!.Value.Text == policy.ToString() && t.Axis("Samples")!.Value.Number == samples)
            .Select(t => t.Metrics[CollapseSpec.EvaluationName(generation)][Metric.ExcessLoss])];
        Assert.Equal(Seeds, values.Length);
        return values;
    }

    private static double StandardError(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }
}
