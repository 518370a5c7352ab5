using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

/// <summary>
/// The machine's measured FP32 FMA peak: each thread runs chains of independent fused multiply-adds on the widest
/// vector the runtime accelerates (Vector512 with AVX-512, else Vector256; <c>DOTNET_EnableAVX512F=0</c> selects the
/// Vector256 path on an AVX-512 machine), 12 accumulators deep so that FMA latency is hidden, with no memory traffic.
/// docs/performance.md quotes every figure as a share of this number. Prints
/// <c>RESULT peak_fma_{path}_{threads}t_gflops median min max runs GFLOP/s</c>.
/// </summary>
internal static class PeakProbe
{
    private const long Iterations = 50_000_000;

    public static void Run(int threads, int runs)
    {
        string path = Vector512.IsHardwareAccelerated ? "v512" : "v256";
        int lanes = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;
        Measure(threads, 2);
        List<double> rates = [];
        for (int r = 0; r < runs; r++)
        {
            rates.Add(Measure(threads, 1));
        }

        rates.Sort();
        double flopsPerCall = 2.0 * lanes * 12 * Iterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT\tpeak_fma_{path}_{threads}t_gflops\t{rates[rates.Count / 2]:F1}\t{rates[0]:F1}\t{rates[^1]:F1}\t{runs}\tGFLOP/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {lanes} lanes x 12 independent FMA chains x {Iterations} iterations per thread ({flopsPerCall / 1e9:F0} GFLOP)"));
    }

    private static double Measure(int threads, int repeat)
    {
        double best = 0;
        for (int k = 0; k < repeat; k++)
        {
            float sink = 0;
            Stopwatch clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                float value = Vector512.IsHardwareAccelerated ? Chains512(1f + (t * 1e-7f)) : Chains256(1f + (t * 1e-7f));
                Interlocked.Exchange(ref sink, value);
            });
            double seconds = clock.Elapsed.TotalSeconds;
            int lanes = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;
            best = Math.Max(best, threads * 2.0 * lanes * 12 * Iterations / seconds / 1e9);
            GC.KeepAlive(sink);
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(float seed)
    {
        Vector512<float> m = Vector512.Create(0.9999999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(seed), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c;
        Vector512<float> a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        for (long i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(float seed)
    {
        Vector256<float> m = Vector256.Create(0.9999999f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(seed), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c;
        Vector256<float> a6 = a5 + c, a7 = a6 + c, a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c;
        for (long i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
