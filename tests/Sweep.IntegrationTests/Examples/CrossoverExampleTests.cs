using Crossover;
using Sweep.Analysis;
using Sweep.IntegrationTests.Infrastructure;
using Sweep.Reporting;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The crossover example on its full grid: the linear model is better with little data, the random features with
/// much, and the crossing of the two fitted power laws lies between the measured sizes where the order flips.
/// </summary>
public sealed class CrossoverExampleTests : IDisposable
{
    private readonly StudyRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task LinearWinsWithLittleData_RandomFeaturesWithMuch_AndTheFittedCurvesCrossInBetween()
    {
        IReadOnlyList<StoredTrial> trials = await _run.RunAsync(CrossoverStudy.Definition);
        Assert.Equal(2 * 9 * 3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));

        Dictionary<int, double> linear = MeanLossBySize(trials, nameof(Method.Linear));
        Dictionary<int, double> features = MeanLossBySize(trials, nameof(Method.RandomFeatures));
        string curves = $"linear: {Describe(linear)}\nrandom features: {Describe(features)}";

        // Measured, not fitted: the order of the two arms flips once as n grows.
        int[] sizes = [.. linear.Keys.Order()];
        int lastLinearWin = sizes.Last(n => linear[n] < features[n]);
        int firstFeaturesWin = sizes.First(n => features[n] < linear[n]);
        Assert.True(lastLinearWin < firstFeaturesWin, $"the arms' order flips more than once\n{curves}");
        Assert.All(sizes.Where(n => n <= 128), n => Assert.True(linear[n] < features[n], $"at n = {n} the linear model should win\n{curves}"));
        Assert.All(sizes.Where(n => n >= 2048), n => Assert.True(features[n] < linear[n], $"at n = {n} the random features should win\n{curves}"));

        // The report's analysis: the fitted power laws cross inside the measured range, within a factor 2 of where the
        // measured order flips, and the bootstrap agrees (almost every replica pair crosses).
        LawResults laws = StudyLaws.Fit(CrossoverStudy.Definition.Descriptor, CrossoverStudy.Definition.DescribeLaws(), trials, StudyLaws.ReportSettings(50), "crossover");
        Assert.All(laws.Fits, fit => Assert.Null(fit.Error));
        GroupCrossover crossover = Assert.Single(laws.Crossovers!);
        CrossoverResult result = crossover.Result;
        Assert.Equal(("Linear", "RandomFeatures"), (crossover.First, crossover.Second));
        Assert.True(result.Found && result.InsideMeasuredRange, $"{result}\n{curves}");
        Assert.Equal(("Linear", "RandomFeatures"), (result.LowerBelow, result.LowerAbove));
        Assert.InRange(result.Scale.Estimate, lastLinearWin / 2.0, firstFeaturesWin * 2.0);
        Assert.True(result.FractionCrossing >= 0.9, $"{result.FractionCrossing} of replica pairs cross");
    }

    private static Dictionary<int, double> MeanLossBySize(IReadOnlyList<StoredTrial> trials, string method)
        => trials.Where(t => t.Axis("Method")!.Value.Text == method)
            .GroupBy(t => (int)t.Axis("TrainSize")!.Value.Number!)
            .ToDictionary(g => g.Key, g => g.Average(t => t.Metrics["Clean"][Metric.TestLoss]));

    private static string Describe(Dictionary<int, double> curve)
        => string.Join(", ", curve.OrderBy(p => p.Key).Select(p => FormattableString.Invariant($"{p.Key}: {p.Value:G3}")));
}
