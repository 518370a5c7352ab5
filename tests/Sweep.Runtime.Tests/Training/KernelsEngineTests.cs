using Sweep.Kernels;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>The built-in engine on the <c>cpu</c> backend: closed-form checks of least squares, gradient training, every evaluation, metrics, costs and threads.</summary>
public sealed class KernelsEngineTests
{
    private const string Clean = "Clean";

    private static readonly KernelsEngine s_engine = new(BackendKind.Cpu);

    private static TrialSpec Spec(DataSpec data, ModelSpec model, TrainSpec train, params NamedEvaluation[] evaluations)
        => new(data, model, train, evaluations.Length == 0 ? [new NamedEvaluation(Clean, ShiftSpec.None)] : evaluations);

    private static RecordingContext Run(TrialSpec spec, int seed)
    {
        RecordingContext context = new(seed);
        s_engine.Run(spec, context);
        return context;
    }

    [Fact]
    public void OrdinaryLeastSquares_OnALinearTeacher_HasTheClosedFormTestError()
    {
        // Linear teacher, Gaussian design x ~ N(0, I_d), noise σ, OLS with an intercept (p = d + 1 parameters).
        // Exactly: E[test MSE] = σ²·(1 + 1/n + d·(n+1)/(n·(n−d−2))) (sample mean and scatter of Gaussian rows are
        // independent, and E[S⁻¹] = I/(n−d−2) for the Wishart scatter S). The usual σ²·(1 + p/(n−p−1)) differs
        // from it by 2σ²/(n·(n−d−2)), 0.1% here.
        const int d = 8, n = 40, seeds = 1_000;
        const double sigma = 0.5;
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: d, teacherWidth: 0, noise: sigma, train: n, test: 1_000), ModelSpec.Linear(), TrainSpec.LeastSquares(0));

        double[] losses = [.. Enumerable.Range(0, seeds).Select(seed => Run(spec, seed)[Clean, Metric.TestLoss])];

        double mean = losses.Average();
        double standardError = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (seeds - 1) / seeds);
        double exact = sigma * sigma * (1 + 1.0 / n + d * (n + 1.0) / (n * (n - d - 2.0)));
        const int p = d + 1;
        double textbook = sigma * sigma * (1 + p / (n - p - 1.0));
        Assert.True(standardError < 0.01 * exact, $"the check is too loose to mean anything: standard error {standardError}");
        Assert.True(Math.Abs(mean - exact) < 4 * standardError, $"mean test MSE {mean} ± {standardError} vs closed form {exact}");
        Assert.True(Math.Abs(mean - textbook) < 4 * standardError + Math.Abs(textbook - exact), $"mean test MSE {mean} vs σ²(1 + p/(n−p−1)) = {textbook}");

        // Without the intercept's parameter, or with half the noise, the answer would be outside the band.
        double noIntercept = sigma * sigma * (1 + d / (n - d - 1.0));
        Assert.True(Math.Abs(mean - noIntercept) > 4 * standardError, "the tolerance must tell p = d from p = d + 1");
    }

    [Fact]
    public void OrdinaryLeastSquares_TrainLoss_IsBelowTheNoise_ByTheDegreesOfFreedomUsed()
    {
        // E[train MSE] = σ²·(n − p)/n for OLS with p parameters.
        const int d = 8, n = 40, seeds = 400;
        const double sigma = 0.5;
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: d, noise: sigma, train: n, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares(0));

        double[] losses = [.. Enumerable.Range(0, seeds).Select(seed => Run(spec, seed)[Clean, Metric.TrainLoss])];

        double mean = losses.Average();
        double standardError = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (seeds - 1) / seeds);
        double expected = sigma * sigma * (n - (d + 1.0)) / n;
        Assert.True(Math.Abs(mean - expected) < 4 * standardError, $"mean train MSE {mean} ± {standardError} vs {expected}");
    }

    [Fact]
    public void MinimumNormRandomFeatures_WithMoreFeaturesThanSamples_Interpolate()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 32, test: 64), ModelSpec.RandomFeatures(256), TrainSpec.LeastSquares(0));

        RecordingContext context = Run(spec, seed: 1);

        Assert.True(context[Clean, Metric.TrainLoss] < 1e-12, $"train loss {context[Clean, Metric.TrainLoss]} should be zero up to rounding");
        Assert.True(double.IsFinite(context[Clean, Metric.TestLoss]) && context[Clean, Metric.TestLoss] > 0.01);
    }

    [Fact]
    public void RandomFeatures_BelowTheThreshold_DoNotInterpolateNoisyData()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 256, test: 64), ModelSpec.RandomFeatures(32), TrainSpec.LeastSquares(0));

        Assert.True(Run(spec, seed: 1)[Clean, Metric.TrainLoss] > 0.01);
    }

    [Theory]
    [InlineData(FeatureMap.Relu)]
    [InlineData(FeatureMap.Fourier)]
    public void LargerRidge_FitsTheTrainingDataLess(FeatureMap map)
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 6, teacherWidth: 16, noise: 0.3, train: 128, test: 64);

        double previous = -1;
        foreach (double ridge in new[] { 0.0, 1e-4, 1e-2, 1e-1, 1, 10 })
        {
            double trainLoss = Run(Spec(data, ModelSpec.RandomFeatures(96, map), TrainSpec.LeastSquares(ridge)), seed: 2)[Clean, Metric.TrainLoss];
            Assert.True(trainLoss > previous, $"train loss at λ={ridge} is {trainLoss}, not above {previous}");
            previous = trainLoss;
        }
    }

    [Fact]
    public void SameSeed_ReproducesEveryMetricBitForBit_AndAnotherSeedDiffers()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 64, test: 128),
            ModelSpec.RandomFeatures(48),
            TrainSpec.LeastSquares(1e-3),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Wider", ShiftSpec.Covariate(2.0)),
            new NamedEvaluation("Noisy", ShiftSpec.InputNoise(0.5)));

        RecordingContext first = Run(spec, seed: 3);
        RecordingContext again = Run(spec, seed: 3);
        RecordingContext other = Run(spec, seed: 4);

        Assert.Equal(3 * 5, first.Values.Count);
        Assert.Equal(
            first.Values.OrderBy(p => p.Key).Select(p => (p.Key, BitConverter.DoubleToInt64Bits(p.Value))),
            again.Values.OrderBy(p => p.Key).Select(p => (p.Key, BitConverter.DoubleToInt64Bits(p.Value))));
        Assert.NotEqual(first[Clean, Metric.TestLoss], other[Clean, Metric.TestLoss]);
        Assert.NotEqual(first[Clean, Metric.TrainLoss], other[Clean, Metric.TrainLoss]);
        Assert.NotEqual(first[Clean, Metric.TestLoss], first["Wider", Metric.TestLoss]);
        Assert.NotEqual(first[Clean, Metric.TestLoss], first["Noisy", Metric.TestLoss]);
    }

    [Fact]
    public void Run_RecordsSizeAndCostMetricsPerEvaluation()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, noise: 0.1, train: 64, test: 32),
            ModelSpec.RandomFeatures(24),
            TrainSpec.LeastSquares(1e-3),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Wider", ShiftSpec.Covariate(2.0)));

        RecordingContext context = Run(spec, seed: 0);

        double flops = TrainingCost.TrainingFlops(spec);
        foreach (string evaluation in new[] { Clean, "Wider" })
        {
            Assert.Equal(24, context[evaluation, Metric.Parameters]);
            Assert.Equal(64, context[evaluation, Metric.Tokens]);
            Assert.Equal(flops, context[evaluation, Metric.Flops]);
            Assert.False(context.Values.ContainsKey((evaluation, Metric.TestAccuracy)), "regression records no accuracy");
            Assert.False(context.Values.ContainsKey((evaluation, Metric.CalibrationError)), "regression records no calibration");
        }

        Assert.True(s_engine.EstimateCost(spec) > flops, "the plan's estimate adds the evaluations to the training compute");
    }

    [Fact]
    public void Classification_OnSeparatedClasses_IsAccurate()
    {
        TrialSpec spec = Spec(DataSpec.GaussianMixture(inputs: 4, classes: 3, separation: 4, train: 300, test: 600), ModelSpec.Linear(), TrainSpec.LeastSquares(1e-6));

        RecordingContext context = Run(spec, seed: 0);

        Assert.InRange(context[Clean, Metric.TestAccuracy], 0.85, 1.0);
    }

    [Fact]
    public void EstimateCost_GrowsWithFeaturesAndSamples_AndCountsGradientTrainingExactly()
    {
        DataSpec small = DataSpec.TeacherStudent(inputs: 8, train: 64, test: 64);
        DataSpec large = DataSpec.TeacherStudent(inputs: 8, train: 256, test: 64);

        double a = s_engine.EstimateCost(Spec(small, ModelSpec.RandomFeatures(16), TrainSpec.LeastSquares()));
        double b = s_engine.EstimateCost(Spec(small, ModelSpec.RandomFeatures(64), TrainSpec.LeastSquares()));
        double c = s_engine.EstimateCost(Spec(large, ModelSpec.RandomFeatures(64), TrainSpec.LeastSquares()));
        Assert.True(a > 0 && a < b && b < c, $"{a} < {b} < {c}");

        // 8→8→1: forward 2·(8·8 + 8·1) = 144 FLOPs per sample; training adds the weight gradients (144) and the
        // input gradient of the second layer (16): 304 per sample, below the usual 6·N = 486.
        TrialSpec gradient = Spec(small, ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-3, steps: 100, batch: 32));
        RecordingContext context = Run(gradient, seed: 0);
        Assert.Equal(304.0 * 100 * 32, context[Clean, Metric.Flops]);
        Assert.Equal(100 * 32, context[Clean, Metric.Tokens]);
        Assert.Equal(ModelSpec.Mlp(8).Parameters(8, 1), context[Clean, Metric.Parameters]);

        // The plan adds a forward pass over the training set and each test set, and three more per attack step.
        Assert.Equal((304.0 * 100 * 32) + ((64 + 64) * 144), s_engine.EstimateCost(gradient));
        TrialSpec attacked = gradient with { Evaluations = [new NamedEvaluation(Clean, ShiftSpec.Pgd(0.1, steps: 5))] };
        Assert.Equal((304.0 * 100 * 32) + ((64 + (64 * 16)) * 144), s_engine.EstimateCost(attacked));
    }

    [Fact]
    public void Mlp_TrainedWithAdam_LearnsTheTeacher()
    {
        // The teacher's output has variance ≈ 1 and the noise 0.1² = 0.01: an untrained model scores ≈ 1.
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 1_024, test: 512),
            ModelSpec.Mlp(32, 32),
            TrainSpec.Adam(lr: 3e-3, steps: 400, batch: 64) with { Schedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 20 });

        RecordingContext context = Run(spec, seed: 1);

        Assert.InRange(context[Clean, Metric.TestLoss], 0.01, 0.25);
        Assert.True(context[Clean, Metric.TrainLoss] < context[Clean, Metric.TestLoss], "train loss below test loss");
    }

    [Theory]
    [InlineData(Optimizer.Sgd)]
    [InlineData(Optimizer.Adam)]
    [InlineData(Optimizer.AdamW)]
    public void EveryOptimiser_ClassifiesSeparatedClasses_AndRecordsCalibration(Optimizer optimizer)
    {
        GradientTrain train = optimizer switch
        {
            Optimizer.Sgd => TrainSpec.Sgd(lr: 0.05, steps: 200, batch: 64, momentum: 0.9) with { ClipNorm = 1.0 },
            Optimizer.Adam => TrainSpec.Adam(lr: 1e-2, steps: 200, batch: 64, weightDecay: 1e-4),
            _ => TrainSpec.AdamW(lr: 1e-2, steps: 200, batch: 64, weightDecay: 0.01),
        };
        TrialSpec spec = Spec(DataSpec.GaussianMixture(inputs: 4, classes: 3, separation: 4, train: 512, test: 512), ModelSpec.Mlp(Activation.Gelu, 16), train);

        RecordingContext context = Run(spec, seed: 0);

        Assert.InRange(context[Clean, Metric.TestAccuracy], 0.85, 1.0);
        Assert.InRange(context[Clean, Metric.CalibrationError], 0.0, 0.2);
        Assert.True(context[Clean, Metric.TestLoss] < Math.Log(3), "cross-entropy below chance's ln 3");
    }

    [Fact]
    public void AProbabilisticClassifiersEvaluations_ComeWithReliabilityDiagrams_WhoseGapIsTheEce()
    {
        TrialSpec spec = Spec(
            DataSpec.GaussianMixture(inputs: 4, classes: 3, separation: 2, train: 256, test: 300),
            ModelSpec.Mlp(8),
            TrainSpec.Adam(lr: 1e-2, steps: 60, batch: 64),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Noisy", ShiftSpec.InputNoise(sigma: 1.0)));
        TrialSpec regression = Spec(DataSpec.TeacherStudent(inputs: 4, train: 64, test: 64), ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-2, steps: 20, batch: 32));

        IReadOnlyList<Sweep.Storage.MetricValue> metrics = s_engine.Run(new TrainingTrial(spec, 0), new EngineContext(1, CancellationToken.None));
        IReadOnlyList<Sweep.Storage.MetricValue> none = s_engine.Run(new TrainingTrial(regression, 0), new EngineContext(1, CancellationToken.None));

        IReadOnlyDictionary<string, ReliabilityDiagram> diagrams = TrialMetrics.ReliabilityOf(metrics);
        Assert.Equal([Clean, "Noisy"], diagrams.Keys.Order(StringComparer.Ordinal));
        foreach ((string evaluation, ReliabilityDiagram diagram) in diagrams)
        {
            double ece = metrics.Single(m => m.Evaluation == evaluation && m.Name == Metric.CalibrationError).Value;
            double accuracy = metrics.Single(m => m.Evaluation == evaluation && m.Name == Metric.TestAccuracy).Value;
            Assert.Equal(300, diagram.Count);
            Assert.Equal(ece, diagram.ExpectedCalibrationError, 12);
            Assert.Equal(accuracy, diagram.Bins.Where(b => b.Count > 0).Sum(b => b.Count * b.Accuracy) / 300, 12);
        }

        Assert.Empty(TrialMetrics.ReliabilityOf(none));
    }

    [Fact]
    public void AdversarialEvaluations_RaiseTheLoss_PgdMoreThanFgsm()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 512, test: 256),
            ModelSpec.Mlp(Activation.Tanh, 16),
            TrainSpec.Adam(lr: 1e-2, steps: 200, batch: 64),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Fgsm", ShiftSpec.Fgsm(0.2)),
            new NamedEvaluation("Pgd", ShiftSpec.Pgd(0.2, steps: 10)));

        RecordingContext context = Run(spec, seed: 2);

        double clean = context[Clean, Metric.TestLoss], fgsm = context["Fgsm", Metric.TestLoss], pgd = context["Pgd", Metric.TestLoss];
        Assert.True(clean < fgsm && fgsm <= pgd * 1.0001, $"clean {clean}, FGSM {fgsm}, PGD {pgd}");
    }

    [Fact]
    public void LabelNoiseOnRegression_SwapsTargets_AndRaisesTheTestLoss()
    {
        TrialSpec spec = Spec(
            DataSpec.TeacherStudent(inputs: 4, teacherWidth: 8, noise: 0.05, train: 256, test: 512),
            ModelSpec.RandomFeatures(64),
            TrainSpec.LeastSquares(1e-4),
            new NamedEvaluation(Clean, ShiftSpec.None),
            new NamedEvaluation("Flipped", ShiftSpec.LabelNoise(0.5)));

        RecordingContext context = Run(spec, seed: 0);

        Assert.True(context["Flipped", Metric.TestLoss] > context[Clean, Metric.TestLoss] + 0.3, "half the targets swapped with another sample's");
    }

    [Fact]
    public void AnInvalidSpec_FailsBeforeAnyWork_WithTheKernelsReason_AndNeverBatches()
    {
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4), ModelSpec.Mlp(8), TrainSpec.LeastSquares());

        ArgumentException error = Assert.Throws<ArgumentException>(() => Run(spec, 0));

        Assert.Equal("the trial cannot run: least squares fits linear and random-features models only; train an MLP with a gradient optimiser.", error.Message);
        Assert.Null(s_engine.BatchKey(spec));
    }

    [Fact]
    public void BatchKey_IsSharedAcrossLearningRatesAndWeightDecays_NotAcrossWidths_AndLeastSquaresNeverBatches()
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 4, train: 64, test: 32);
        string? a = s_engine.BatchKey(Spec(data, ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-3, steps: 10)));
        string? b = s_engine.BatchKey(Spec(data, ModelSpec.Mlp(8), TrainSpec.Adam(lr: 3e-2, steps: 10, weightDecay: 0.1)));
        string? c = s_engine.BatchKey(Spec(data, ModelSpec.Mlp(16), TrainSpec.Adam(lr: 1e-3, steps: 10)));

        Assert.NotNull(a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Null(s_engine.BatchKey(Spec(data, ModelSpec.RandomFeatures(8), TrainSpec.LeastSquares())));
    }

    [Fact]
    public void BatchLimit_OnTheCpu_KeepsABatchsTrainingStateWithinItsBudget()
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 32, train: 64, test: 32);
        TrainSpec adam = TrainSpec.Adam(lr: 1e-3, steps: 10);

        // About 8 floats of state per parameter: 4 MB holds twenty 32→64→64→1 models (6.3K parameters; the limit is
        // sixteen), six of width 128 (21K) and not two of width 256 (74K).
        Assert.Equal(KernelsEngine.CpuBatchLimit, s_engine.BatchLimit(Spec(data, ModelSpec.Mlp(64, 64), adam)));
        Assert.Equal(6, s_engine.BatchLimit(Spec(data, ModelSpec.Mlp(128, 128), adam)));
        Assert.Equal(1, s_engine.BatchLimit(Spec(data, ModelSpec.Mlp(256, 256), adam)));
        Assert.Equal(1, s_engine.BatchLimit(Spec(data, ModelSpec.Mlp(512, 512), adam)));
    }

    [Fact]
    public void RunBatch_RecordsTheSameBitsAsEachTrialAlone()
    {
        DataSpec data = DataSpec.TeacherStudent(inputs: 4, teacherWidth: 8, noise: 0.1, train: 128, test: 64);
        NamedEvaluation[] evaluations = [new(Clean, ShiftSpec.None), new("Attack", ShiftSpec.Pgd(0.1, 3))];
        TrialSpec[] specs =
        [
            Spec(data, ModelSpec.Mlp(8, 8), TrainSpec.Adam(lr: 1e-2, steps: 50, batch: 32), evaluations),
            Spec(data, ModelSpec.Mlp(8, 8), TrainSpec.Adam(lr: 3e-3, steps: 50, batch: 32, weightDecay: 1e-3), evaluations),
            Spec(data, ModelSpec.Mlp(8, 8), TrainSpec.Adam(lr: 1e-2, steps: 50, batch: 32), evaluations),
        ];
        RecordingContext[] together = [new(0), new(1), new(7)];

        s_engine.RunBatch(specs, together, TestContext.Current.CancellationToken);

        for (int i = 0; i < specs.Length; i++)
        {
            RecordingContext alone = Run(specs[i], together[i].Seed);
            Assert.Equal(2 * 5, alone.Values.Count);
            Assert.Equal(Bits(alone), Bits(together[i]));
        }
    }

    [Fact]
    public void OneEngine_RunsTrialsFromSeveralThreadsAtOnce_WithALanePerThread_AndTheSameResults()
    {
        using KernelsEngine engine = new(BackendKind.Cpu);
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4, teacherWidth: 8, noise: 0.1, train: 128, test: 64), ModelSpec.Mlp(16), TrainSpec.Adam(lr: 1e-2, steps: 100, batch: 32));
        RecordingContext[] parallel = [.. Enumerable.Range(0, 8).Select(seed => new RecordingContext(seed))];

        Parallel.ForEach(parallel, new ParallelOptions { MaxDegreeOfParallelism = 4 }, context => engine.Run(spec, context));

        Assert.InRange(engine.Lanes, 1, 4);
        foreach (RecordingContext context in parallel)
        {
            RecordingContext alone = Run(spec, context.Seed);
            Assert.Equal(Bits(alone), Bits(context));
        }
    }

    [Fact]
    public void ATrialAllowedSeveralThreads_RunsOnALaneOfThatMany_WithTheSameBitsAsOnOne()
    {
        using KernelsEngine engine = new(BackendKind.Cpu);
        DataSpec data = DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.1, train: 1_024, test: 256);
        TrialSpec spec = Spec(data, ModelSpec.Mlp(64), TrainSpec.Adam(lr: 3e-3, steps: 200, batch: 128));
        TrialSpec[] batch = [spec, Spec(data, ModelSpec.Mlp(64), TrainSpec.Adam(lr: 1e-3, steps: 200, batch: 128))];

        RecordingContext wide = new(3, threads: 2);
        engine.Run(spec, wide);
        RecordingContext[] together = [new(4, threads: 2), new(5, threads: 2)];
        engine.RunBatch(batch, together, TestContext.Current.CancellationToken);

        // The constructor's one-thread lane, and one of two threads where the machine has two cores.
        Assert.Equal(Environment.ProcessorCount >= 2 ? 2 : 1, engine.Lanes);
        Assert.Equal(Bits(Run(spec, 3)), Bits(wide));
        for (int i = 0; i < batch.Length; i++)
        {
            Assert.Equal(Bits(Run(batch[i], together[i].Seed)), Bits(together[i]));
        }
    }

    [Fact]
    public void Auto_PicksTheCpuHere_AndSaysWhy()
    {
        using KernelsEngine engine = new(BackendKind.Auto);

        if (engine.Kind != BackendKind.Cpu)
        {
            Assert.Skip($"this machine has a GPU: auto picked {engine.Backend}");
        }

        Assert.Equal("cpu", engine.Backend);
        Assert.Equal("cpu (auto: no CUDA device, no OpenCL GPU)", engine.Description);
        Assert.StartsWith("managed SIMD", engine.DeviceDescription, StringComparison.Ordinal);
        Assert.Equal(KernelsEngine.CpuBatchLimit, engine.MaxBatch);
    }

    [Fact]
    public void AnUnavailableGpu_FailsWhenTheEngineIsCreated()
    {
        if (ComputeBackends.ListDevices().Any(d => d.Kind == BackendKind.Cuda))
        {
            Assert.Skip("this machine has a CUDA device");
        }

        DeviceNotFoundException error = Assert.Throws<DeviceNotFoundException>(() => new KernelsEngine(BackendKind.Cuda));

        Assert.Contains("no cuda device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StopsWhenCancelled()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        TrialSpec spec = Spec(DataSpec.TeacherStudent(inputs: 4, train: 32, test: 16), ModelSpec.Linear(), TrainSpec.LeastSquares());

        Assert.ThrowsAny<OperationCanceledException>(() => s_engine.Run(spec, new RecordingContext(0, cancelled.Token)));
    }

    private static IEnumerable<((string Evaluation, string Metric) Key, long Bits)> Bits(RecordingContext context)
        => context.Values.OrderBy(p => p.Key).Select(p => (p.Key, BitConverter.DoubleToInt64Bits(p.Value)));
}
