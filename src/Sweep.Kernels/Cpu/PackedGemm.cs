using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lanes = Sweep.Kernels.VectorActivations<Sweep.Kernels.Cpu.WidthDefault, System.Numerics.Vector<float>>;

namespace Sweep.Kernels.Cpu;

/// <summary>One matrix product plus its fused element-wise epilogue, on raw pointers.</summary>
internal unsafe struct GemmProblem
{
    public GemmLayout Layout;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float Beta;
    public float* A;
    public float* B;
    public float* C;

    /// <summary>Per-column bias added after the product (forward pass), or null.</summary>
    public float* Bias;

    /// <summary>Where <c>act(C)</c> goes (forward pass), or null.</summary>
    public float* H;

    public ActivationKind Activation;

    /// <summary>Pre-activations whose derivative multiplies C (backward pass), or null.</summary>
    public float* Aux;

    public ActivationKind AuxActivation;

    /// <summary>B already packed by <see cref="PackedGemm.PackWhole"/> for this micro-kernel (weights packed once per step), or null.</summary>
    public float* PackedB;

    public readonly bool HasEpilogue => Bias != null || H != null || (Aux != null && AuxActivation != ActivationKind.Identity);
}

/// <summary>Packing buffers: one A block and one B block per worker, plus a B block the workers pack together.</summary>
internal sealed unsafe class GemmWorkspace : IDisposable
{
    public const int KC = 256;
    public const int MC = 96;   // a multiple of both micro-kernels' MR (8 and 6)
    public const int NC = 1024; // a multiple of both micro-kernels' NR (32 and 16)

    private readonly float*[] _packA;
    private readonly float*[] _packB;
    private readonly float*[] _scratch;
    private float* _sharedB;

    public GemmWorkspace(int workers)
    {
        _packA = new float*[workers];
        _packB = new float*[workers];
        _scratch = new float*[workers];
        for (int i = 0; i < workers; i++)
        {
            _packA[i] = Alloc(((long)MC * KC) + PanelTranspose.Slack);
            _packB[i] = Alloc((long)KC * NC);
            _scratch[i] = Alloc(4096);
        }

        _sharedB = Alloc((long)KC * NC);
    }

    ~GemmWorkspace()
    {
        Free();
    }

    public float* PackA(int slot) => _packA[slot];

    public float* PackB(int slot) => _packB[slot];

    public float* SharedB => _sharedB;

    /// <summary>4096 floats per worker for edge tiles and gathered columns.</summary>
    public float* Scratch(int slot) => _scratch[slot];

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private static float* Alloc(long floats)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        NativeMemory.Clear(p, (nuint)(floats * sizeof(float)));
        return p;
    }

    private void Free()
    {
        if (_sharedB == null)
        {
            return;
        }

        for (int i = 0; i < _packA.Length; i++)
        {
            NativeMemory.AlignedFree(_packA[i]);
            NativeMemory.AlignedFree(_packB[i]);
            NativeMemory.AlignedFree(_scratch[i]);
        }

        NativeMemory.AlignedFree(_sharedB);
        _sharedB = null;
    }
}

/// <summary>
/// Packed, register-blocked SGEMM in the three layouts (Goto/BLIS loop order: NC column blocks, KC depth blocks
/// with B packed into NR-wide panels, MC row blocks with A packed into MR-tall panels when it is reused enough),
/// plus two thin-shape paths that a dense layer with one output (or one row) needs: dot products and row AXPYs.
/// The work is split statically over workers by columns when C is at least as wide as it is tall (each worker packs
/// its own B panels and never waits), else by rows, with the workers packing the shared B block together and meeting
/// at a barrier (or by columns when there are too few rows). Each element of C is computed by one worker
/// in a fixed order, so results do not depend on the thread count's timing (they are bit-reproducible).
/// </summary>
internal static unsafe class PackedGemm
{
    private const int Tiny = 4;
    private const long SharedPackThreshold = 16 * 1024;

    /// <summary>Floats of B (kc·N) up to which a row-major B whose width is a multiple of NR is read where it is, unpacked.</summary>
    private const long InPlaceB = 8 * 1024;

    /// <summary>Depth up to which A is read where it is unless B has 8 panels or more: a shallow A panel stays in L1, and packing it pays only when many panels reuse it.</summary>
    private const int ShallowA = 64;

