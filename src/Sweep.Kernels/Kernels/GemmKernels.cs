using ILGPU;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>Batched matrix products with a fused bias / activation / activation-derivative epilogue.</summary>
internal static partial class GemmKernels
{
    /// <summary>One thread per element of C; the slice is the third index. The reference and the CPU-simulator path.</summary>
    internal static void Naive(
        Index3D index,
        ArrayView1D<float, Stride1D.Dense> a,
        ArrayView1D<float, Stride1D.Dense> b,
        ArrayView1D<float, Stride1D.Dense> c,
        ArrayView1D<float, Stride1D.Dense> bias,
        ArrayView1D<float, Stride1D.Dense> h,
        ArrayView1D<float, Stride1D.Dense> aux,
        GemmArgs g)
    {
        int j = index.X, i = index.Y, s = index.Z;
        int aBase = g.AOff + (s * g.AStride) + (i * g.ARow);
        int bBase = g.BOff + (s * g.BStride) + (j * g.BCol);
        float acc = 0f;
        for (int p = 0; p < g.K; p++)
        {
            acc += a[aBase + (p * g.ACol)] * b[bBase + (p * g.BRow)];
        }

        Store(s, i, j, acc, c, bias, h, aux, g);
    }

    /// <summary>
    /// Shared-memory tiled product: a T×T group (T = group width) stages T×T tiles of A and B in dynamic shared
    /// memory, so each element is read from global memory K/T times instead of K times. Grid: (⌈N/T⌉, ⌈M/T⌉, slices).
    /// </summary>
    internal static void Tiled(
        ArrayView1D<float, Stride1D.Dense> a,
        ArrayView1D<float, Stride1D.Dense> b,
        ArrayView1D<float, Stride1D.Dense> c,
        ArrayView1D<float, Stride1D.Dense> bias,
        ArrayView1D<float, Stride1D.Dense> h,
        ArrayView1D<float, Stride1D.Dense> aux,
        GemmArgs g)
    {
        int t = Group.DimX;
        int tx = Group.IdxX, ty = Group.IdxY;
        int j = (Grid.IdxX * t) + tx;
        int i = (Grid.IdxY * t) + ty;
        int s = Grid.IdxZ;
        ArrayView<float> tiles = SharedMemory.GetDynamic<float>();
        int bTile = t * t;
        int aBase = g.AOff + (s * g.AStride) + (i * g.ARow);
        int bBase = g.BOff + (s * g.BStride) + (j * g.BCol);
        float acc = 0f;
        for (int p0 = 0; p0 < g.K; p0 += t)
        {
            int pa = p0 + tx;
            tiles[(ty * t) + tx] = i < g.M && pa < g.K ? a[aBase + (pa * g.ACol)] : 0f;
            int pb = p0 + ty;
            tiles[bTile + (ty * t) + tx] = j < g.N && pb < g.K ? b[bBase + (pb * g.BRow)] : 0f;
            Group.Barrier();
            for (int kk = 0; kk < t; kk++)
            {
                acc += tiles[(ty * t) + kk] * tiles[bTile + (kk * t) + tx];
            }

            Group.Barrier();
        }

        if (i < g.M && j < g.N)
        {
            Store(s, i, j, acc, c, bias, h, aux, g);
        }
    }

    private static void Store(
        int s,
        int i,
        int j,
        float acc,
        ArrayView1D<float, Stride1D.Dense> c,
        ArrayView1D<float, Stride1D.Dense> bias,
        ArrayView1D<float, Stride1D.Dense> h,
        ArrayView1D<float, Stride1D.Dense> aux,
        GemmArgs g)
    {
        int element = (i * g.N) + j;
        int ci = g.COff + (s * g.CStride) + element;
        float v = g.Alpha * acc;
        if (g.Beta != 0f)
        {
            v += g.Beta * c[ci];
        }

        if (g.HasBias != 0)
        {
            v += bias[g.BiasOff + (s * g.BiasStride) + j];
        }

        if (g.HasAux != 0)
        {
            v *= ActivationFormulas.Derivative((ActivationKind)g.AuxActivation, aux[g.AuxOff + (s * g.AuxStride) + element]);
        }

        c[ci] = v;
        if (g.HasH != 0)
        {
            h[g.HOff + (s * g.HStride) + element] = ActivationFormulas.Activate((ActivationKind)g.Activation, v);
        }
    }
}
