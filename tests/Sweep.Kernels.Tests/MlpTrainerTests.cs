using Sweep.Kernels.Tests.Infrastructure;

namespace Sweep.Kernels.Tests;

/// <summary>
/// The batched MLP trainer on the backends: the same steps give the same parameters on <c>cpu</c> and <c>ilgpu-cpu</c>,
/// the fused CPU step equals the kernel-by-kernel one, and the shape's counts and the schedule are exact. (Whole trials,
/// which train real tasks, are tested in Sweep.Runtime's training layer.)
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class MlpTrainerTests(IlgpuCpuFixture ilgpu) : IDisposable
{
    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    [Fact]
    public void TrainingSteps_OnCpuAndIlgpuCpu_GiveTheSameParameters()
    {
        var shape = new MlpShape(8, [33, 7], 3, ActivationKind.Tanh);
        float[][] results = [.. new[] { _cpu, ilgpu.Backend! }.Select(backend =>
        {
            using var trainer = new MlpTrainer(backend, shape, models: 2, batchRows: 33, trainRows: 100, LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam);
            for (int k = 0; k < 2; k++)
            {
                (float[] x, float[] y) = ClassificationData.Create(rows: 100, inputs: 8, classes: 3, seed: (ulong)k);
                trainer.LoadTrainingData(k, x, y);
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
                    (float[] x, float[] y) = ClassificationData.Create(rows: 300, inputs: 8, classes: 3, seed: (ulong)k);
                    trainer.LoadTrainingData(k, x, y);
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

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(2, 1, true)]   // one model on two threads: the groups split, a barrier between steps
    [InlineData(2, 3, false)]  // three models on two threads: each thread runs its models through the whole run
    [InlineData(2, 4, true)]
    public void FusedCpuSteps_InRuns_GiveTheBitsOfOneStepAtATime(int threads, int models, bool clip)
    {
        // Runs of uneven length that cross epoch boundaries (64 rows a step from 150: an epoch every 2.3 steps), with
        // and without the clipping barrier, on both vector widths: the parameters, gradients and last losses are the
        // same bits as stepping once per call.
        var shape = new MlpShape(12, [48, 20], 2, ActivationKind.Relu);
        int[] runs = [1, 7, 2, 13, 1];
        foreach (SimdWidth simd in new[] { SimdWidth.Auto, SimdWidth.Vector256 })
        {
            using ComputeBackend backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: threads, Simd: simd));
            float[][] oneByOne = Train(backend, together: false);
            float[][] inRuns = Train(backend, together: true);
            Assert.Equal(oneByOne.Length, inRuns.Length);
            for (int i = 0; i < oneByOne.Length; i++)
            {
                Assert.Equal(oneByOne[i], inRuns[i]);
            }
        }

        float[][] Train(ComputeBackend backend, bool together)
        {
            using var trainer = new MlpTrainer(backend, shape, models, batchRows: 64, trainRows: 150, LossKind.MeanSquaredError, OptimizerKind.Adam);
            for (int k = 0; k < models; k++)
            {
                trainer.LoadTrainingData(k, Reference.Random(150 * 12, 300 + k), Reference.Random(150 * 2, 400 + k));
                trainer.SetShuffleSeed(k, (ulong)k + 5);
                trainer.InitializeParameters(k, (ulong)k);
                trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 1e-2f, ClipNorm = clip ? 0.3f : 0f, TotalSteps = 24 });
            }

            int done = 0;
            foreach (int length in runs)
            {
                if (together)
                {
                    trainer.Steps(done, length);
                }
                else
                {
                    for (int step = done; step < done + length; step++)
                    {
                        trainer.Step(step);
                    }
                }

                done += length;
            }

            return [.. Enumerable.Range(0, models).SelectMany(k => new[] { trainer.GetParameters(k), trainer.GetGradients(k) }), trainer.LastLosses()];
        }
    }

    [Fact]
    public void Shape_CountsParametersAndFlopsPerSampleExactly()
    {
        var shape = new MlpShape(32, [64], 1, ActivationKind.Relu);

        Assert.Equal((33 * 64) + 65, shape.Parameters);
        Assert.Equal((2 * 32 * 64) + (2 * 64), shape.ForwardFlopsPerSample);
        Assert.Equal((3 * shape.ForwardFlopsPerSample) - (2 * 32 * 64), shape.TrainingFlopsPerSample);
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
}