    /// <summary>
    /// A C of at least this many elements (1 MB) is read back from beyond L2 once per depth block, so each tile's rows are
    /// prefetched before its micro-kernel runs; below it C stays in cache and the prefetches only cost. Alternating 6 times
    /// with the build before (Emerald Rapids Xeon, one thread, 1024³): Vector256 1.20×, Vector512 1.05×; prefetching
    /// every tile inside the micro-kernel instead made small training steps 12% slower.
    /// </summary>
    private const long PrefetchC = 1L << 18;

    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/> of the product with micro-kernel <typeparamref name="TK"/>.</summary>
    /// <param name="g">The problem.</param>
    /// <param name="part">This worker's part.</param>
    /// <param name="parts">Parts (1 = the whole product on this thread).</param>
    /// <param name="slot">This thread's workspace slot.</param>
    /// <param name="ws">Packing buffers.</param>
    /// <param name="pool">The pool to meet at barriers when <paramref name="parts"/> &gt; 1.</param>
    public static void Execute<TK>(ref GemmProblem g, int part, int parts, int slot, GemmWorkspace ws, SpinPool? pool)
        where TK : struct, IMicroKernel
    {
        if (g.K == 0)
        {
            ScaleOnly(ref g, part, parts);
            return;
        }

        if (g.Layout == GemmLayout.ABt && (g.N <= Tiny || g.M <= Tiny))
        {
            DotPath(ref g, part, parts, g.B, g.K);
            return;
        }

        if (g.Layout == GemmLayout.AB && g.N <= Tiny && (long)g.N * g.K <= 4096)
        {
            // Gather B's few columns into contiguous rows, then take dot products.
            float* bt = ws.Scratch(slot);
            for (int j = 0; j < g.N; j++)
            {
                for (int p = 0; p < g.K; p++)
                {
                    bt[(j * g.K) + p] = g.B[((long)p * g.N) + j];
                }
            }

            DotPath(ref g, part, parts, bt, g.K);
            return;
        }

        if ((g.M <= Tiny || g.K <= Tiny) && g.Layout != GemmLayout.ABt)
        {
            RowAxpyPath(ref g, part, parts);
            return;
        }

        Blocked<TK>(ref g, part, parts, slot, ws, pool);
    }

    private static void Blocked<TK>(ref GemmProblem g, int part, int parts, int slot, GemmWorkspace ws, SpinPool? pool)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int m0 = 0, m1 = g.M, n0 = 0, n1 = g.N;
        bool shared = false;
        long npad = (long)((g.N + nr - 1) / nr) * nr;
        if (parts > 1)
        {
            // Columns first for a wide C: alternating 4 times in one session (Zen 4, two threads), the row split with its
            // shared B and barriers ran n = 128 at 56–133 GFLOP/s on Vector256 and 97–159 on Vector512, the column
            // split at 125–170 and 163–168; equal within the noise from 512 up. A tall C keeps the row split, where
            // duplicating A's packing per worker would cost more than sharing B.
            bool wide = g.N >= g.M && g.N >= parts * nr * 4;
            if (g.M >= parts * mr * 2 && !wide)
            {
                (m0, m1) = Split(g.M, part, parts, mr);
                shared = g.PackedB == null && (long)g.K * g.N >= SharedPackThreshold;
            }
            else
            {
                (n0, n1) = Split(g.N, part, parts, nr);
            }
        }

        // Nothing to do and nobody to meet: an empty column share skips the loops entirely.
        if (!shared && (m0 >= m1 || n0 >= n1))
        {
            return;
        }

