using Sweep.Kernels.Tests.Infrastructure;

namespace Sweep.Kernels.Tests;

/// <summary>
/// The CPU backend's products do not depend on its thread count: one and two threads give the same bits, whether the
/// two split C by columns (a wide C: each packs its own B panels) or by rows (a tall C: they share the packed B).
/// </summary>
public sealed class CpuThreadCountTests
{
    [Theory]
    [InlineData(GemmLayout.AB, 1, 130, 600, 300)]   // wide: split by columns
    [InlineData(GemmLayout.AB, 1, 256, 256, 256)]   // square: split by columns
    [InlineData(GemmLayout.AB, 1, 600, 130, 300)]   // tall: split by rows, the shared B
    [InlineData(GemmLayout.ABt, 1, 131, 517, 77)]   // partial tiles on both edges
    [InlineData(GemmLayout.AtB, 1, 97, 1100, 260)]  // two depth blocks
    [InlineData(GemmLayout.AB, 3, 64, 200, 96)]
    public void Gemm_OnTwoThreads_EqualsOneThread_BitForBit(GemmLayout layout, int count, int m, int n, int k)
    {
        foreach (SimdWidth simd in new[] { SimdWidth.Auto, SimdWidth.Vector256 })
        {
            float[] a = Reference.Random(count * m * k, 81), b = Reference.Random(count * k * n, 82), c = Reference.Random(count * m * n, 83);

            float[] one = Product(1, simd, layout, count, m, n, k, a, b, c);
            float[] two = Product(2, simd, layout, count, m, n, k, a, b, c);

            Assert.Equal(one, two);
            Assert.NotEqual(c, one);
        }
    }

    private static float[] Product(int threads, SimdWidth simd, GemmLayout layout, int count, int m, int n, int k, float[] a, float[] b, float[] c)
    {
        using ComputeBackend backend = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: threads, Simd: simd));
        using DeviceBuffer<float> da = backend.Upload<float>(a), db = backend.Upload<float>(b), dc = backend.Upload<float>(c);
        backend.Gemm(layout, count, m, n, k, 0.5f, new BatchView(da, 0, m * k), new BatchView(db, 0, k * n), 2f, new BatchView(dc, 0, m * n));
        return dc.ToArray();
    }
}
