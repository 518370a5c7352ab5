using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sweep.Kernels.Cpu;
using Kernel256 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width256, System.Runtime.Intrinsics.Vector256<float>>;
using Kernel512 = Sweep.Kernels.Cpu.MicroKernel<Sweep.Kernels.Cpu.Width512, System.Runtime.Intrinsics.Vector512<float>>;

/// <summary>
/// The GEMM micro-kernel alone, on packed panels that stay in L1 (kc = 256): its share of the measured peak is the
/// ceiling the blocked GEMM can reach, so the gap between the two is packing, blocking and edge tiles. Prints
/// <c>RESULT microkernel_{path}_1t_kc{kc} median min max runs GFLOP/s</c>.
/// </summary>
internal static unsafe class KernelProbe
{
    public static void Run(int runs, int kc)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Measure<Kernel512>("v512", runs, kc);
        }
        else
        {
            Measure<Kernel256>("v256", runs, kc);
        }
    }

    private static void Measure<TK>(string path, int runs, int kc)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        float* a = (float*)NativeMemory.AlignedAlloc((nuint)(kc * mr * sizeof(float)), 64);
        float* b = (float*)NativeMemory.AlignedAlloc((nuint)(kc * nr * sizeof(float)), 64);
        float* c = (float*)NativeMemory.AlignedAlloc((nuint)(mr * nr * sizeof(float)), 64);
        for (int i = 0; i < kc * mr; i++)
        {
            a[i] = 1e-3f * (i % 17);
        }

        for (int i = 0; i < kc * nr; i++)
        {
            b[i] = 1e-3f * (i % 13);
        }

        NativeMemory.Clear(c, (nuint)(mr * nr * sizeof(float)));
        const int Calls = 200_000;
        var rates = new List<double>();
        for (int r = -1; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Calls; i++)
            {
                TK.Run(kc, a, 1, mr, b, nr, c, nr, 1f, 1f, false, null);
            }

            double rate = 2.0 * mr * nr * kc * Calls / clock.Elapsed.TotalSeconds / 1e9;
            if (r >= 0)
            {
                rates.Add(rate);
            }
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT\tmicrokernel_{path}_1t_kc{kc}\t{rates[rates.Count / 2]:F1}\t{rates[0]:F1}\t{rates[^1]:F1}\t{runs}\tGFLOP/s"));
        Console.WriteLine($"# {mr}x{nr} tile, packed A and B in L1");
        NativeMemory.AlignedFree(a);
        NativeMemory.AlignedFree(b);
        NativeMemory.AlignedFree(c);
    }
}