        nint lda = g.Layout == GemmLayout.AtB ? g.M : g.K;
        bool epilogue = g.HasEpilogue;
        bool inRegisters = g.Activation is ActivationKind.Identity or ActivationKind.Relu
            && g.AuxActivation is ActivationKind.Identity or ActivationKind.Relu;
        bool prefetchC = (long)g.M * g.N >= PrefetchC;
        for (int jc = n0; jc < n1; jc += GemmWorkspace.NC)
        {
            int nc = Math.Min(GemmWorkspace.NC, n1 - jc);
            int panels = (nc + nr - 1) / nr;
            for (int pc = 0; pc < g.K; pc += GemmWorkspace.KC)
            {
                int kc = Math.Min(GemmWorkspace.KC, g.K - pc);
                bool first = pc == 0;
                bool last = pc + kc >= g.K;
                float* bp;
                nint bs = nr;
                bool inPlace = g.PackedB == null && g.Layout != GemmLayout.ABt && g.N % nr == 0 && (long)kc * g.N <= InPlaceB;
                if (g.PackedB != null)
                {
                    bp = g.PackedB + ((long)pc * npad) + ((long)(jc / nr) * kc * nr);
                }
                else if (inPlace)
                {
                    // A small row-major B (a block's inputs in a weight gradient) is already contiguous and in L1.
                    bp = g.B + ((long)pc * g.N) + jc;
                    bs = g.N;
                }
                else if (shared)
                {
                    bp = ws.SharedB;
                    PackPanels(ref g, pc, kc, jc, nc, nr, part, parts, bp);

                    pool!.Barrier();
                }
                else
                {
                    bp = ws.PackB(slot);
                    PackPanels(ref g, pc, kc, jc, nc, nr, 0, 1, bp);
                }

                bool packA = panels >= 4 && (kc > ShallowA || panels >= 8);
                for (int ic = m0; ic < m1; ic += GemmWorkspace.MC)
                {
                    int mc = Math.Min(GemmWorkspace.MC, m1 - ic);
                    float* ap = ws.PackA(slot);
                    if (packA)
                    {
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            PackA(ref g, ic + ir, Math.Min(mr, mc - ir), pc, kc, mr, ap + ((long)(ir / mr) * kc * mr));
                        }
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int nrr = Math.Min(nr, nc - jr);
                        float* bpanel = inPlace ? bp + jr : bp + ((long)(jr / nr) * kc * nr);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int mrr = Math.Min(mr, mc - ir);
                            int row = ic + ir, col = jc + jr;
                            float* a;
                            nint rs, cs;
                            if (packA)
                            {
                                a = ap + ((long)(ir / mr) * kc * mr);
                                rs = 1;
                                cs = mr;
                            }
                            else if (mrr < mr)
                            {
                                a = ws.Scratch(slot);
                                PackA(ref g, row, mrr, pc, kc, mr, a);
                                rs = 1;
                                cs = mr;
                            }
                            else if (g.Layout == GemmLayout.AtB)
                            {
                                a = g.A + ((long)pc * lda) + row;
                                rs = 1;
                                cs = lda;
                            }
                            else
                            {
                                a = g.A + ((long)row * lda) + pc;
                                rs = lda;
                                cs = 1;
                            }

                            long offset = ((long)row * g.N) + col;
                            float* c = g.C + offset;
                            if (mrr == mr && nrr == nr)
                            {
                                if (prefetchC)
                                {
                                    PrefetchTile(c, g.N, mr, nr);
                                }

                                if (last && epilogue && inRegisters)
                                {
                                    // The bias, activation and activation derivative are applied in registers.
                                    TileEpilogue e = default;
                                    e.Bias = g.Bias == null ? null : g.Bias + col;
                                    e.H = g.H == null ? null : g.H + offset;
                                    e.Aux = g.Aux == null || g.AuxActivation == ActivationKind.Identity ? null : g.Aux + offset;
                                    e.Activation = g.Activation;
                                    e.AuxActivation = g.AuxActivation;
                                    TK.Run(kc, a, rs, cs, bpanel, bs, c, g.N, g.Alpha, g.Beta, first, &e);
                                }
                                else
                                {
                                    TK.Run(kc, a, rs, cs, bpanel, bs, c, g.N, g.Alpha, g.Beta, first, null);
                                    if (last && epilogue)
                                    {
                                        Epilogue(ref g, row, mrr, col, nrr);
                                    }
                                }
                            }
                            else
                            {
                                float* tile = ws.Scratch(slot) + 2048;
                                TK.Run(kc, a, rs, cs, bpanel, bs, tile, nr, 1f, 0f, true, null);
                                MergeTile(tile, nr, c, g.N, mrr, nrr, g.Alpha, first ? g.Beta : 1f, first && g.Beta == 0f);
                                if (last && epilogue)
                                {
                                    Epilogue(ref g, row, mrr, col, nrr);
                                }
                            }
                        }
                    }
                }

