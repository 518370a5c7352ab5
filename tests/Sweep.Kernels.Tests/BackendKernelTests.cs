using Sweep.Kernels.Accelerators;
using Sweep.Kernels.Tests.Infrastructure;

namespace Sweep.Kernels.Tests;

/// <summary>The parity suite on the managed SIMD backend: Vector512 micro-kernel, two threads (kernels split across the pool).</summary>
public sealed class CpuKernelTests(CpuFixture fixture) : KernelTestsBase(fixture, string.Empty), IClassFixture<CpuFixture>;

/// <summary>The parity suite on the managed SIMD backend's Vector256 micro-kernel, one thread.</summary>
public sealed class CpuVector256KernelTests(CpuVector256Fixture fixture) : KernelTestsBase(fixture, string.Empty), IClassFixture<CpuVector256Fixture>;

/// <summary>The parity suite on ILGPU's CPU accelerator (the reference backend), plus its shared-memory tiled product.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuCpuKernelTests(IlgpuCpuFixture fixture) : KernelTestsBase(fixture, string.Empty)
{
    [Theory]
    [InlineData(GemmLayout.AB, 1, 1, 1, 1)]
    [InlineData(GemmLayout.AB, 1, 7, 7, 7)]
    [InlineData(GemmLayout.ABt, 2, 9, 5, 17)]
    [InlineData(GemmLayout.AtB, 1, 33, 33, 33)]
    public void TiledGemm_MatchesDoublePrecisionReference(GemmLayout layout, int count, int m, int n, int k)
    {
        var backend = (IlgpuBackend)Backend;
        float[] a = Reference.Random(count * m * k, 61), b = Reference.Random(count * k * n, 62), c = Reference.Random(count * m * n, 63);
        using DeviceBuffer<float> da = backend.Upload<float>(a), db = backend.Upload<float>(b), dc = backend.Upload<float>(c);
        backend.UseTiledGemm = true;
        try
        {
            backend.Gemm(layout, count, m, n, k, 1.5f, new BatchView(da, 0, m * k), new BatchView(db, 0, k * n), 0.5f, new BatchView(dc, 0, m * n));
        }
        finally
        {
            backend.UseTiledGemm = false;
        }

        (double[] expected, double[] scale) = Reference.Gemm(layout, count, m, n, k, 1.5f, a, b, 0.5f, c);
        Tolerance.AssertClose(dc.ToArray(), expected, scale, 2e-5);
    }
}

/// <summary>The parity suite on CUDA; every test is skipped, with the reason, where there is no CUDA device.</summary>
[Collection(CudaCollection.Name)]
public sealed class CudaKernelTests(CudaFixture fixture) : KernelTestsBase(fixture, "no CUDA device on this machine");

/// <summary>The parity suite on OpenCL; every test is skipped, with the reason, where there is no OpenCL device.</summary>
[Collection(OpenClCollection.Name)]
public sealed class OpenClKernelTests(OpenClFixture fixture) : KernelTestsBase(fixture, "no OpenCL device on this machine");

/// <summary>Shapes too large for the simulator, on the SIMD path: several K and N blocks, the shared packed B, slice-split batches, and the small-shape paths (B or A read in place, shallow products).</summary>
public sealed class CpuLargeShapeTests(CpuFixture fixture) : IClassFixture<CpuFixture>
{
    [Theory]
    [InlineData(GemmLayout.AB, 1, 301, 1100, 600)]
    [InlineData(GemmLayout.ABt, 1, 513, 257, 300)]
    [InlineData(GemmLayout.AtB, 1, 1000, 40, 700)]
    [InlineData(GemmLayout.AB, 4, 100, 120, 130)]
    [InlineData(GemmLayout.ABt, 3, 97, 65, 257)]
    [InlineData(GemmLayout.AB, 1, 50, 32, 96)]  // small row-major B read in place, unpacked
    [InlineData(GemmLayout.AtB, 2, 64, 64, 37)] // the same in a weight-gradient layout, with a partial row tile
    [InlineData(GemmLayout.ABt, 1, 96, 128, 32)] // a shallow A read in place although B has many panels
    [InlineData(GemmLayout.AB, 1, 96, 64, 1)]   // a rank-one product (a width-one layer back-propagating)
    [InlineData(GemmLayout.AtB, 1, 70, 48, 3)]
    public void Gemm_MatchesReferenceOnLargeShapes(GemmLayout layout, int count, int m, int n, int k)
    {
        ComputeBackend backend = fixture.Backend!;
        float[] a = Reference.Random(count * m * k, 71), b = Reference.Random(count * k * n, 72), c = Reference.Random(count * m * n, 73);
        using DeviceBuffer<float> da = backend.Upload<float>(a), db = backend.Upload<float>(b), dc = backend.Upload<float>(c);

        backend.Gemm(layout, count, m, n, k, 0.5f, new BatchView(da, 0, m * k), new BatchView(db, 0, k * n), 2f, new BatchView(dc, 0, m * n));

        (double[] expected, double[] scale) = Reference.Gemm(layout, count, m, n, k, 0.5f, a, b, 2f, c);
        Tolerance.AssertClose(dc.ToArray(), expected, scale, 2e-5);
    }
}
