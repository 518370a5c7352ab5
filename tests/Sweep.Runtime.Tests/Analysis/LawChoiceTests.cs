using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>
/// <c>--compare</c>'s ranking (leave-one-scale-out log-RMSE with a penalty for parameters on few scales) picks the law
/// that generated the data, and the warm-started folds reach the same optima as folds refitted from the whole grid.
/// </summary>
public sealed class LawChoiceTests
{
    private static readonly ScalingLaw[] s_single = [ScalingLaw.Power(), ScalingLaw.Power(false), ScalingLaw.Broken];

    private static string Table(IReadOnlyList<LawComparison> rows)
        => string.Join("; ", rows.Select(r => $"{r.Rank}. {r.Law}: in-sample {r.InSampleLogRmse:G3}, loso {r.LeaveOneScaleOutLogRmse:G3}, score {r.Score:G3}"));

    public static TheoryData<string, double[], int, double> Truths => new()
    {
        // law, parameters, scales, noise
        { "power", PowerLaw.Theta(5, 0.5, 0.5), 15, 0.01 },
        { "power-no-e", PowerLaw.Theta(5, 0.5), 15, 0.01 },
        { "broken", BrokenPowerLaw.Theta(0.1, 5, 0.1, 0.7, 1000, 0.3), 25, 0.005 },
    };

    [Theory]
    [MemberData(nameof(Truths))]
    public void Compare_PrefersTheGeneratingLaw(string truth, double[] theta, int scales, double noise)
    {
        FitData data = Synthetic.FromLaw(ScalingLaw.Parse(truth), theta, 10, 1e5, scales, noise, 17);

        IReadOnlyList<LawComparison> rows = ModelComparison.LeaveOneScaleOut(data, s_single);

        Assert.True(ModelComparison.Winner(rows)?.Law == truth, Table(rows));
    }

    [Fact]
    public void NinePointsOfAPlainPowerLaw_DoNotCrownTheSixParameterBrokenLaw()
    {
        // The broken law nests the power law, so it fits the nine points at least as well, but it extrapolates worse.
        for (ulong seed = 1; seed <= 5; seed++)
        {
            FitData data = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(5, 0.5, 0.5), 10, 1e5, 9, 0.01, seed);

            IReadOnlyList<LawComparison> rows = ModelComparison.LeaveOneScaleOut(data, [ScalingLaw.Power(), ScalingLaw.Broken]);

            LawComparison power = rows.Single(r => r.Law == "power"), broken = rows.Single(r => r.Law == "broken");
            Assert.True(broken.InSampleLogRmse <= power.InSampleLogRmse * 1.001, Table(rows));
            Assert.True(ModelComparison.Winner(rows)?.Law == "power", $"seed {seed}: {Table(rows)}");
            Assert.Equal(Math.Sqrt(9.0 / 3), ModelComparison.Penalty(9, 6), 1e-12);
            Assert.Equal(broken.LeaveOneScaleOutLogRmse * Math.Sqrt(3), broken.Score, 1e-12);
        }
    }

    [Fact]
    public void Compare_PrefersChinchillaOnChinchillaData()
    {
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 6, 6, 0.003);

        IReadOnlyList<LawComparison> rows = ModelComparison.LeaveOneScaleOut(data, [ScalingLaw.Kaplan, ScalingLaw.Chinchilla], new FitOptions { Starts = Synthetic.SmallChinchillaGrid });

        Assert.True(ModelComparison.Winner(rows)?.Law == "chinchilla", Table(rows));
    }

    [Fact]
    public void WarmStartedFolds_ReachTheOptimaOfTheWholeGrid()
    {
        // Each law on data it identifies (a broken law on power-law data has a break anywhere past the data, so its
        // folds have no single optimum to reach: the warnings say so).
        FitData power = Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(5, 0.5, 0.5), 10, 1e5, 12, 0.01, 3, seedsPerX: 2);
        FitData broken = Synthetic.FromLaw(ScalingLaw.Broken, BrokenPowerLaw.Theta(0.1, 5, 0.1, 0.7, 1000, 0.3), 10, 1e5, 25, 0.005, 17);
        List<(int Done, int Total)> reports = [];

        foreach ((FitData data, ScalingLaw[] laws) in new (FitData, ScalingLaw[])[] { (power, [ScalingLaw.Power(), ScalingLaw.Power(false)]), (broken, [ScalingLaw.Broken]) })
        {
            IReadOnlyList<LawComparison> warm = ModelComparison.LeaveOneScaleOut(data, laws, progress: new Collect(reports));
            IReadOnlyList<LawComparison> cold = ModelComparison.LeaveOneScaleOut(data, laws, foldStarts: 0);
            for (int l = 0; l < laws.Length; l++)
            {
                for (int k = 0; k < data.Scales.Count; k++)
                {
                    Assert.True(
                        Math.Abs(warm[l].PerScaleLogRmse[k] - cold[l].PerScaleLogRmse[k]) <= 1e-4 * cold[l].PerScaleLogRmse[k] + 1e-9,
                        $"{laws[l].Name} at scale {k}: warm {warm[l].PerScaleLogRmse[k]}, whole grid {cold[l].PerScaleLogRmse[k]}");
                }
            }
        }

        // Progress: one report per fit (the full fit and one per held-out scale, for each law).
        Assert.Equal((2 * 13) + 26, reports.Count);
        Assert.Equal((26, 26), reports[^1]);
    }

    private sealed class Collect(List<(int, int)> list) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => list.Add(value);
    }
}
