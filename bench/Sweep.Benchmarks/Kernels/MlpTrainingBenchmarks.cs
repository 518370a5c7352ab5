using BenchmarkDotNet.Attributes;
using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Benchmarks.Kernels;

/// <summary>
/// One training step of the peer task (bench/peers/mlp_torch.py): a 32→h→1 ReLU MLP, MSE, Adam, batch 256, on a
/// 16 384-row teacher-student set, shuffled minibatches. Samples/s = 256 / time; the allocation column shows the
/// step allocates nothing. <c>--filter '*MlpTrainingBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class MlpTrainingBenchmarks
{
    private ComputeBackend _backend = null!;
    private MlpTrainer _trainer = null!;
    private int _step;

    [Params(64, 256, 1024)]
    public int Hidden { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads));
        _trainer = TrainingSetup.Create(_backend, Hidden, models: 1);
    }

    [Benchmark]
    public void Step() => _trainer.Step(_step++);

    [GlobalCleanup]
    public void Cleanup()
    {
        _trainer.Dispose();
        _backend.Dispose();
    }
}

/// <summary>
/// K models of the peer task (h = 64, each with its own data and seed) trained as one batched trial, against one
/// model alone: per-sample cost = time / (256·K). <c>--filter '*BatchedTrainingBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BatchedTrainingBenchmarks
{
    private ComputeBackend _backend = null!;
    private MlpTrainer _trainer = null!;
    private int _step;

    [Params(1, 16)]
    public int Models { get; set; }

    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads));
        _trainer = TrainingSetup.Create(_backend, 64, Models);
    }

    [Benchmark]
    public void Step() => _trainer.Step(_step++);

    [GlobalCleanup]
    public void Cleanup()
    {
        _trainer.Dispose();
        _backend.Dispose();
    }
}

/// <summary>
/// Kernels on ILGPU's CPU accelerator next to the SIMD backend: why the simulator is the reference, never the fast
/// path. <c>--filter '*ReferenceBackendBenchmarks*'</c>.
/// </summary>
public class ReferenceBackendBenchmarks
{
    private ComputeBackend _backend = null!;
    private DeviceBuffer<float> _a = null!;
    private DeviceBuffer<float> _c = null!;

    [Params(BackendKind.Cpu, BackendKind.IlgpuCpu)]
    public BackendKind Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _backend = ComputeBackends.Create(Backend);
        _a = _backend.Allocate<float>(128 * 128);
        _c = _backend.Allocate<float>(128 * 128);
        _backend.FillNormal(_a, 0, 128 * 128, 1, 1, 0);
    }

    /// <summary>A 128³ product.</summary>
    [Benchmark]
    public void Gemm128()
    {
        _backend.Gemm(GemmLayout.AB, 1, 128, 128, 128, 1f, _a, _a, 0f, _c);
        _backend.Synchronize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _c.Dispose();
        _backend.Dispose();
    }
}

/// <summary>The peer task's data and model, shared by the training benchmarks.</summary>
internal static class TrainingSetup
{
    public static MlpTrainer Create(ComputeBackend backend, int hidden, int models)
    {
        const int rows = 256 * 64;
        DataSpec data = DataSpec.TeacherStudent(inputs: 32, teacherWidth: 16, noise: 0.0, train: rows, test: 1);
        var trainer = new MlpTrainer(backend, new MlpShape(32, [hidden], 1, ActivationKind.Relu), models, 256, rows, LossKind.MeanSquaredError, OptimizerKind.Adam);
        for (int k = 0; k < models; k++)
        {
            Dataset train = SyntheticData.Train(data, (ulong)k);
            trainer.LoadTrainingData(k, train.X, train.Y);
            trainer.SetShuffleSeed(k, (ulong)k);
            trainer.InitializeParameters(k, (ulong)k);
            trainer.Configure(k, OptimizerSettings.Default with { LearningRate = 1e-3f, TotalSteps = int.MaxValue });
        }

        return trainer;
    }
}
