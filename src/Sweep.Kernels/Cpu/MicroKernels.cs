using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// A register-blocked GEMM micro-kernel: accumulates an MR×NR tile of <c>A·B</c> over kc steps in registers,
/// reading A through row and column strides (a packed panel or the matrix itself) and B from a packed NR-wide
/// panel, then stores <c>C = α·acc + β·C</c> (first K block) or <c>C += α·acc</c> (later blocks).
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    static abstract void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first);
}

/// <summary>8×32 tile with Vector512: 16 accumulators, 2 B loads and 8 broadcasts per 16 FMAs.</summary>
internal readonly unsafe struct MicroKernel512 : IMicroKernel
{
    public static int MR => 8;

    public static int NR => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        float* a0 = a;
        float* a4 = a + (4 * rowStride);
        nint r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> av = Vector512.Create(a0[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a0[r1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a0[r2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a0[r3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a4[0]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a4[r1]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a4[r2]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a4[r3]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a0 += colStride;
            a4 += colStride;
            b += 32;
        }

        Vector512<float> va = Vector512.Create(alpha);
        if (first && beta == 0f)
        {
            Vector512.Store(c00 * va, c);
            Vector512.Store(c01 * va, c + 16);
            Vector512.Store(c10 * va, c + ldc);
            Vector512.Store(c11 * va, c + ldc + 16);
            Vector512.Store(c20 * va, c + (2 * ldc));
            Vector512.Store(c21 * va, c + (2 * ldc) + 16);
            Vector512.Store(c30 * va, c + (3 * ldc));
            Vector512.Store(c31 * va, c + (3 * ldc) + 16);
            Vector512.Store(c40 * va, c + (4 * ldc));
            Vector512.Store(c41 * va, c + (4 * ldc) + 16);
            Vector512.Store(c50 * va, c + (5 * ldc));
            Vector512.Store(c51 * va, c + (5 * ldc) + 16);
            Vector512.Store(c60 * va, c + (6 * ldc));
            Vector512.Store(c61 * va, c + (6 * ldc) + 16);
            Vector512.Store(c70 * va, c + (7 * ldc));
            Vector512.Store(c71 * va, c + (7 * ldc) + 16);
            return;
        }

        Vector512<float> vb = Vector512.Create(first ? beta : 1f);
        Update(c, c00, c01, va, vb);
        Update(c + ldc, c10, c11, va, vb);
        Update(c + (2 * ldc), c20, c21, va, vb);
        Update(c + (3 * ldc), c30, c31, va, vb);
        Update(c + (4 * ldc), c40, c41, va, vb);
        Update(c + (5 * ldc), c50, c51, va, vb);
        Update(c + (6 * ldc), c60, c61, va, vb);
        Update(c + (7 * ldc), c70, c71, va, vb);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* row, Vector512<float> x0, Vector512<float> x1, Vector512<float> alpha, Vector512<float> beta)
    {
        Vector512.Store(Vector512.FusedMultiplyAdd(x0, alpha, Vector512.Load(row) * beta), row);
        Vector512.Store(Vector512.FusedMultiplyAdd(x1, alpha, Vector512.Load(row + 16) * beta), row + 16);
    }
}

/// <summary>6×16 tile with Vector256 (AVX2 + FMA): 12 accumulators fit the 16 ymm registers with B and a broadcast.</summary>
internal readonly unsafe struct MicroKernel256 : IMicroKernel
{
    public static int MR => 6;

    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;
        float* a0 = a;
        float* a3 = a + (3 * rowStride);
        nint r1 = rowStride, r2 = 2 * rowStride;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a0[0]);
            c00 = Vector256.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
            av = Vector256.Create(a0[r1]);
            c10 = Vector256.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
            av = Vector256.Create(a0[r2]);
            c20 = Vector256.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[0]);
            c30 = Vector256.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            av = Vector256.Create(a3[r1]);
            c40 = Vector256.FusedMultiplyAdd(av, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(av, b1, c41);
            av = Vector256.Create(a3[r2]);
            c50 = Vector256.FusedMultiplyAdd(av, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(av, b1, c51);
            a0 += colStride;
            a3 += colStride;
            b += 16;
        }

        Vector256<float> va = Vector256.Create(alpha);
        Vector256<float> vb = Vector256.Create(first ? beta : 1f);
        bool overwrite = first && beta == 0f;
        Update(c, c00, c01, va, vb, overwrite);
        Update(c + ldc, c10, c11, va, vb, overwrite);
        Update(c + (2 * ldc), c20, c21, va, vb, overwrite);
        Update(c + (3 * ldc), c30, c31, va, vb, overwrite);
        Update(c + (4 * ldc), c40, c41, va, vb, overwrite);
        Update(c + (5 * ldc), c50, c51, va, vb, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* row, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, Vector256<float> beta, bool overwrite)
    {
        if (overwrite)
        {
            Vector256.Store(x0 * alpha, row);
            Vector256.Store(x1 * alpha, row + 8);
        }
        else
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(x0, alpha, Vector256.Load(row) * beta), row);
            Vector256.Store(Vector256.FusedMultiplyAdd(x1, alpha, Vector256.Load(row + 8) * beta), row + 8);
        }
    }
}
