using System.Globalization;
using Sweep.Analysis.Collapse;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>The collapse analysis on stored trials whose trajectories are known exactly.</summary>
public sealed class CollapseAnalysisTests
{
    [Fact]
    public void Trajectory_HasTheMeansNormalIntervalAndTheMediansOrderStatistics()
    {
        // 101 seeds with test loss s at generation 1: median 50 between the order statistics 50 ∓ 1.96·√101/2, i.e.
        // ranks 40 and 60; mean 50 ± 1.96·SE.
        StoredTrial[] trials = [.. Enumerable.Range(0, 101).Select(s => Trial(s, [("Cell", "a")], DataPolicy.Replace, new() { [1] = s, [2] = s + 1 }))];

        CollapseGroup group = Assert.Single(CollapseAnalysis.Analyze(trials).Groups);

        TrajectoryPoint point = group.Trajectories.Single(t => t.Metric == Metric.TestLoss).Points[0];
        Assert.Equal((1, 101), (point.Generation, point.Seeds));
        Assert.Equal(new Interval(50, 40, 60), point.Median);
        double se = Math.Sqrt(Enumerable.Range(0, 101).Sum(s => (s - 50.0) * (s - 50.0)) / 100 / 101);
        Assert.Equal(50, point.Mean.Estimate, 12);
        Assert.Equal(50 - (1.959963984540054 * se), point.Mean.Low, 9);
        Assert.Equal(DataPolicy.Replace, group.Policy);
        Assert.Equal("Cell=a", group.Label);
    }

    [Fact]
    public void Rates_RecoverALineAndAPowerLaw()
    {
        Dictionary<int, double> Line(int s) => new() { [0] = 1, [1] = 5 + (0.01 * s), [2] = 8 + (0.01 * s), [4] = 14 + (0.01 * s), [8] = 26 + (0.01 * s) };
        StoredTrial[] line = [.. Enumerable.Range(0, 20).Select(s => Trial(s, [], DataPolicy.Replace, Line(s)))];
        StoredTrial[] power = [.. Enumerable.Range(0, 20).Select(s => Trial(s, [], DataPolicy.Replace, new() { [1] = 5, [4] = 10, [16] = 20, [64] = 40 }))];

        CollapseRate lineRate = CollapseAnalysis.Analyze(line).Groups[0].Rates.Single(r => r.Metric == Metric.TestLoss);
        CollapseRate powerRate = CollapseAnalysis.Analyze(power).Groups[0].Rates.Single(r => r.Metric == Metric.TestLoss);

        Assert.Equal(3, lineRate.Slope!.Estimate, 9);
        Assert.InRange(lineRate.Slope.Low, 2.999, 3);
        Assert.InRange(lineRate.Slope.High, 3, 3.001);
        Assert.Equal("linear", lineRate.Better);
        Assert.Equal(0.5, powerRate.Exponent!.Estimate, 12);
        Assert.Equal("power", powerRate.Better);
    }

    [Fact]
    public void Crossing_IsWhereTheMedianIsTwiceAsBad_InEitherDirection()
    {
        // Loss ∝ t and variance ∝ 1/t: the median doubles (halves) exactly at generation 2; the seeds differ by a factor.
        StoredTrial[] trials = [.. Enumerable.Range(0, 30).Select(s => Trial(s, [], DataPolicy.Replace,
            new() { [1] = 1 + (0.01 * s), [3] = 3 * (1 + (0.01 * s)), [10] = 10 * (1 + (0.01 * s)) },
            variance: new() { [1] = 1 + (0.01 * s), [3] = (1 + (0.01 * s)) / 3, [10] = (1 + (0.01 * s)) / 10 }))];

        CollapseGroup group = CollapseAnalysis.Analyze(trials).Groups[0];

        ThresholdCrossing loss = group.Crossings.Single(c => c.Metric == Metric.TestLoss);
        Assert.Equal(2, loss.Generations!.Estimate, 9);
        Assert.Equal(2 * loss.Baseline, loss.Threshold, 12);
        Assert.Equal(1, loss.ReplicasCrossing);
        ThresholdCrossing variance = group.Crossings.Single(c => c.Metric == Metric.FittedVariance);
        Assert.Equal(loss.Baseline / 2, variance.Threshold, 12);

        // Between checkpoints 1 and 3 the interpolation is linear: 1/t = 1/2 is reached at 1 + (1 − 1/2)/(1 − 1/3)·2 = 2.5.
        Assert.Equal(2.5, variance.Generations!.Estimate, 9);
    }