                if (shared)
                {
                    pool!.Barrier();
                }
            }
        }
    }

    /// <summary>
    /// Packs all of B for micro-kernel <typeparamref name="TK"/>: depth block pc (of KC) starts at pc·Npad, and its
    /// panel q (NR columns) at pc·Npad + q·kc·NR. Panels are shared out among <paramref name="parts"/> workers.
    /// </summary>
    public static void PackWhole<TK>(ref GemmProblem g, float* dst, int part, int parts)
        where TK : struct, IMicroKernel
    {
        int nr = TK.NR;
        int panels = (g.N + nr - 1) / nr;
        long npad = (long)panels * nr;
        for (int pc = 0; pc < g.K; pc += GemmWorkspace.KC)
        {
            int kc = Math.Min(GemmWorkspace.KC, g.K - pc);
            PackPanels(ref g, pc, kc, 0, g.N, nr, part, parts, dst + ((long)pc * npad));
        }
    }

    /// <summary>Floats <see cref="PackWhole"/> writes for a k×n operand with panels nr wide.</summary>
    public static long PackedSize(int k, int n, int nr) => (long)k * ((n + nr - 1) / nr) * nr;

    /// <summary>Whether <see cref="Execute"/> takes the blocked path (the only one that reads a pre-packed B).</summary>
    public static bool UsesPackedB(GemmLayout layout, int m, int n, int k)
    {
        if (k == 0 || (layout == GemmLayout.ABt && (n <= Tiny || m <= Tiny)))
        {
            return false;
        }

        if (layout == GemmLayout.AB && n <= Tiny && (long)n * k <= 4096)
        {
            return false;
        }

        return !((m <= Tiny || k <= Tiny) && layout != GemmLayout.ABt);
    }

    /// <summary>
    /// Packs panels first, first + step, … of B[pc..pc+kc, j0..j0+cols] (panel q at dst + q·kc·nr). Row-major B is
    /// read a row at a time across all the panels (one sequential stream instead of a 64-byte read per row per panel).
    /// </summary>
    private static void PackPanels(ref GemmProblem g, int pc, int kc, int j0, int cols, int nr, int first, int step, float* dst)
    {
        int panels = (cols + nr - 1) / nr;
        if (g.Layout == GemmLayout.ABt)
        {
            for (int q = first; q < panels; q += step)
            {
                PackB(ref g, pc, kc, j0 + (q * nr), Math.Min(nr, cols - (q * nr)), nr, dst + ((long)q * kc * nr));
            }

            return;
        }

        int full = cols / nr;
        for (int p = 0; p < kc; p++)
        {
            float* src = g.B + ((long)(pc + p) * g.N) + j0;
            float* d = dst + ((long)p * nr);
            for (int q = first; q < panels; q += step)
            {
                float* panelRow = d + ((long)q * kc * nr);
                if (q < full)
                {
                    Copy(src + (q * nr), panelRow, nr);
                }
                else
                {
                    int width = cols - (q * nr);
                    Copy(src + (q * nr), panelRow, width);
                    new Span<float>(panelRow + width, nr - width).Clear();
                }
            }
        }
    }

    /// <summary>Packs B[pc..pc+kc, j0..j0+cols] into a kc×nr panel, zero-padding missing columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PackB(ref GemmProblem g, int pc, int kc, int j0, int cols, int nr, float* dst)
    {
        if (g.Layout == GemmLayout.ABt)
        {
            // B is stored n×k: column j of op(B) is row j of B, so each group of 8 columns is a transposed copy.
            for (int jg = 0; jg < nr; jg += 8)
            {
                if (jg < cols)
                {
                    PanelTranspose.Rows(g.B + ((long)(j0 + jg) * g.K) + pc, g.K, Math.Min(8, cols - jg), kc, dst + jg, nr);
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        new Span<float>(dst + (p * nr) + jg, 8).Clear();
                    }
                }
            }

            return;
        }

        for (int p = 0; p < kc; p++)
        {
            float* src = g.B + ((long)(pc + p) * g.N) + j0;
            float* d = dst + (p * nr);
            Copy(src, d, cols);
            for (int j = cols; j < nr; j++)
            {
                d[j] = 0f;
            }
        }
    }

    /// <summary>Packs A[i0..i0+rows, pc..pc+kc] into a kc×mr panel (mr values per step), zero-padding missing rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PackA(ref GemmProblem g, int i0, int rows, int pc, int kc, int mr, float* dst)
    {
        if (g.Layout == GemmLayout.AtB)
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = g.A + ((long)(pc + p) * g.M) + i0;
                float* d = dst + (p * mr);
                int r = 0;
                if (rows == mr)
                {
                    // A full panel step: the rows' values are adjacent in Aᵀ; two 4-float copies (overlapping when mr = 6) cover it.
                    Vector128.Store(Vector128.Load(src), d);
                    Vector128.Store(Vector128.Load(src + mr - 4), d + mr - 4);
                    continue;
                }

                for (; r < rows; r++)
                {
                    d[r] = src[r];
                }

                for (; r < mr; r++)
                {
                    d[r] = 0f;
                }
            }

            return;
        }

        PanelTranspose.Rows(g.A + ((long)i0 * g.K) + pc, g.K, rows, kc, dst, mr);
    }

    /// <summary>Asks for the rows of an MR×NR tile of C (NR floats each, two cache lines at most) ahead of its stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(float* c, nint ldc, int mr, int nr)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int r = 0; r < mr; r++)
        {
            float* row = c + (r * ldc);
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + nr - 1);
        }
    }

    /// <summary>Copies a short row without a call into memmove (its overhead dominates at these lengths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy(float* src, float* dst, int n)
    {
        int i = 0;
        int w = Vector<float>.Count;
        for (; i + w <= n; i += w)
        {
            Vector.Store(Vector.Load(src + i), dst + i);
        }

        for (; i < n; i++)
        {
            dst[i] = src[i];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MergeTile(float* tile, int ldt, float* c, int ldc, int rows, int cols, float alpha, float beta, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + (r * ldt);
            float* cr = c + ((long)r * ldc);
            for (int j = 0; j < cols; j++)
            {
                cr[j] = overwrite ? alpha * t[j] : (alpha * t[j]) + (beta * cr[j]);
            }
        }
    }

    /// <summary>The fused element-wise tail on a finished tile: bias, act′ of the aux operand, act into H.</summary>
    private static void Epilogue(ref GemmProblem g, int i0, int rows, int j0, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            long offset = ((long)(i0 + r) * g.N) + j0;
            float* c = g.C + offset;
            if (g.Bias != null)
            {
                float* bias = g.Bias + j0;
                int j = 0;
                for (; j + Vector<float>.Count <= cols; j += Vector<float>.Count)
                {
                    Vector.Store(Vector.Load(c + j) + Vector.Load(bias + j), c + j);
                }

                for (; j < cols; j++)
                {
                    c[j] += bias[j];
                }
            }

            if (g.Aux != null && g.AuxActivation != ActivationKind.Identity)
            {
                SimdMath.Backward(g.AuxActivation, g.Aux + offset, c, c, cols);
            }

            if (g.H != null)
            {
                SimdMath.Activate(g.Activation, c, g.H + offset, cols);
            }
        }
    }

    /// <summary>C = α·A·Bᵀ with both operands' rows contiguous: one dot product per element (few rows or few columns).</summary>
    private static void DotPath(ref GemmProblem g, int part, int parts, float* bt, int ldb)
    {
        bool byRows = g.M >= g.N;
        (int lo, int hi) = Split(byRows ? g.M : g.N, part, parts, 1);
        int i0 = byRows ? lo : 0, i1 = byRows ? hi : g.M;
        int j0 = byRows ? 0 : lo, j1 = byRows ? g.N : hi;
        for (int i = i0; i < i1; i++)
        {
            float* a = g.A + ((long)i * g.K);
            float* c = g.C + ((long)i * g.N);
            for (int j = j0; j < j1; j++)
            {
                float dot = Dot(a, bt + ((long)j * ldb), g.K);
                c[j] = g.Beta == 0f ? g.Alpha * dot : (g.Alpha * dot) + (g.Beta * c[j]);
            }

            if (g.HasEpilogue && j1 > j0)
            {
                Epilogue(ref g, i, 1, j0, j1 - j0);
            }
        }
    }

    /// <summary>C[i, :] = α·Σ_p A(i,p)·B[p, :] with B row-major: few rows or a shallow product (a layer of width one back-propagating), vectorised along the columns.</summary>
    private static void RowAxpyPath(ref GemmProblem g, int part, int parts)
    {
        int w = Vector<float>.Count;
        (int j0, int j1) = Split(g.N, part, parts, 4 * w);
        if (j0 >= j1)
        {
            return;
        }

        nint rs = g.Layout == GemmLayout.AtB ? 1 : g.K;
        nint cs = g.Layout == GemmLayout.AtB ? g.M : 1;
        var alpha = new Vector<float>(g.Alpha);
        var beta = new Vector<float>(g.Beta);
        bool fused = g.HasEpilogue && g.Activation is ActivationKind.Identity or ActivationKind.Relu
            && g.AuxActivation is ActivationKind.Identity or ActivationKind.Relu;
        for (int i = 0; i < g.M; i++)
        {
            float* a = g.A + (i * rs);
            long row = (long)i * g.N;
            float* c = g.C + ((long)i * g.N);
            int j = j0;
            for (; j + (4 * w) <= j1; j += 4 * w)
            {
                Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* b = g.B + j;
                for (int p = 0; p < g.K; p++)
                {
                    var av = new Vector<float>(a[p * cs]);
                    s0 = Vector.FusedMultiplyAdd(av, Vector.Load(b), s0);
                    s1 = Vector.FusedMultiplyAdd(av, Vector.Load(b + w), s1);
                    s2 = Vector.FusedMultiplyAdd(av, Vector.Load(b + (2 * w)), s2);
                    s3 = Vector.FusedMultiplyAdd(av, Vector.Load(b + (3 * w)), s3);
                    b += g.N;
                }

                StoreRow(ref g, row, j, s0, alpha, beta, fused);
                StoreRow(ref g, row, j + w, s1, alpha, beta, fused);
                StoreRow(ref g, row, j + (2 * w), s2, alpha, beta, fused);
                StoreRow(ref g, row, j + (3 * w), s3, alpha, beta, fused);
            }

            for (; j + w <= j1; j += w)
            {
                Vector<float> s0 = default;
                float* b = g.B + j;
                for (int p = 0; p < g.K; p++)
                {
                    s0 = Vector.FusedMultiplyAdd(new Vector<float>(a[p * cs]), Vector.Load(b), s0);
                    b += g.N;
                }

                StoreRow(ref g, row, j, s0, alpha, beta, fused);
            }

            int tail = j;
            for (; j < j1; j++)
            {
                float s = 0f;
                for (int p = 0; p < g.K; p++)
                {
                    s = MathF.FusedMultiplyAdd(a[p * cs], g.B[((long)p * g.N) + j], s);
                }

                c[j] = g.Beta == 0f ? g.Alpha * s : (g.Alpha * s) + (g.Beta * c[j]);
            }

            if (g.HasEpilogue && j1 > (fused ? tail : j0))
            {
                Epilogue(ref g, i, 1, fused ? tail : j0, j1 - (fused ? tail : j0));
            }
        }
    }

    /// <summary>Stores α·s (+ β·C) at C[row + j…], with the bias, ReLU derivative and ReLU applied in registers when fused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref GemmProblem g, long row, int j, Vector<float> s, Vector<float> alpha, Vector<float> beta, bool fused)
    {
        long offset = row + j;
        float* c = g.C + offset;
        Vector<float> v = g.Beta == 0f ? s * alpha : Vector.FusedMultiplyAdd(s, alpha, Vector.Load(c) * beta);
        if (fused)
        {
            if (g.Bias != null)
            {
                v += Vector.Load(g.Bias + j);
            }

            if (g.Aux != null)
            {
                v = Lanes.BackwardRelu(g.AuxActivation, Vector.Load(g.Aux + offset), v);
            }

            Vector.Store(v, c);
            if (g.H != null)
            {
                Vector.Store(Lanes.ActivateRelu(g.Activation, v), g.H + offset);
            }

            return;
        }

        Vector.Store(v, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot(float* a, float* b, int n)
    {
        int w = Vector<float>.Count;
        int i = 0;
        Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; i + (4 * w) <= n; i += 4 * w)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.Load(a + i + w), Vector.Load(b + i + w), s1);
            s2 = Vector.FusedMultiplyAdd(Vector.Load(a + i + (2 * w)), Vector.Load(b + i + (2 * w)), s2);
            s3 = Vector.FusedMultiplyAdd(Vector.Load(a + i + (3 * w)), Vector.Load(b + i + (3 * w)), s3);
        }

        for (; i + w <= n; i += w)
        {
            s0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), s0);
        }

        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        }

        return sum;
    }

    private static void ScaleOnly(ref GemmProblem g, int part, int parts)
    {
        (int i0, int i1) = Split(g.M, part, parts, 1);
        for (int i = i0; i < i1; i++)
        {
            float* c = g.C + ((long)i * g.N);
            for (int j = 0; j < g.N; j++)
            {
                c[j] = g.Beta == 0f ? 0f : g.Beta * c[j];
            }

            if (g.HasEpilogue)
            {
                Epilogue(ref g, i, 1, 0, g.N);
            }
        }
    }

    /// <summary>Part <paramref name="part"/> of [0, n) split into <paramref name="parts"/> ranges whose boundaries are multiples of <paramref name="align"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (int Start, int End) Split(int n, int part, int parts, int align)
    {
        if (parts == 1)
        {
            return (0, n);
        }

        int units = (n + align - 1) / align;
        int start = (int)((long)units * part / parts) * align;
        int end = (int)((long)units * (part + 1) / parts) * align;
        return (Math.Min(start, n), Math.Min(end, n));
    }
}
