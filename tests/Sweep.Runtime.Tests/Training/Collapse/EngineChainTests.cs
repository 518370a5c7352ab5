using Sweep.Kernels;
using Sweep.Storage;
using Sweep.Training;
using static Sweep.Runtime.Tests.Training.Collapse.ChainHarness;

namespace Sweep.Runtime.Tests.Training.Collapse;

/// <summary>Chains of models the engine trains on the backend: batched like any trial, and degrading as collapse predicts.</summary>
public sealed class EngineChainTests : IDisposable
{
    private static readonly TeacherStudentData s_regression = DataSpec.TeacherStudent(inputs: 4, teacherWidth: 16, noise: 0.3, train: 256, test: 1024);
    private static readonly GradientTrain s_adam = TrainSpec.Adam(lr: 3e-3, steps: 300, batch: 64);
    private readonly ChainHarness _chains = new();

    public void Dispose() => _chains.Dispose();

    [Fact]
    public void MlpRegression_Replace_AccumulatesItsPredecessorsErrors_WhileFreshRealDataHoldsTheFirstGenerationsLoss()
    {
        TrialSpec Spec(DataPolicy policy) => TrialSpec.ForChain(s_regression, ModelSpec.Mlp(32), s_adam, CollapseSpec.Chain(generations: 6, policy, checkpoints: [0, 1, 6]));
        var replace = _chains.Run(Spec(DataPolicy.Replace), 4);
        var fresh = _chains.Run(Spec(DataPolicy.FreshMix(1.0)), 4);

        double truth = Mean(Values(replace, 0, Metric.TestLoss));
        double first = Mean(Values(replace, 1, Metric.TestLoss));
        double replaced = Mean(Values(replace, 6, Metric.TestLoss));
        double refreshed = Mean(Values(fresh, 6, Metric.TestLoss));
        Assert.InRange(truth, 0.3 * 0.3 * 0.8, 0.3 * 0.3 * 1.2);
        Assert.True(first > truth, $"generation 1 ({first:G3}) cannot beat the noise floor ({truth:G3})");
        Assert.True(replaced > first + (0.5 * (first - truth)), $"Replace: test loss {first:G3} at generation 1, {replaced:G3} at 6");
        Assert.True(refreshed < first + (0.25 * (first - truth)), $"fresh data each generation: {refreshed:G3} vs generation 1's {first:G3}");
        Assert.All(replace, r => Assert.Equal(300 * 64, r["gen-6"][Metric.Tokens]));
    }

    [Fact]
    public void SeedsTrainedTogether_HaveTheMetricsTheyHaveAlone()
    {
        TrialSpec spec = TrialSpec.ForChain(s_regression, ModelSpec.Mlp(16), TrainSpec.Adam(lr: 3e-3, steps: 50, batch: 32), CollapseSpec.Chain(generations: 3, DataPolicy.Accumulate));

        var together = _chains.Run(spec, 3);
        var alone = _chains.Run(spec, 3, batch: 1);

        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(alone[k].Keys.Order(), together[k].Keys.Order());
            foreach ((string evaluation, Dictionary<string, double> metrics) in alone[k])
            {
                foreach ((string metric, double value) in metrics)
                {
                    Assert.Equal(value, together[k][evaluation][metric]);
                }
            }
        }

