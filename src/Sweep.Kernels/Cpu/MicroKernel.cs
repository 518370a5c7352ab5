using System.Runtime.CompilerServices;

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
/// reading A through row and column strides (a packed panel or the matrix itself) and B as NR-wide rows
/// <c>bStride</c> apart (NR for a packed panel, the matrix's row length when a small B is read in place), then stores <c>C = α·acc + β·C</c> (first K block) or <c>C += α·acc</c> (later blocks), applying the
/// epilogue in registers when one is given (last K block only).
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    static abstract void Run(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, float alpha, float beta, bool first, TileEpilogue* epilogue);
}

/// <summary>
/// The micro-kernel, written once for every vector width: a tile of <see cref="ISimdWidth{TV}.KernelRows"/> rows
/// (8 with 32 zmm registers, 6 with 16 ymm) by two vectors, so each step is two B loads, MR broadcasts and 2·MR
/// FMAs. Every element is one FMA chain over k in order, then <c>α·acc</c> (overwrite) or <c>fma(acc, α, β·C)</c>.
/// </summary>
/// <typeparam name="TW">The vector width.</typeparam>
/// <typeparam name="TV">Its vector type.</typeparam>
internal readonly unsafe struct MicroKernel<TW, TV> : IMicroKernel
    where TW : struct, ISimdWidth<TV>
    where TV : struct
{
    public static int MR => TW.KernelRows;

    public static int NR => 2 * TW.Lanes;

    // Never inlined: inside a larger caller the register allocator spills the accumulators every iteration.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, float alpha, float beta, bool first, TileEpilogue* epilogue)
    {
        bool eight = TW.KernelRows == 8;
        TV c00 = default, c01 = default, c10 = default, c11 = default;
        TV c20 = default, c21 = default, c30 = default, c31 = default;
        TV c40 = default, c41 = default, c50 = default, c51 = default;
        TV c60 = default, c61 = default, c70 = default, c71 = default;
        int p = 0;
        if (rowStride == 1 && colStride == TW.KernelRows)
        {
            // A packed panel: the MR values of a step are adjacent, so every address is a constant offset.
            int mr = TW.KernelRows;
            for (; p + 4 <= kc; p += 4)
            {
                Step(a, a + 3, 1, 2, 3, 4, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                Step(a + mr, a + mr + 3, 1, 2, 3, 4, b + bStride, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                Step(a + (2 * mr), a + (2 * mr) + 3, 1, 2, 3, 4, b + (2 * bStride), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                Step(a + (3 * mr), a + (3 * mr) + 3, 1, 2, 3, 4, b + (3 * bStride), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                a += 4 * mr;
                b += 4 * bStride;
            }

            for (; p < kc; p++)
            {
                Step(a, a + 3, 1, 2, 3, 4, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                a += mr;
                b += bStride;
            }
        }
        else
        {
            float* a3 = a + (3 * rowStride);
            nint r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride;
            for (; p + 2 <= kc; p += 2)
            {
                Step(a, a3, r1, r2, r3, r4, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                Step(a + colStride, a3 + colStride, r1, r2, r3, r4, b + bStride, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                a += 2 * colStride;
                a3 += 2 * colStride;
                b += 2 * bStride;
            }

            for (; p < kc; p++)
            {
                Step(a, a3, r1, r2, r3, r4, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
                a += colStride;
                a3 += colStride;
                b += bStride;
            }
        }

        TV va = TW.Broadcast(alpha);
        TV vb = TW.Broadcast(first ? beta : 1f);
        bool overwrite = first && beta == 0f;
        if (epilogue == null)
        {
            Store(c, c00, c01, va, vb, overwrite);
            Store(c + ldc, c10, c11, va, vb, overwrite);
            Store(c + (2 * ldc), c20, c21, va, vb, overwrite);
            Store(c + (3 * ldc), c30, c31, va, vb, overwrite);
            Store(c + (4 * ldc), c40, c41, va, vb, overwrite);
            Store(c + (5 * ldc), c50, c51, va, vb, overwrite);
            if (eight)
            {
                Store(c + (6 * ldc), c60, c61, va, vb, overwrite);
                Store(c + (7 * ldc), c70, c71, va, vb, overwrite);
            }

            return;
        }

        Finish(c, ldc, 0, c00, c01, va, vb, overwrite, epilogue);
        Finish(c, ldc, 1, c10, c11, va, vb, overwrite, epilogue);
        Finish(c, ldc, 2, c20, c21, va, vb, overwrite, epilogue);
        Finish(c, ldc, 3, c30, c31, va, vb, overwrite, epilogue);
        Finish(c, ldc, 4, c40, c41, va, vb, overwrite, epilogue);
        Finish(c, ldc, 5, c50, c51, va, vb, overwrite, epilogue);
        if (eight)
        {
            Finish(c, ldc, 6, c60, c61, va, vb, overwrite, epilogue);
            Finish(c, ldc, 7, c70, c71, va, vb, overwrite, epilogue);
        }
    }

    /// <summary>One k step: rows 0–2 at a0, a0+r1, a0+r2 and rows 3–7 at a3, a3+r1 … a3+r4 (rows 6 and 7 with 8-row tiles only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        float* a0, float* a3, nint r1, nint r2, nint r3, nint r4, float* b,
        ref TV c00, ref TV c01, ref TV c10, ref TV c11, ref TV c20, ref TV c21, ref TV c30, ref TV c31,
        ref TV c40, ref TV c41, ref TV c50, ref TV c51, ref TV c60, ref TV c61, ref TV c70, ref TV c71)
    {
        TV b0 = TW.Load(b);
        TV b1 = TW.Load(b + TW.Lanes);
        TV av = TW.Broadcast(a0[0]);
        c00 = TW.Fma(av, b0, c00);
        c01 = TW.Fma(av, b1, c01);
        av = TW.Broadcast(a0[r1]);
        c10 = TW.Fma(av, b0, c10);
        c11 = TW.Fma(av, b1, c11);
        av = TW.Broadcast(a0[r2]);
        c20 = TW.Fma(av, b0, c20);
        c21 = TW.Fma(av, b1, c21);
        av = TW.Broadcast(a3[0]);
        c30 = TW.Fma(av, b0, c30);
        c31 = TW.Fma(av, b1, c31);
        av = TW.Broadcast(a3[r1]);
        c40 = TW.Fma(av, b0, c40);
        c41 = TW.Fma(av, b1, c41);
        av = TW.Broadcast(a3[r2]);
        c50 = TW.Fma(av, b0, c50);
        c51 = TW.Fma(av, b1, c51);
        if (TW.KernelRows == 8)
        {
            av = TW.Broadcast(a3[r3]);
            c60 = TW.Fma(av, b0, c60);
            c61 = TW.Fma(av, b1, c61);
            av = TW.Broadcast(a3[r4]);
            c70 = TW.Fma(av, b0, c70);
            c71 = TW.Fma(av, b1, c71);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, TV x0, TV x1, TV alpha, TV beta, bool overwrite)
    {
        int w = TW.Lanes;
        if (overwrite)
        {
            TW.Store(TW.Multiply(x0, alpha), row);
            TW.Store(TW.Multiply(x1, alpha), row + w);
        }
        else
        {
            TW.Store(TW.Fma(x0, alpha, TW.Multiply(TW.Load(row), beta)), row);
            TW.Store(TW.Fma(x1, alpha, TW.Multiply(TW.Load(row + w), beta)), row + w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* c, nint ldc, int r, TV x0, TV x1, TV alpha, TV beta, bool overwrite, TileEpilogue* e)
    {
        int w = TW.Lanes;
        nint offset = r * ldc;
        float* row = c + offset;
        if (overwrite)
        {
            x0 = TW.Multiply(x0, alpha);
            x1 = TW.Multiply(x1, alpha);
        }
        else
        {
            x0 = TW.Fma(x0, alpha, TW.Multiply(TW.Load(row), beta));
            x1 = TW.Fma(x1, alpha, TW.Multiply(TW.Load(row + w), beta));
        }

        if (e->Bias != null)
        {
            x0 = TW.Add(x0, TW.Load(e->Bias));
            x1 = TW.Add(x1, TW.Load(e->Bias + w));
        }

        if (e->Aux != null)
        {
            x0 = VectorActivations<TW, TV>.BackwardRelu(e->AuxActivation, TW.Load(e->Aux + offset), x0);
            x1 = VectorActivations<TW, TV>.BackwardRelu(e->AuxActivation, TW.Load(e->Aux + offset + w), x1);
        }

        TW.Store(x0, row);
        TW.Store(x1, row + w);
        if (e->H != null)
        {
            TW.Store(VectorActivations<TW, TV>.ActivateRelu(e->Activation, x0), e->H + offset);
            TW.Store(VectorActivations<TW, TV>.ActivateRelu(e->Activation, x1), e->H + offset + w);
        }
    }
}
