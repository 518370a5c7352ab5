using DoubleDescent;
using Sweep.Analysis;
using Sweep.Reporting;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The double-descent example on a reduced grid: the minimum-norm fit's test loss peaks near features = samples,
/// and the ridge arm has no peak there.
/// </summary>
public sealed class DoubleDescentExampleTests : IDisposable
{
    private const int Seeds = 5;
    private static readonly int[] s_features = [50, 100, 170, 195, 200, 205, 230, 400, 800];
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task MinNormLoss_PeaksAtTheInterpolationThreshold_AndRidgeRemovesThePeak()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(DoubleDescentStudy.Definition, "--set", "Features=" + string.Join(",", s_features), "--set", "Ridge=0,0.01", "--seeds", $"{Seeds}");
        Assert.Equal(s_features.Length * 2 * Seeds, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));

        Dictionary<int, double> minNorm = MeanLossByFeatures(trials, ridge: 0.0);
        Dictionary<int, double> ridge = MeanLossByFeatures(trials, ridge: 0.01);
        string curves = $"min-norm: {Describe(minNorm)}\nridge: {Describe(ridge)}";

        // The min-norm peak sits within a factor 1.5 of p = n, and towers over both ends of the sweep (10×).
        const int n = DoubleDescentStudy.TrainSize;
        (int peakAt, double peak) = minNorm.MaxBy(p => p.Value);
        Assert.True(peakAt >= n / 1.5 && peakAt <= n * 1.5, $"min-norm peak at p = {peakAt}, expected within [{n / 1.5:F0}, {n * 1.5:F0}]\n{curves}");
        Assert.True(peak > 10 * minNorm[s_features[0]] && peak > 10 * minNorm[s_features[^1]], $"no clear min-norm peak\n{curves}");

        // The ridge arm's worst loss anywhere is under a tenth of the min-norm peak, and at p = n it is no more than
        // 20% above its own loss at n/2 or 2n: the peak is gone, not just lower.
        Assert.True(ridge.Values.Max() < peak / 10, $"the ridge arm still peaks\n{curves}");
        double away = Math.Min(ridge[n / 2], ridge[2 * n]);
        Assert.True(ridge[n] <= 1.2 * away, $"ridge loss at p = n is {ridge[n]:G4}, more than 1.2 × {away:G4} (its loss at n/2 or 2n)\n{curves}");

        // The study's declared peak, as the report shows it: located at p ≈ n for the min-norm arm with an interval
        // around it and far above the seeds' noise; for the ridge arm at most a wiggle (within 10% of both valleys and
        // not above the noise).
        string output = await _run.CommandAsync(DoubleDescentStudy.Definition, "report", "double-descent", "--out", _run.Out);
        Assert.Contains("double-descent, peak Threshold: of test_loss along Features", output, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(_run.Out, "report-double-descent.md"));
        int section = report.IndexOf("### Threshold", StringComparison.Ordinal);
        Assert.True(section >= 0, report);
        Assert.Contains("| Ridge | points | peak at `Features` | peak `test_loss` | × left valley | × right valley | replicas with a peak | above noise |", report[section..], StringComparison.Ordinal);
        Assert.Matches(@"\| 0 \| 45 \| 199\.\d+ \[[0-9.]+, [0-9.]+\] \| .* \| 100% \| yes \|", report[section..]);

        LawResults laws = StudyLaws.Fit(DoubleDescentStudy.Definition.Descriptor, DoubleDescentStudy.Definition.DescribeLaws(), trials, StudyLaws.ReportSettings(50), "double-descent");
        PeakResults peaks = Assert.Single(laws.Peaks!);
        Assert.Empty(laws.Fits);
        Assert.Equal(["0", "0.01"], peaks.Analysis.Groups.Select(g => g.Group));
        DoubleDescentResult minNormPeak = peaks.Analysis.Groups[0].Result!;
        Assert.True(minNormPeak.Found);
        Assert.InRange(minNormPeak.PeakX.Estimate, n / 1.5, n * 1.5);
        Assert.True(minNormPeak.PeakX.Lower <= minNormPeak.PeakX.Estimate && minNormPeak.PeakX.Estimate <= minNormPeak.PeakX.Upper);
        Assert.True(minNormPeak.RatioOverLeft.Estimate > 10 && minNormPeak.RatioOverRight.Estimate > 10, $"{minNormPeak}");
        Assert.Equal(Seeds, minNormPeak.PerSeedPeakX.Count);
        DoubleDescentResult ridgePeak = peaks.Analysis.Groups[1].Result!;
        Assert.True(!ridgePeak.Found || (ridgePeak.RatioOverLeft.Estimate < 1.1 && ridgePeak.RatioOverRight.Estimate < 1.1), $"{ridgePeak}");
        Assert.True(minNormPeak.Significant);
        Assert.NotEqual(true, ridgePeak.Significant);
    }

    private static Dictionary<int, double> MeanLossByFeatures(IReadOnlyList<StoredTrial> trials, double ridge)
        => trials.Where(t => t.Axis("Ridge")!.Value.Number == ridge)
            .GroupBy(t => (int)t.Axis("Features")!.Value.Number!)
            .ToDictionary(g => g.Key, g => g.Average(t => t.Metrics["Clean"][Metric.TestLoss]));

    private static string Describe(Dictionary<int, double> curve)
        => string.Join(", ", curve.OrderBy(p => p.Key).Select(p => FormattableString.Invariant($"{p.Key}: {p.Value:G3}")));
}