        Assert.NotEqual(together[0]["gen-3"][Metric.TestLoss], together[1]["gen-3"][Metric.TestLoss]);
    }

    [Fact]
    public void MlpClassifier_SampledBelowTemperatureOne_DriftsAwayFromTheRealPosterior()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 4, classes: 3, separation: 1.5, train: 512, test: 1024);
        TrialSpec Spec(double temperature) => TrialSpec.ForChain(
            data, ModelSpec.Mlp(32), s_adam, CollapseSpec.Chain(generations: 5, checkpoints: [0, 1, 5]) with { Temperature = temperature });
        var sharp = _chains.Run(Spec(0.5), 3);
        var calibrated = _chains.Run(Spec(1.0), 3);

        Assert.All(Values(sharp, 0, Metric.KlDivergence), kl => Assert.Equal(0, kl));
        double sharpKl = Mean(Values(sharp, 5, Metric.KlDivergence)), calibratedKl = Mean(Values(calibrated, 5, Metric.KlDivergence));
        Assert.True(sharpKl > Mean(Values(sharp, 1, Metric.KlDivergence)), "sharpened labels pull every generation further from the posterior");
        Assert.True(sharpKl > 2 * calibratedKl, $"KL at generation 5: T = 0.5 {sharpKl:G3}, T = 1 {calibratedKl:G3}");
        Assert.All(Values(sharp, 5, Metric.TotalVariation), tv => Assert.InRange(tv, 0, 1));
    }

    [Fact]
    public void MlpLanguageModel_GeneratesItsSuccessorsText_AndScoresRealText()
    {
        DataSpec data = DataSpec.ZipfMarkov(vocabulary: 16, exponent: 1.2, context: 2, sequence: 16, train: 1024, test: 1024);
        TrialSpec spec = TrialSpec.ForChain(data, ModelSpec.Mlp(32), TrainSpec.Adam(lr: 1e-2, steps: 200, batch: 128), CollapseSpec.Chain(generations: 3) with { Temperature = 0.7 });

        var runs = _chains.Run(spec, 2);

        foreach (var run in runs)
        {
            foreach (int t in (int[])[0, 1, 2, 3])
            {
                Dictionary<string, double> metrics = run[CollapseSpec.EvaluationName(t)];
                Assert.Equal(Math.Exp(metrics[Metric.TestLoss]), metrics[Metric.Perplexity], 9);
                Assert.InRange(metrics[Metric.VocabularyCoverage], 1.0 / 16, 1);
            }

            // Generation 1 learns the real text: its perplexity is within 15% of the source's own.
            Assert.InRange(run["gen-1"][Metric.Perplexity], run["gen-0"][Metric.Perplexity], 1.15 * run["gen-0"][Metric.Perplexity]);
            Assert.True(run["gen-3"][Metric.KlDivergence] > run["gen-1"][Metric.KlDivergence], "sampling at T = 0.7 drifts from the source");
        }
    }

    [Fact]
    public void KernelsEngine_BatchesAnEngineChainsSeeds_AndRunsClosedFormChainsAlone()
    {
        using KernelsEngine engine = new(BackendKind.Cpu);
        TrialSpec mlp = TrialSpec.ForChain(s_regression, ModelSpec.Mlp(16), s_adam, CollapseSpec.Chain(generations: 2));
        TrialSpec gaussian = TrialSpec.ForChain(DataSpec.Gaussian(train: 10), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(generations: 2));

        Assert.NotNull(engine.BatchKey(mlp));
        Assert.NotEqual(engine.BatchKey(mlp), engine.BatchKey(mlp with { Chain = mlp.Chain! with { Temperature = 0.5 } }));
        Assert.Null(engine.BatchKey(gaussian));
        Assert.True(engine.EstimateCost(mlp) > 2 * TrainingCost.Estimate(new TrialSpec(s_regression, ModelSpec.Mlp(16), s_adam, [new("x", ShiftSpec.None)])));

        IReadOnlyList<MetricValue> metrics = engine.Run(new TrainingTrial(gaussian, Seed: 4), EngineContext.Default);
        Assert.Equal(["gen-0", "gen-1", "gen-2"], metrics.Select(m => m.Evaluation).Distinct());
        IReadOnlyList<IReadOnlyList<MetricValue>> batch = engine.RunBatch([new TrainingTrial(mlp, 1), new TrainingTrial(mlp, 2)], EngineContext.Default);
        Assert.Equal(2, batch.Count);
        Assert.Contains(batch[1], m => m.Evaluation == "gen-2" && m.Name == Metric.Flops);
    }
}
