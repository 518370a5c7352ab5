using System.Globalization;
using Sweep.Analysis.Robustness;
using Sweep.Reporting;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>
/// A method's benefit over a baseline along the scale (<see cref="LawSpec.MethodGap"/>) on synthetic stores whose truth
/// is known: arms paired by seed and every other axis, a closing benefit's crossover recovered with its interval, a
/// constant one that stays, and every way a declaration can miss its trials named.
/// </summary>
public sealed class MethodGapTests
{
    private static readonly double[] s_widths = [10, 31.6, 100, 316, 1000, 3160, 10000];
    private static readonly MethodGapSpec s_spec = LawSpec.MethodGap(x: "Width", by: "Eps", baseline: "0", evaluation: "attacked");

    [Fact]
    public void ClosingBenefit_CrossesWhereTheLineReachesZero_AndAConstantOneStays()
    {
        // Arm 0.2's benefit is 0.3 − 0.1·log₁₀(w): it crosses zero at w = 1000. Arm 0.1's is a flat 0.05.
        IReadOnlyList<StoredTrial> trials = Store(seedNoise: 0.05, armNoise: 0.003);

        MethodGapAnalysis gap = MethodGaps.Analyze("Benefit", s_spec, trials, replicas: 500);

        Assert.Null(gap.Error);
        Assert.Equal(["0.1", "0.2"], gap.Arms.Select(a => a.Arm));
        ArmGap strong = gap.Arms[1], flat = gap.Arms[0];
        Assert.Equal(s_widths.Length * 2 * 4, strong.Pairs);
        RobustnessGapResult g = strong.Result!;
        Assert.Equal(GapTrend.Closes, g.Trend);
        Assert.Equal(-0.1, g.Slope.Estimate, 0.005);
        Assert.InRange(g.ClosesAt!.Estimate, 900, 1100);
        Assert.True(g.ClosesAt.Covers(1000), $"crossing {g.ClosesAt}");
        Assert.True(strong.CrossesInsideMeasuredRange);
        Assert.Equal(GapTrend.Stays, flat.Result!.Trend);
        Assert.Equal(0.05, flat.Result.MeanGap, 0.002);
        Assert.Null(flat.CrossesInsideMeasuredRange);

        // Pairing by seed cancels the noise both arms share (σ = 0.05): unpaired, b's interval would be ten times wider.
        Assert.True(g.Slope.Upper - g.Slope.Lower < 0.01, $"slope interval {g.Slope}");
    }

    [Fact]
    public void ACrossingBeyondTheMeasuredScales_IsReportedAsAnExtrapolation()
    {
        IReadOnlyList<StoredTrial> trials = Store(seedNoise: 0.01, armNoise: 0.002, crossing: 1e6);

        ArmGap strong = MethodGaps.Analyze("Benefit", s_spec, trials, replicas: 300).Arms[1];

        Assert.Equal(GapTrend.Closes, strong.Result!.Trend);
        Assert.InRange(strong.Result.ClosesAt!.Estimate, 5e5, 2e6);
        Assert.False(strong.CrossesInsideMeasuredRange);
    }

    [Fact]
    public void BaselineValues_MatchNumerically_AndTrialsWithoutAPartnerOrNotDoneAreLeftOut()
    {
        List<StoredTrial> trials = [.. Store(seedNoise: 0.01, armNoise: 0.002)];
        trials.RemoveAll(t => t.Seed == 3 && Text(t, "Eps") == "0");
        int first = trials.FindIndex(t => Text(t, "Eps") == "0");
        trials[first] = trials[first] with { Status = TrialStatus.Failed };

        MethodGapAnalysis gap = MethodGaps.Analyze("Benefit", s_spec with { Baseline = "0.0" }, trials, replicas: 100);

        // 7 widths × 2 rates × seeds 0–2 have a baseline, less the one whose baseline failed.
        Assert.Null(gap.Error);
        Assert.Equal((7 * 2 * 3) - 1, gap.Arms[1].Pairs);
        Assert.Equal((7 * 2 * 3) - 1, gap.Arms[0].Pairs);
    }

