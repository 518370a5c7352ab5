using BenchmarkDotNet.Attributes;
using Sweep.Kernels;

namespace Sweep.Benchmarks.Kernels;

/// <summary>
/// SGEMM on the <c>cpu</c> backend: square products in the three layouts, one and two threads.
/// <c>dotnet run -c Release --project bench/Sweep.Benchmarks -- --filter '*GemmBenchmarks*'</c>; the PyTorch/OpenBLAS
/// figures to compare with come from bench/peers/gemm_bench.py (run both in one session: see bench/peers/README.md).
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private ComputeBackend _backend = null!;
    private DeviceBuffer<float> _a = null!;
    private DeviceBuffer<float> _b = null!;
    private DeviceBuffer<float> _c = null!;

    [Params(64, 128, 256, 512, 1024)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(GemmLayout.AB, GemmLayout.ABt, GemmLayout.AtB)]
    public GemmLayout Layout { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads));
        _a = _backend.Allocate<float>(N * N);
        _b = _backend.Allocate<float>(N * N);
        _c = _backend.Allocate<float>(N * N);
        _backend.FillNormal(_a, 0, N * N, 1, 1, 0);
        _backend.FillNormal(_b, 0, N * N, 1, 2, 0);
    }

    /// <summary>One product; GFLOP/s = 2·N³ / time.</summary>
    [Benchmark]
    public void Gemm() => _backend.Gemm(Layout, 1, N, N, N, 1f, _a, _b, 0f, _c);

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _c.Dispose();
        _backend.Dispose();
    }
}
