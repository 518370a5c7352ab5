using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// The element-wise tail a finished tile gets while its values are still in registers: bias per column,
/// the activation derivative of an auxiliary operand (backward pass), and the activation into a second output.
/// Only the identity and ReLU are applied here (GELU and tanh would spill the accumulators; they run as a pass
/// over the finished tile instead).
/// Pointers are at the tile's first element (Bias at its first column); H and Aux share C's row stride.
/// </summary>
internal unsafe struct TileEpilogue
{
    public float* Bias;
    public float* H;
    public float* Aux;
    public ActivationKind Activation;
    public ActivationKind AuxActivation;
}

/// <summary>
/// A register-blocked GEMM micro-kernel: accumulates an MR×NR tile of <c>A·B</c> over kc steps in registers,
/// reading A through row and column strides (a packed panel or the matrix itself) and B from a packed NR-wide
/// panel, then stores <c>C = α·acc + β·C</c> (first K block) or <c>C += α·acc</c> (later blocks), applying the
/// epilogue in registers when one is given (last K block only).
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    static abstract void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first, TileEpilogue* epilogue);
}

/// <summary>8×32 tile with Vector512: 16 accumulators, 2 B loads and 8 broadcasts per 16 FMAs.</summary>
internal readonly unsafe struct MicroKernel512 : IMicroKernel
{
    public static int MR => 8;

    public static int NR => 32;

    // Never inlined: inside a larger caller the register allocator spills the accumulators every iteration.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first, TileEpilogue* epilogue)
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
        Vector512<float> vb = Vector512.Create(first ? beta : 1f);
        bool overwrite = first && beta == 0f;
        if (epilogue == null)
        {
            Store(c, c00, c01, va, vb, overwrite);
            Store(c + ldc, c10, c11, va, vb, overwrite);
            Store(c + (2 * ldc), c20, c21, va, vb, overwrite);
            Store(c + (3 * ldc), c30, c31, va, vb, overwrite);
            Store(c + (4 * ldc), c40, c41, va, vb, overwrite);
            Store(c + (5 * ldc), c50, c51, va, vb, overwrite);
            Store(c + (6 * ldc), c60, c61, va, vb, overwrite);
            Store(c + (7 * ldc), c70, c71, va, vb, overwrite);
            return;
        }

        Finish(c, ldc, 0, c00, c01, va, vb, overwrite, epilogue);
        Finish(c, ldc, 1, c10, c11, va, vb, overwrite, epilogue);
        Finish(c, ldc, 2, c20, c21, va, vb, overwrite, epilogue);
        Finish(c, ldc, 3, c30, c31, va, vb, overwrite, epilogue);
        Finish(c, ldc, 4, c40, c41, va, vb, overwrite, epilogue);
        Finish(c, ldc, 5, c50, c51, va, vb, overwrite, epilogue);
        Finish(c, ldc, 6, c60, c61, va, vb, overwrite, epilogue);
        Finish(c, ldc, 7, c70, c71, va, vb, overwrite, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, Vector512<float> x0, Vector512<float> x1, Vector512<float> alpha, Vector512<float> beta, bool overwrite)
    {
        if (overwrite)
        {
            Vector512.Store(x0 * alpha, row);
            Vector512.Store(x1 * alpha, row + 16);
        }
        else
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(x0, alpha, Vector512.Load(row) * beta), row);
            Vector512.Store(Vector512.FusedMultiplyAdd(x1, alpha, Vector512.Load(row + 16) * beta), row + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* c, nint ldc, int r, Vector512<float> x0, Vector512<float> x1, Vector512<float> alpha, Vector512<float> beta, bool overwrite, TileEpilogue* e)
    {
        nint offset = r * ldc;
        float* row = c + offset;
        if (overwrite)
        {
            x0 *= alpha;
            x1 *= alpha;
        }
        else
        {
            x0 = Vector512.FusedMultiplyAdd(x0, alpha, Vector512.Load(row) * beta);
            x1 = Vector512.FusedMultiplyAdd(x1, alpha, Vector512.Load(row + 16) * beta);
        }

        if (e->Bias != null)
        {
            x0 += Vector512.Load(e->Bias);
            x1 += Vector512.Load(e->Bias + 16);
        }

        if (e->Aux != null)
        {
            x0 = Activations512.BackwardRelu(e->AuxActivation, Vector512.Load(e->Aux + offset), x0);
            x1 = Activations512.BackwardRelu(e->AuxActivation, Vector512.Load(e->Aux + offset + 16), x1);
        }

        Vector512.Store(x0, row);
        Vector512.Store(x1, row + 16);
        if (e->H != null)
        {
            Vector512.Store(Activations512.ActivateRelu(e->Activation, x0), e->H + offset);
            Vector512.Store(Activations512.ActivateRelu(e->Activation, x1), e->H + offset + 16);
        }
    }
}

/// <summary>6×16 tile with Vector256 (AVX2 + FMA): 12 accumulators fit the 16 ymm registers with B and a broadcast.</summary>
internal readonly unsafe struct MicroKernel256 : IMicroKernel
{
    public static int MR => 6;

    public static int NR => 16;

    // Never inlined: inside a larger caller the register allocator spills the accumulators every iteration.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, float* c, nint ldc, float alpha, float beta, bool first, TileEpilogue* epilogue)
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
        if (epilogue == null)
        {
            Store(c, c00, c01, va, vb, overwrite);
            Store(c + ldc, c10, c11, va, vb, overwrite);
            Store(c + (2 * ldc), c20, c21, va, vb, overwrite);
            Store(c + (3 * ldc), c30, c31, va, vb, overwrite);
            Store(c + (4 * ldc), c40, c41, va, vb, overwrite);
            Store(c + (5 * ldc), c50, c51, va, vb, overwrite);
            return;
        }

        Finish(c, ldc, 0, c00, c01, va, vb, overwrite, epilogue);
        Finish(c, ldc, 1, c10, c11, va, vb, overwrite, epilogue);
        Finish(c, ldc, 2, c20, c21, va, vb, overwrite, epilogue);
        Finish(c, ldc, 3, c30, c31, va, vb, overwrite, epilogue);
        Finish(c, ldc, 4, c40, c41, va, vb, overwrite, epilogue);
        Finish(c, ldc, 5, c50, c51, va, vb, overwrite, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, Vector256<float> beta, bool overwrite)
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* c, nint ldc, int r, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, Vector256<float> beta, bool overwrite, TileEpilogue* e)
    {
        nint offset = r * ldc;
        float* row = c + offset;
        if (overwrite)
        {
            x0 *= alpha;
            x1 *= alpha;
        }
        else
        {
            x0 = Vector256.FusedMultiplyAdd(x0, alpha, Vector256.Load(row) * beta);
            x1 = Vector256.FusedMultiplyAdd(x1, alpha, Vector256.Load(row + 8) * beta);
        }

        if (e->Bias != null)
        {
            x0 += Vector256.Load(e->Bias);
            x1 += Vector256.Load(e->Bias + 8);
        }

        if (e->Aux != null)
        {
            x0 = Activations256.BackwardRelu(e->AuxActivation, Vector256.Load(e->Aux + offset), x0);
            x1 = Activations256.BackwardRelu(e->AuxActivation, Vector256.Load(e->Aux + offset + 8), x1);
        }

        Vector256.Store(x0, row);
        Vector256.Store(x1, row + 8);
        if (e->H != null)
        {
            Vector256.Store(Activations256.ActivateRelu(e->Activation, x0), e->H + offset);
            Vector256.Store(Activations256.ActivateRelu(e->Activation, x1), e->H + offset + 8);
        }
    }
}
