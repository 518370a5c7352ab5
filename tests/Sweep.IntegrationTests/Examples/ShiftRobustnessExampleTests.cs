using ShiftRobustness;
using Sweep.Analysis.Robustness;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The shift-robustness example on a reduced grid: every shift costs accuracy, clean accuracy rises with features,
/// and label noise costs exactly the share of answers it makes unmatchable; and the study's declared accuracy-on-the-line
/// fits find the shifted accuracies on one probit line with no width off it, and the wider-input gap widening with width.
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

    [Fact]
    public async Task ShiftedAccuracy_IsOnTheLine_EveryWidthHasNoEffectiveRobustness_AndTheWiderGapWidens()
    {
        // 4 widths × 2 data sizes × 2 seeds: 16 models, the line fitted to all of them in probit space.
        int[] features = [4, 16, 64, 256];
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(ShiftRobustnessStudy.Definition, "--set", "Features=" + string.Join(",", features), "--set", "TrainSize=256,4096", "--seeds", "2");
        Assert.Equal(16, trials.Count);

        RobustnessResults results = StudyRobustness.Analyze(ShiftRobustnessStudy.Definition.DescribeLaws(), trials, replicas: 500);

        Assert.Equal(["WiderOnTheLine", "NoiseOnTheLine"], results.Lines.Select(l => l.Name));
        foreach (LineAnalysis line in results.Lines)
        {
            OnTheLineResult fit = line.Result ?? throw new InvalidOperationException($"{line.Name}: {line.Error}");

            // On the line: probit(OOD) is linear in probit(ID) with r above 0.99 (measured 0.998 on the full grid), and
            // shallower than 1 (each clean point buys less than a point under shift; measured 0.67 wider, 0.89 noisy).
            Assert.True(fit.R.Estimate > 0.99, $"{line.Name}: r = {fit.R.Estimate:F4}");
            Assert.InRange(fit.Slope.Estimate, 0.5, 0.97);
            Assert.True(fit.Slope.Upper < 1, $"{line.Name}: slope interval [{fit.Slope.Lower:F3}, {fit.Slope.Upper:F3}] reaches 1");

            // No width buys effective robustness: each width's mean ρ is within one accuracy point of zero (measured at
            // most 0.0025 on the full grid), and every model within three points.
            Assert.Equal(features.Length, fit.Scales.Count);
            Assert.All(fit.Scales, s => Assert.True(Math.Abs(s.Rho.Estimate) < 0.01, $"{line.Name}, Features = {s.Scale}: ρ = {s.Rho.Estimate:F4}"));
            Assert.All(fit.Rows, r => Assert.True(Math.Abs(r.Rho.Estimate) < 0.03, $"{line.Name}, {r.Label}: ρ = {r.Rho.Estimate:F4}"));
        }

        // The clean − wider gap grows with width (measured 0.035 per tenfold width on the full grid): scale does not close it.
        GapAnalysis gap = Assert.Single(results.Gaps);
        Assert.Equal(GapTrend.Widens, gap.Result!.Trend);
        Assert.True(gap.Result.Slope.Lower > 0.01, $"gap slope {gap.Result.Slope.Estimate:F4} [{gap.Result.Slope.Lower:F4}, {gap.Result.Slope.Upper:F4}]");
    }

    private static double MeanAccuracy(IReadOnlyList<StoredTrial> trials, int features, string evaluation)
        => trials.Where(t => t.Axis("Features")!.Value.Number == features).Average(t => t.Metrics[evaluation][Metric.TestAccuracy]);
}