    [Fact]
    public void ADeclarationThatMissesItsTrials_SaysWhat()
    {
        IReadOnlyList<StoredTrial> trials = Store(seedNoise: 0.01, armNoise: 0.002);

        string? baseline = MethodGaps.Analyze("B", s_spec with { Baseline = "0.5" }, trials).Error;
        string? axis = MethodGaps.Analyze("B", s_spec with { By = "Nope" }, trials).Error;
        ArmGap metric = MethodGaps.Analyze("B", s_spec with { Metric = "no_such_metric" }, trials).Arms[0];
        ArmGap evaluation = MethodGaps.Analyze("B", s_spec with { Evaluation = "wider" }, trials).Arms[0];

        Assert.Equal("baseline '0.5': no done trial has Eps = 0.5 (its values: 0, 0.1, 0.2).", baseline);
        Assert.Equal("by 'Nope': not an axis of the study's trials.", axis);
        Assert.StartsWith("metric 'no_such_metric': trial '", metric.Error, StringComparison.Ordinal);
        Assert.StartsWith("evaluation 'wider': trial '", evaluation.Error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LawSpec.MethodGap(x: "Width", by: "width", baseline: "0", evaluation: "attacked"));
        Assert.Throws<ArgumentException>(() => LawSpec.MethodGap(x: "Width", by: "Eps", baseline: "0", evaluation: LawSpec.FirstEvaluation));
    }

    [Fact]
    public void TheReport_TabulatesEachArm_SaysWhereTheyCross_AndDrawsTheBenefits()
    {
        using var folder = new TempFolder();
        IReadOnlyList<StoredTrial> trials = Store(seedNoise: 0.01, armNoise: 0.002);
        var results = new RobustnessResults([], []) { MethodGaps = [MethodGaps.Analyze("Benefit", s_spec, trials, replicas: 200)] };

        string md = string.Concat(RobustnessSection.Markdown(results, trials, "study", folder.Path, "study"));

        Assert.Contains("### `Benefit`: each `Eps` against `Eps` = 0, `test_accuracy` under `attacked`, against `Width`", md, StringComparison.Ordinal);
        Assert.Contains("| 0.2 | 56 |", md, StringComparison.Ordinal);
        Assert.Contains("closes with scale", md, StringComparison.Ordinal);
        Assert.Contains("| yes (", md, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(folder.Path, "study-method-gap-Benefit.png")).Length > 1000);
    }

    /// <summary>
    /// Widths × Lr ∈ {1e-3, 1e-2} × Eps ∈ {0, 0.1, 0.2} × 4 seeds. The baseline's accuracy carries a noise per (width, lr,
    /// seed) that every arm of that seed shares; each arm adds its benefit and a small noise of its own.
    /// </summary>
    private static List<StoredTrial> Store(double seedNoise, double armNoise, double crossing = 1000)
    {
        var rng = new Random(11);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double slope = 0.3 / Math.Log10(crossing);
        List<StoredTrial> trials = [];
        foreach (double w in s_widths)
        {
            foreach (string lr in (string[])["0.001", "0.01"])
            {
                for (int seed = 0; seed < 4; seed++)
                {
                    double shared = 0.5 + (0.02 * Math.Log10(w)) + (lr == "0.01" ? 0.05 : 0) + (seedNoise * Gaussian());
                    foreach ((string eps, double benefit) in (ReadOnlySpan<(string, double)>)[("0", 0), ("0.1", 0.05), ("0.2", 0.3 - (slope * Math.Log10(w)))])
                    {
                        double accuracy = shared + benefit + (eps == "0" ? 0 : armNoise * Gaussian());
                        trials.Add(Trial(w, lr, eps, seed, accuracy));
                    }
                }
            }
        }

        return trials;
    }

    private static StoredTrial Trial(double width, string lr, string eps, int seed, double accuracy)
    {
        string w = width.ToString(CultureInfo.InvariantCulture);
        KeyValuePair<string, StoredValue> Axis(string name, string value) => new(name, new StoredValue(value, double.Parse(value, CultureInfo.InvariantCulture)));
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["clean"] = new Dictionary<string, double> { [Metric.TestAccuracy] = accuracy + 0.3 },
            ["attacked"] = new Dictionary<string, double> { [Metric.TestAccuracy] = accuracy },
        };
        return new StoredTrial("s", $"Eps={eps};Lr={lr};Width={w};seed={seed}", 0, seed, [Axis("Eps", eps), Axis("Lr", lr), Axis("Width", w)], [], TrialStatus.Done, null, 0, "cpu", 1, 1, metrics);
    }

    private static string Text(StoredTrial t, string axis) => t.Axes.Single(a => a.Key == axis).Value.Text;
}
