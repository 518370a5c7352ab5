using ShiftRobustness;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The shift-robustness example on a reduced grid: every shift costs accuracy, clean accuracy rises with features,
/// and label noise costs exactly the share of answers it makes unmatchable.
/// </summary>
public sealed class ShiftRobustnessExampleTests : IDisposable
{
    private const int Seeds = 2;
    private static readonly int[] s_features = [8, 64, 512];
    private static readonly string[] s_shifts = ["Wider", "NoisyInputs", "NoisyLabels"];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task ShiftsCostAccuracy_AndCleanAccuracyRisesWithFeatures()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(ShiftRobustnessStudy.Definition, "--set", "Features=" + string.Join(",", s_features), "--set", "TrainSize=1024", "--seeds", $"{Seeds}");
        Assert.Equal(s_features.Length * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));

        double[] clean = [.. s_features.Select(p => MeanAccuracy(trials, p, "Clean"))];
        for (int i = 0; i < s_features.Length; i++)
        {
            int p = s_features[i];

            // Every shift costs at least a point of accuracy at every model size.
            foreach (string shift in s_shifts)
            {
                double shifted = MeanAccuracy(trials, p, shift);
                Assert.True(shifted < clean[i] - 0.01, $"p = {p}: {shift} accuracy {shifted:F3}, clean {clean[i]:F3}");
            }

            // Label noise is the control: a replaced label (20%, uniform over 4 classes) is matched only by chance,
            // so accuracy is 0.8·clean + 0.05 up to sampling error (about 0.007 for 2 × 2000 test points; 0.025 allowed).
            double labels = MeanAccuracy(trials, p, "NoisyLabels");
            double predicted = (0.8 * clean[i]) + (0.2 / 4);
            Assert.True(Math.Abs(labels - predicted) < 0.025, $"p = {p}: label-noise accuracy {labels:F3}, predicted {predicted:F3} from clean {clean[i]:F3}");

            // Clean accuracy rises with features by at least two points per step of the sweep.
            if (i > 0)
            {
                Assert.True(clean[i] > clean[i - 1] + 0.02, $"clean accuracy {clean[i - 1]:F3} at p = {s_features[i - 1]}, {clean[i]:F3} at p = {p}");
            }
        }
    }

    private static double MeanAccuracy(IReadOnlyList<StoredTrial> trials, int features, string evaluation)
        => trials.Where(t => t.Axis("Features")!.Value.Number == features).Average(t => t.Metrics[evaluation][Metric.TestAccuracy]);
}
