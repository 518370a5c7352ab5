using LanguageCollapse;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The language-collapse example with 4 seeds: sampled below temperature 1 and replacing their data, both the bigram and
/// the MLP language model lose the vocabulary generation after generation while accumulating holds it, and the
/// perplexity of real text grows fastest where the data are replaced.
/// </summary>
public sealed class LanguageCollapseExampleTests : IDisposable
{
    private const int Seeds = 4;
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ReplacingSharpenedText_LosesTheVocabularyGenerationAfterGeneration_AccumulatingHoldsIt()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(LanguageCollapseStudy.Definition, "--seeds", $"{Seeds}");
        Assert.Equal(2 * 2 * 2 * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        const int last = LanguageCollapseStudy.Generations;

        foreach (LanguageModel kind in Enum.GetValues<LanguageModel>())
        {
            double Median(DataPolicyKind policy, double temperature, int t, string metric) => MedianOf(trials
                .Where(x => x.Axis("Kind")!.Value.Text == kind.ToString() && x.Axis("Policy")!.Value.Text == policy.ToString() && x.Axis("Temperature")!.Value.Number == temperature)
                .Select(x => x.Metrics[CollapseSpec.EvaluationName(t)][metric]));

            // Coverage never rises from one checkpoint to the next in the median, and ends below half the vocabulary.
            double[] coverage = [.. LanguageCollapseStudy.Checkpoints.Select(t => Median(DataPolicyKind.Replace, 0.8, t, Metric.VocabularyCoverage))];
            Assert.All(coverage.Zip(coverage.Skip(1)), pair => Assert.True(pair.Second <= pair.First, $"{kind}: coverage {string.Join(", ", coverage)}"));
            Assert.True(coverage[^1] < 0.5, $"{kind}: coverage {string.Join(", ", coverage)}");
            Assert.True(Median(DataPolicyKind.Accumulate, 0.8, last, Metric.VocabularyCoverage) > coverage[^1] + 0.3, $"{kind}: accumulating holds the vocabulary");

            // The perplexity of real text: the first generation is close to the source's; replacing the data drives it up,
            // at temperature 1 too, and accumulating keeps it lower.
            double source = Median(DataPolicyKind.Replace, 1.0, 0, Metric.Perplexity);
            double firstPerplexity = Median(DataPolicyKind.Replace, 1.0, 1, Metric.Perplexity);
            Assert.InRange(firstPerplexity, source, 1.5 * source);
            double replaced = Median(DataPolicyKind.Replace, 1.0, last, Metric.Perplexity);
            Assert.True(replaced > 1.3 * firstPerplexity, $"{kind}: perplexity {firstPerplexity:G3} → {replaced:G3} when replacing");
            Assert.True(Median(DataPolicyKind.Accumulate, 1.0, last, Metric.Perplexity) < replaced, $"{kind}: accumulating keeps the perplexity lower");
        }
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        Assert.Equal(Seeds, sorted.Length);
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }
}