    [Fact]
    public void FreshFraction_IsTheSmallestSweptFractionWithinTheTolerance_AmongCellsThatDifferOnlyInTheirPolicy()
    {
        // Loss doubles by generation 10 without fresh data, rises by half with 10%, by 5% with 30%.
        (double Fraction, double Rise)[] arms = [(0, 1.0), (0.1, 0.5), (0.3, 0.05)];
        StoredTrial[] trials = [.. arms.SelectMany(arm => Enumerable.Range(0, 10).Select(s => Trial(
            s,
            [("Fresh", arm.Fraction.ToString(CultureInfo.InvariantCulture))],
            arm.Fraction == 0 ? DataPolicy.Replace : DataPolicy.FreshMix(arm.Fraction),
            new() { [1] = 1 + (0.001 * s), [10] = (1 + arm.Rise) * (1 + (0.001 * s)) })))];

        CollapseResults results = CollapseAnalysis.Analyze(trials);

        Assert.Equal(["Fresh"], results.PolicyAxes);
        FreshFractionResult result = results.FreshFractions.Single(f => f.Metric == Metric.TestLoss);
        Assert.Equal((10, 0.3), (result.Generation, result.Smallest));
        Assert.Equal([0, 0.1, 0.3], result.Fractions.Select(f => f.Fraction));
        Assert.Equal([1.0, 0.5, 0.05], result.Fractions.Select(f => Math.Round(f.Degradation.Estimate, 9)));
        Assert.Equal("(all)", result.Family);
    }

    [Fact]
    public void TrialsWithoutAChain_AreNotAnalysed()
    {
        StoredTrial plain = Trial(0, [], DataPolicy.Replace, new() { [1] = 1 }) with { DescriptionJson = """{"Study":"s","Key":"k","Seed":0,"Axes":{},"Chain":null}""" };

        Assert.Empty(CollapseAnalysis.Analyze([plain, plain with { DescriptionJson = null }]).Groups);
    }

    /// <summary>A done trial of a chain with test loss (and fitted variance) at the given generations.</summary>
    private static StoredTrial Trial(int seed, (string Name, string Value)[] axes, DataPolicy policy, Dictionary<int, double> loss, Dictionary<int, double>? variance = null)
    {
        Dictionary<string, IReadOnlyDictionary<string, double>> metrics = [];
        foreach ((int t, double value) in loss)
        {
            Dictionary<string, double> row = new() { [Metric.TestLoss] = value };
            if (variance?.TryGetValue(t, out double v) == true)
            {
                row[Metric.FittedVariance] = v;
            }

            metrics[CollapseSpec.EvaluationName(t)] = row;
        }

        string axisJson = string.Join(",", axes.Select(a => $"\"{a.Name}\":\"{a.Value}\""));
        string fraction = policy.FreshFraction.ToString(CultureInfo.InvariantCulture);
        string key = string.Join(";", axes.Select(a => $"{a.Name}={a.Value}").Append($"seed={seed}"));
        string chain = $$"""{"$kind":"CollapseSpec","Checkpoints":[],"FreshInputs":false,"Generations":100,"Policy":{"$kind":"DataPolicy","FreshFraction":{{fraction}},"Kind":"{{policy.Kind}}"},"Temperature":1}""";
        string description = $$"""{"Study":"s","Key":"{{key}}","Seed":{{seed}},"Axes":{{"{" + axisJson + "}"}},"Chain":{{chain}},"Data":{"$kind":"GaussianData"} }""";
        return new StoredTrial(
            "s", key, seed, seed, [.. axes.Select(a => new KeyValuePair<string, StoredValue>(a.Name, new StoredValue(a.Value, double.TryParse(a.Value, CultureInfo.InvariantCulture, out double n) ? n : null)))],
            [], TrialStatus.Done, null, 0, "cpu", 1, 1, metrics)
        {
            DescriptionJson = description,
        };
    }
}
