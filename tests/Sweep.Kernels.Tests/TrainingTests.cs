using Sweep.Kernels.Tests.Infrastructure;

namespace Sweep.Kernels.Tests;

/// <summary>Training really learns, reproduces, batches, and agrees across backends.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class TrainingTests(IlgpuCpuFixture ilgpu) : IDisposable
{
    private static readonly TeacherStudentConfig s_task = new(Inputs: 8, TeacherWidth: 16, Noise: 0.1, Train: 2048, Test: 2048);

    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    [Fact]
    public void Mlp_OnTeacherStudentRegression_ReachesTestLossBelowTenPercentOfTheLabelVariance()
    {
        var trial = new TrialConfig(s_task, new MlpConfig([64]), new GradientConfig(OptimizerKind.Adam, 3e-3, Steps: 2000, Batch: 128), EvaluationConfig.CleanOnly, Seed: 1);

        TrialResult result = Run(_cpu, trial);

        double variance = DatasetFactory.Test(s_task, 1, ShiftConfig.None).TargetVariance();
        Assert.True(result.Evaluations[0].Loss < 0.1 * variance, $"test loss {result.Evaluations[0].Loss:G3} vs label variance {variance:G3}");
        Assert.True(result.LossCurve[^1].Loss < 0.2 * result.LossCurve[0].Loss, "the minibatch loss fell during training");
    }

    [Fact]
    public void Mlp_OnGaussianMixture_ClassifiesWellAndStaysCalibrated()
    {
        var data = new GaussianMixtureConfig(Inputs: 10, Classes: 4, Separation: 3.0, Train: 2000, Test: 2000);
        var trial = new TrialConfig(data, new MlpConfig([32], ActivationKind.Gelu), new GradientConfig(OptimizerKind.AdamW, 3e-3, Steps: 600, Batch: 128) { WeightDecay = 0.01 }, EvaluationConfig.CleanOnly, Seed: 2);

        EvaluationResult clean = Run(_cpu, trial).Evaluations[0];

        // Bayes accuracy for 4 means 3σ from the origin in 10 dimensions is about 0.9.
        Assert.InRange(clean.Accuracy!.Value, 0.8, 1.0);
        Assert.InRange(clean.CalibrationError!.Value, 0, 0.08);
    }

    [Fact]
    public void RandomFeatures_MinimumNorm_TestErrorPeaksWhereFeaturesEqualSamples_AndRidgeRemovesThePeak()
    {
        const int n = 100;
        int[] features = [25, 50, 80, 100, 125, 200, 400, 1600];
        var data = DatasetConfig.LinearRegression(inputs: 20, noise: 0.2, train: n, test: 2000);
        double TestError(int p, double ridge) => Enumerable.Range(0, 3).Average(seed =>
            Run(_cpu, new TrialConfig(data, new RandomFeaturesConfig(p), new LeastSquaresConfig(ridge), EvaluationConfig.CleanOnly, seed)).Evaluations[0].Loss);

        double[] ridgeless = [.. features.Select(p => TestError(p, 0))];
        double ridgedPeak = TestError(n, 1.0);

        int peak = Array.IndexOf(ridgeless, ridgeless.Max());
        Assert.True(features[peak] == n, $"peak at p = {features[peak]}: {string.Join(", ", ridgeless.Select(e => e.ToString("G3")))}");
        Assert.True(ridgeless[peak] > 5 * ridgeless[0] && ridgeless[peak] > 5 * ridgeless[^1], "the peak stands out on both sides");
        Assert.True(ridgedPeak < ridgeless[peak] / 5, $"ridge at p = n: {ridgedPeak:G3} vs {ridgeless[peak]:G3}");
    }

    [Fact]
    public void LinearLeastSquares_RecoversANoiselessLinearTeacher()
    {
        var data = DatasetConfig.LinearRegression(inputs: 12, noise: 0, train: 50, test: 500);

        TrialResult result = Run(_cpu, new TrialConfig(data, new LinearConfig(), new LeastSquaresConfig(), EvaluationConfig.CleanOnly, 3));

        Assert.InRange(result.Evaluations[0].Loss, 0, 1e-9);
        Assert.Equal(13, result.Parameters);
    }

    [Fact]
    public void Trial_OnCpu_IsBitReproducible()
    {
        TrialConfig trial = SmallTrial(steps: 150) with { Evaluations = [new("clean", ShiftConfig.None), new("pgd", ShiftConfig.Pgd(0.1, 3))] };

        TrialResult first = Run(_cpu, trial), second = Run(_cpu, trial);

        Assert.Equal(first.TrainLoss, second.TrainLoss);
        Assert.Equal(first.Evaluations, second.Evaluations);
        Assert.Equal(first.LossCurve, second.LossCurve);
    }

    [Fact]
    public void Trial_OnIlgpuCpu_IsBitReproducible()
    {
        TrialConfig trial = SmallTrial(steps: 20);

        TrialResult first = Run(ilgpu.Backend!, trial), second = Run(ilgpu.Backend!, trial);

        Assert.Equal(first.Evaluations, second.Evaluations);
        Assert.Equal(first.LossCurve, second.LossCurve);
    }

    [Fact]
    public void TrainingSteps_OnCpuAndIlgpuCpu_GiveTheSameParameters()
    {
        var shape = new MlpShape(8, [33, 7], 3, ActivationKind.Tanh);
        var data = new GaussianMixtureConfig(Inputs: 8, Classes: 3, Separation: 2, Train: 100, Test: 10);
        float[][] results = [.. new[] { _cpu, ilgpu.Backend! }.Select(backend =>
        {
            using var trainer = new MlpTrainer(backend, shape, models: 2, batchRows: 33, trainRows: 100, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
            for (int k = 0; k < 2; k++)
            {
                trainer.LoadTrainingData(k, DatasetFactory.Train(data, (ulong)k));
                trainer.SetShuffleSeed(k, (ulong)k);
                trainer.InitializeParameters(k, (ulong)k);
                trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 1e-2f, ClipNorm = 1f, TotalSteps = 5 });
            }

            for (int step = 0; step < 5; step++)
            {
                trainer.Step(step);
            }

            return trainer.GetParameters(0).Concat(trainer.GetParameters(1)).ToArray();
        })];

        Tolerance.AssertClose(results[1], [.. results[0].Select(v => (double)v)], 1e-4, 0.1, "ilgpu-cpu vs cpu parameters");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void FusedCpuStep_MatchesTheKernelByKernelStep(int models)
    {
        // The fused step (row blocks, gradient groups) against the same step composed from the contract's kernels.
        var shape = new MlpShape(8, [40, 24], 3, ActivationKind.Gelu);
        var data = new GaussianMixtureConfig(Inputs: 8, Classes: 3, Separation: 2, Train: 300, Test: 10);
        var cpu = (Cpu.CpuBackend)_cpu;
        float[][] results = new float[2][];
        for (int fused = 0; fused < 2; fused++)
        {
            cpu.FuseTrainingSteps = fused == 1;
            try
            {
                using var trainer = new MlpTrainer(cpu, shape, models, batchRows: 200, trainRows: 300, LossKind.SoftmaxCrossEntropy, OptimizerKind.AdamW);
                for (int k = 0; k < models; k++)
                {
                    trainer.LoadTrainingData(k, DatasetFactory.Train(data, (ulong)k));
                    trainer.SetShuffleSeed(k, (ulong)k);
                    trainer.InitializeParameters(k, (ulong)k);
                    trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 1e-2f, WeightDecay = 0.1f, ClipNorm = 0.5f, TotalSteps = 6 });
                }

                for (int step = 0; step < 6; step++)
                {
                    trainer.Step(step);
                }

                results[fused] = [.. Enumerable.Range(0, models).SelectMany(trainer.GetParameters)];
            }
            finally
            {
                cpu.FuseTrainingSteps = true;
            }
        }

        Tolerance.AssertClose(results[1], [.. results[0].Select(v => (double)v)], 1e-4, 0.1, "fused vs kernel-by-kernel parameters");
    }

    [Fact]
    public void Trial_OnIlgpuCpu_MatchesCpuToTolerance()
    {
        TrialConfig trial = SmallTrial(steps: 30);

        TrialResult cpu = Run(_cpu, trial), reference = Run(ilgpu.Backend!, trial);

        Assert.Equal(cpu.TrainLoss, reference.TrainLoss, 1e-3 * cpu.TrainLoss);
        Assert.Equal(cpu.Evaluations[0].Loss, reference.Evaluations[0].Loss, 1e-3 * cpu.Evaluations[0].Loss);
    }

    [Fact]
    public void BatchedTrials_MatchTheSameTrialsRunOneByOne()
    {
        TrialConfig[] trials =
        [
            SmallTrial(steps: 100, seed: 1),
            SmallTrial(steps: 100, seed: 2) with { Train = new GradientConfig(OptimizerKind.Adam, 1e-2, 100, 64) { WeightDecay = 1e-3 } },
            SmallTrial(steps: 100, seed: 3) with { Train = new GradientConfig(OptimizerKind.Adam, 3e-3, 100, 64) { Schedule = ScheduleKind.WarmupCosine, WarmupSteps = 10 } },
            SmallTrial(steps: 100, seed: 4),
        ];
        Assert.Single(trials.Select(Trials.BatchKey).Distinct());

        IReadOnlyList<TrialResult> batched = Trials.RunBatch(_cpu, trials, TestContext.Current.CancellationToken);

        for (int k = 0; k < trials.Length; k++)
        {
            TrialResult alone = Run(_cpu, trials[k]);
            Assert.Equal(4, batched[k].BatchSize);
            Assert.Equal(alone.Evaluations[0].Loss, batched[k].Evaluations[0].Loss, 1e-6 * alone.Evaluations[0].Loss);
            Assert.Equal(alone.TrainLoss, batched[k].TrainLoss, 1e-6 * alone.TrainLoss);
        }
    }

    [Fact]
    public void AdversarialEvaluations_HurtMoreWithMoreSteps_AndNotAtAllWithZeroRadius()
    {
        var data = new GaussianMixtureConfig(Inputs: 10, Classes: 3, Separation: 3.0, Train: 1000, Test: 1000);
        var trial = new TrialConfig(
            data,
            new MlpConfig([32]),
            new GradientConfig(OptimizerKind.Adam, 3e-3, Steps: 300, Batch: 100),
            [new("clean", ShiftConfig.None), new("zero", ShiftConfig.Fgsm(0)), new("fgsm", ShiftConfig.Fgsm(0.3)), new("pgd", ShiftConfig.Pgd(0.3, steps: 10))],
            Seed: 5);

        IReadOnlyList<EvaluationResult> e = Run(_cpu, trial).Evaluations;

        Assert.Equal(e[0].Loss, e[1].Loss, 1e-9);
        Assert.True(e[2].Loss > e[0].Loss * 1.2, $"FGSM {e[2].Loss:G3} vs clean {e[0].Loss:G3}");
        Assert.True(e[3].Loss >= e[2].Loss * 0.999, $"PGD {e[3].Loss:G3} vs FGSM {e[2].Loss:G3}");
        Assert.True(e[3].Accuracy < e[0].Accuracy);
    }

    [Fact]
    public void RandomFeaturesAttack_GoesThroughTheFeatureMap()
    {
        var data = DatasetConfig.LinearRegression(inputs: 10, noise: 0.1, train: 200, test: 500);
        var trial = new TrialConfig(data, new RandomFeaturesConfig(50, FeatureMapKind.Fourier), new LeastSquaresConfig(1e-3), [new("clean", ShiftConfig.None), new("fgsm", ShiftConfig.Fgsm(0.2))], 6);

        IReadOnlyList<EvaluationResult> e = Run(_cpu, trial).Evaluations;

        Assert.True(e[1].Loss > e[0].Loss * 1.5, $"FGSM {e[1].Loss:G3} vs clean {e[0].Loss:G3}");
    }

    [Fact]
    public void Run_StopsWhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Trials.Run(_cpu, SmallTrial(steps: 1000), cancel.Token));
    }

    [Fact]
    public void Validate_RejectsLeastSquaresForAnMlp_AndBatchKeysIgnoreLearningRates()
    {
        TrialConfig trial = SmallTrial(steps: 10);

        Assert.NotEmpty(Trials.Validate(trial with { Train = new LeastSquaresConfig() }));
        Assert.Empty(Trials.Validate(trial));
        Assert.Equal(Trials.BatchKey(trial), Trials.BatchKey(trial with { Seed = 9, Train = new GradientConfig(OptimizerKind.Adam, 0.5, 10, 64) }));
        Assert.NotEqual(Trials.BatchKey(trial), Trials.BatchKey(trial with { Model = new MlpConfig([17]) }));
        Assert.Throws<ArgumentException>(() => Trials.RunBatch(_cpu, [trial, trial with { Model = new MlpConfig([17]) }], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Costs_CountParametersAndTrainingFlopsExactly()
    {
        var shape = new MlpShape(32, [64], 1, ActivationKind.Relu);

        Assert.Equal((33 * 64) + 65, shape.Parameters);
        Assert.Equal(shape.Parameters, new MlpConfig([64]).Parameters(32, 1));
        Assert.Equal((2 * 32 * 64) + (2 * 64), shape.ForwardFlopsPerSample);
        Assert.Equal((3 * shape.ForwardFlopsPerSample) - (2 * 32 * 64), shape.TrainingFlopsPerSample);
        TrialResult r = Run(_cpu, SmallTrial(steps: 10));
        Assert.Equal(10 * 64 * new MlpShape(8, [16], 1, ActivationKind.Relu).TrainingFlopsPerSample, r.TrainingFlops);
        Assert.Equal(640, r.SamplesSeen);
    }

    [Fact]
    public void Schedule_WarmsUpLinearlyThenDecaysByCosine()
    {
        var s = OptimizerSettings.Default with { LearningRate = 1f, Schedule = ScheduleKind.WarmupCosine, WarmupSteps = 4, TotalSteps = 104 };

        Assert.Equal(0.25, s.LearningRateAt(0), 12);
        Assert.Equal(1.0, s.LearningRateAt(3), 12);
        Assert.Equal(1.0, s.LearningRateAt(4), 12);
        Assert.Equal(0.5, s.LearningRateAt(54), 12);
        Assert.InRange(s.LearningRateAt(103), 0, 1e-3);
        Assert.Equal(1.0, (OptimizerSettings.Default with { LearningRate = 1f }).LearningRateAt(77));
    }

    private static TrialResult Run(ComputeBackend backend, TrialConfig trial) => Trials.Run(backend, trial, TestContext.Current.CancellationToken);

    private static TrialConfig SmallTrial(int steps, long seed = 1) => new(
        s_task with { Train = 256, Test = 256 },
        new MlpConfig([16]),
        new GradientConfig(OptimizerKind.Adam, 3e-3, steps, 64),
        EvaluationConfig.CleanOnly,
        seed);
}
