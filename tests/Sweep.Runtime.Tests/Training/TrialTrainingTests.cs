using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>The training layer on the Dsl's specs: training really learns, reproduces, batches, and agrees across backends.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class TrialTrainingTests(IlgpuCpuFixture ilgpu) : IDisposable
{
    private static readonly TeacherStudentData s_task = DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 2048, test: 2048);
    private static readonly NamedEvaluation[] s_clean = [new("clean", ShiftSpec.None)];

    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    [Fact]
    public void Mlp_OnTeacherStudentRegression_ReachesTestLossBelowTenPercentOfTheLabelVariance()
    {
        TrainingTrial trial = new(new TrialSpec(s_task, ModelSpec.Mlp(64), TrainSpec.Adam(lr: 3e-3, steps: 2000, batch: 128), s_clean), Seed: 1);

        TrialResult result = Run(_cpu, trial, lossCurvePoints: 20);

        double variance = SyntheticData.Test(s_task, 1, ShiftSpec.None).TargetVariance();
        Assert.True(result.Evaluations[0].Loss < 0.1 * variance, $"test loss {result.Evaluations[0].Loss:G3} vs label variance {variance:G3}");
        Assert.Equal(20, result.LossCurve.Count);
        Assert.True(result.LossCurve[^1].Loss < 0.2 * result.LossCurve[0].Loss, "the minibatch loss fell during training");
    }

    [Fact]
    public void Mlp_OnGaussianMixture_ClassifiesWellAndStaysCalibrated()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 10, classes: 4, separation: 3.0, train: 2000, test: 2000);
        TrainingTrial trial = new(new TrialSpec(data, ModelSpec.Mlp(Activation.Gelu, 32), TrainSpec.AdamW(lr: 3e-3, steps: 600, batch: 128, weightDecay: 0.01), s_clean), Seed: 2);

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
        DataSpec data = DataSpec.TeacherStudent(inputs: 20, noise: 0.2, train: n, test: 2000);
        double TestError(int p, double ridge) => Enumerable.Range(0, 3).Average(seed =>
            Run(_cpu, new TrainingTrial(new TrialSpec(data, ModelSpec.RandomFeatures(p), TrainSpec.LeastSquares(ridge), s_clean), seed)).Evaluations[0].Loss);

        double[] ridgeless = [.. features.Select(p => TestError(p, 0))];
        double ridgedPeak = TestError(n, 1.0 / n);

        int peak = Array.IndexOf(ridgeless, ridgeless.Max());
        Assert.True(features[peak] == n, $"peak at p = {features[peak]}: {string.Join(", ", ridgeless.Select(e => e.ToString("G3")))}");
        Assert.True(ridgeless[peak] > 5 * ridgeless[0] && ridgeless[peak] > 5 * ridgeless[^1], "the peak stands out on both sides");
        Assert.True(ridgedPeak < ridgeless[peak] / 5, $"ridge at p = n: {ridgedPeak:G3} vs {ridgeless[peak]:G3}");
    }

    [Fact]
    public void LinearLeastSquares_RecoversANoiselessLinearTeacher()
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 12, noise: 0, train: 50, test: 500);

        TrialResult result = Run(_cpu, new TrainingTrial(new TrialSpec(data, ModelSpec.Linear(), TrainSpec.LeastSquares(), s_clean), 3));

        Assert.InRange(result.Evaluations[0].Loss, 0, 1e-9);
        Assert.Equal(13, result.Parameters);
    }

    [Fact]
    public void Trial_OnCpu_IsBitReproducible()
    {
        TrainingTrial trial = SmallTrial(steps: 150, evaluations: [new("clean", ShiftSpec.None), new("pgd", ShiftSpec.Pgd(0.1, 3))]);

        TrialResult first = Run(_cpu, trial, lossCurvePoints: 10), second = Run(_cpu, trial, lossCurvePoints: 10);

        Assert.Equal(first.TrainLoss, second.TrainLoss);
        Assert.Equal(first.Evaluations, second.Evaluations);
        Assert.Equal(first.LossCurve, second.LossCurve);
    }

    [Fact]
    public void Trial_OnIlgpuCpu_IsBitReproducible()
    {
        TrainingTrial trial = SmallTrial(steps: 20);

        TrialResult first = Run(ilgpu.Backend, trial, lossCurvePoints: 5), second = Run(ilgpu.Backend, trial, lossCurvePoints: 5);

        Assert.Equal(first.Evaluations, second.Evaluations);
        Assert.Equal(first.LossCurve, second.LossCurve);
    }

    [Fact]
    public void Trial_OnIlgpuCpu_MatchesCpuToTolerance()
    {
        TrainingTrial trial = SmallTrial(steps: 30);

        TrialResult cpu = Run(_cpu, trial), reference = Run(ilgpu.Backend, trial);

        Assert.Equal(cpu.TrainLoss, reference.TrainLoss, 1e-3 * cpu.TrainLoss);
        Assert.Equal(cpu.Evaluations[0].Loss, reference.Evaluations[0].Loss, 1e-3 * cpu.Evaluations[0].Loss);
    }

    [Fact]
    public void RandomFeaturesAdversarialTraining_OnIlgpuCpu_MatchesCpuToTolerance()
    {
        // The attack and the map run on the host; the readout's steps run on the backend: the simulator agrees.
        DataSpec data = DataSpec.GaussianMixture(inputs: 6, classes: 3, separation: 2.0, train: 256, test: 300);
        GradientTrain train = TrainSpec.Adam(lr: 1e-2, steps: 20, batch: 32) with { Adversarial = AdversarialTraining.Pgd(0.2, steps: 2), InputNoise = 0.1 };
        TrainingTrial trial = new(new TrialSpec(data, ModelSpec.RandomFeatures(32), train, [new("clean", ShiftSpec.None), new("pgd", ShiftSpec.Pgd(0.2, steps: 3))]), 2);

        TrialResult cpu = Run(_cpu, trial), reference = Run(ilgpu.Backend, trial);

        Assert.Equal(cpu.TrainLoss, reference.TrainLoss, 1e-3 * cpu.TrainLoss);
        Assert.All(cpu.Evaluations.Zip(reference.Evaluations), p => Assert.Equal(p.First.Loss, p.Second.Loss, 1e-3 * p.First.Loss));
    }

    [Fact]
    public void BatchedTrials_MatchTheSameTrialsRunOneByOne()
    {
        TrainingTrial first = SmallTrial(steps: 100, seed: 1);
        TrainingTrial[] trials =
        [
            first,
            SmallTrial(steps: 100, seed: 2) with { Spec = first.Spec with { Train = TrainSpec.Adam(lr: 1e-2, steps: 100, batch: 64, weightDecay: 1e-3) } },
            SmallTrial(steps: 100, seed: 3) with
            {
                Spec = first.Spec with { Train = TrainSpec.Adam(lr: 3e-3, steps: 100, batch: 64) with { Schedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 10 } },
            },
            SmallTrial(steps: 100, seed: 4),
        ];
        Assert.Single(trials.Select(t => TrialTraining.BatchKey(t.Spec)).Distinct());

        IReadOnlyList<TrialResult> batched = TrialTraining.RunBatch(_cpu, trials, TestContext.Current.CancellationToken);

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
        DataSpec data = DataSpec.GaussianMixture(inputs: 10, classes: 3, separation: 3.0, train: 1000, test: 1000);
        TrainingTrial trial = new(
            new TrialSpec(
                data,
                ModelSpec.Mlp(32),
                TrainSpec.Adam(lr: 3e-3, steps: 300, batch: 100),
                [new("clean", ShiftSpec.None), new("zero", ShiftSpec.Fgsm(0)), new("fgsm", ShiftSpec.Fgsm(0.3)), new("pgd", ShiftSpec.Pgd(0.3, steps: 10))]),
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
        DataSpec data = DataSpec.TeacherStudent(inputs: 10, noise: 0.1, train: 200, test: 500);
        TrainingTrial trial = new(
            new TrialSpec(data, ModelSpec.RandomFeatures(50, FeatureMap.Fourier), TrainSpec.LeastSquares(1e-3 / 200), [new("clean", ShiftSpec.None), new("fgsm", ShiftSpec.Fgsm(0.2))]), 6);

        IReadOnlyList<EvaluationResult> e = Run(_cpu, trial).Evaluations;

        Assert.True(e[1].Loss > e[0].Loss * 1.5, $"FGSM {e[1].Loss:G3} vs clean {e[0].Loss:G3}");
    }

    [Fact]
    public void ProvidedData_TrainsOnTheGivenSamples_AndRefusesACovariateShiftOrAnotherShape()
    {
        TeacherStudentData data = DataSpec.TeacherStudent(inputs: 16, teacherWidth: 64, noise: 0.1, train: 300, test: 200);
        Dataset train = SyntheticData.Train(data, 10), test = SyntheticData.Test(data, 10, ShiftSpec.None);
        TrialSpec spec = new(data, ModelSpec.Linear(), TrainSpec.LeastSquares(), [new("clean", ShiftSpec.None), new("noisy", ShiftSpec.InputNoise(1.0))]);
        TrainingTrial provided = new TrainingTrial(spec, 99) with { Provided = new ProvidedData(train, test) };

        TrialResult given = Run(_cpu, provided);

        // Seed 99 would generate other samples; the given ones (drawn with seed 10) are what it trained and tested on.
        Assert.Equal(Run(_cpu, new TrainingTrial(spec, 10)).Evaluations[0].Loss, given.Evaluations[0].Loss, 1e-12);
        Assert.True(given.Evaluations[1].Loss > given.Evaluations[0].Loss, "input noise hurts a linear fit");
        ArgumentException covariate = Assert.Throws<ArgumentException>(() => Run(_cpu, provided with { Spec = spec with { Evaluations = [new("wide", ShiftSpec.Covariate(2))] } }));
        Assert.Contains("evaluation 'wide': a covariate shift redraws inputs", covariate.Message, StringComparison.Ordinal);
        ArgumentException shape = Assert.Throws<ArgumentException>(() => Run(_cpu, provided with { Spec = spec with { Data = DataSpec.TeacherStudent(inputs: 8, train: 300, test: 200) } }));
        Assert.Contains("the provided training set has 16 inputs", shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StopsWhenCancelled()
    {
        using CancellationTokenSource cancel = new();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TrialTraining.Run(_cpu, SmallTrial(steps: 1000), cancel.Token));
    }

    [Fact]
    public void Validation_RejectsLeastSquaresForAnMlp_AndSettingsAWithPutOutOfRange_AndBatchKeysIgnoreLearningRates()
    {
        TrialSpec spec = SmallTrial(steps: 10).Spec;

        Assert.Equal(
            ["least squares fits linear and random-features models only; train an MLP with a gradient optimiser."],
            SpecValidation.Errors(spec with { Train = TrainSpec.LeastSquares() }));
        Assert.Empty(SpecValidation.Errors(spec));
        Assert.Equal(
            ["gradient training needs steps ≥ 1 and batch ≥ 1 (steps 0, batch 64).", "beta2 must be in [0, 1) (got 1)."],
            SpecValidation.Errors(spec with { Train = TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 64) with { Steps = 0, Beta2 = 1 } }));
        Assert.Equal(TrialTraining.BatchKey(spec), TrialTraining.BatchKey(spec with { Train = TrainSpec.Adam(lr: 0.5, steps: 10, batch: 64) }));
        Assert.NotEqual(TrialTraining.BatchKey(spec), TrialTraining.BatchKey(spec with { Model = ModelSpec.Mlp(17) }));
        Assert.Null(TrialTraining.BatchKey(spec with { Train = TrainSpec.LeastSquares() }));
        Assert.Throws<ArgumentException>(() => TrialTraining.RunBatch(
            _cpu, [new TrainingTrial(spec, 1), new TrainingTrial(spec with { Model = ModelSpec.Mlp(17) }, 1)], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Costs_CountTrainingFlopsAndSamplesExactly()
    {
        TrialResult r = Run(_cpu, SmallTrial(steps: 10));

        Assert.Equal(10 * 64 * new MlpShape(8, [16], 1, ActivationKind.Relu).TrainingFlopsPerSample, r.TrainingFlops);
        Assert.Equal(TrainingCost.TrainingFlops(SmallTrial(steps: 10).Spec), r.TrainingFlops);
        Assert.Equal(640, r.SamplesSeen);
        Assert.Equal(ModelSpec.Mlp(16).Parameters(8, 1), r.Parameters);
    }

    private static TrialResult Run(ComputeBackend backend, TrainingTrial trial, int lossCurvePoints = 0)
        => TrialTraining.Run(backend, trial, TestContext.Current.CancellationToken, lossCurvePoints);

    private static TrainingTrial SmallTrial(int steps, long seed = 1, NamedEvaluation[]? evaluations = null) => new(
        new TrialSpec(
            DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 256, test: 256),
            ModelSpec.Mlp(16),
            TrainSpec.Adam(lr: 3e-3, steps: steps, batch: 64),
            evaluations ?? s_clean),
        seed);
}
