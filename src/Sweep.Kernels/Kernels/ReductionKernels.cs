using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>
/// Per-slice reductions: one group per slice, each thread accumulating a strided share, then a shared-memory tree
/// (the group size is a power of two). No atomics, so results are reproducible run to run.
/// </summary>
internal static partial class ReductionKernels
{
    /// <summary>result[s] = Σ x (Kind 0) or Σ x² (Kind 1) over a slice.</summary>
    internal static void Reduce(ArrayView1D<float, Stride1D.Dense> x, ArrayView1D<float, Stride1D.Dense> result, ReduceArgs r)
    {
        int s = Grid.IdxX, t = Group.IdxX, size = Group.DimX;
        int xBase = r.XOff + (s * r.XStride);
        float sum = 0f;
        for (int e = t; e < r.Length; e += size)
        {
            float v = x[xBase + e];
            sum += r.Kind == 1 ? v * v : v;
        }

        float total = TreeSum(sum, t, size);
        if (t == 0)
        {
            result[s] = total;
        }
    }

    /// <summary>
    /// MSE (Kind 0) or softmax cross-entropy (Kind 1) of one slice, with its gradient when HasGrad: predictions x,
    /// targets y, gradient g, mean loss into loss[s].
    /// </summary>
    internal static void Loss(
        ArrayView1D<float, Stride1D.Dense> x,
        ArrayView1D<float, Stride1D.Dense> y,
        ArrayView1D<float, Stride1D.Dense> g,
        ArrayView1D<float, Stride1D.Dense> loss,
        ReduceArgs r)
    {
        int s = Grid.IdxX, t = Group.IdxX, size = Group.DimX;
        int xBase = r.XOff + (s * r.XStride), yBase = r.YOff + (s * r.YStride), gBase = r.GOff + (s * r.GStride);
        float sum = 0f;
        if (r.Kind == 0)
        {
            int n = r.Rows * r.Cols;
            float scale = 2f / n;
            for (int e = t; e < n; e += size)
            {
                float d = x[xBase + e] - y[yBase + e];
                sum += d * d;
                if (r.HasGrad != 0)
                {
                    g[gBase + e] = scale * d;
                }
            }
        }
        else
        {
            float inv = 1f / r.Rows;
            for (int row = t; row < r.Rows; row += size)
            {
                int l = xBase + (row * r.Cols);
                int label = (int)y[yBase + row];
                float max = x[l];
                for (int j = 1; j < r.Cols; j++)
                {
                    max = XMath.Max(max, x[l + j]);
                }

                float z = 0f;
                for (int j = 0; j < r.Cols; j++)
                {
                    z += XMath.Exp(x[l + j] - max);
                }

                float lse = max + XMath.Log(z);
                sum += lse - x[l + label];
                if (r.HasGrad != 0)
                {
                    for (int j = 0; j < r.Cols; j++)
                    {
                        g[gBase + (row * r.Cols) + j] = (XMath.Exp(x[l + j] - lse) - (j == label ? 1f : 0f)) * inv;
                    }
                }
            }
        }

        float total = TreeSum(sum, t, size);
        if (t == 0)
        {
            loss[s] = r.Kind == 0 ? total / (r.Rows * r.Cols) : total / r.Rows;
        }
    }

    private static float TreeSum(float value, int t, int size)
    {
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        shared[t] = value;
        Group.Barrier();
        for (int stride = size / 2; stride > 0; stride /= 2)
        {
            if (t < stride)
            {
                shared[t] += shared[t + stride];
            }

            Group.Barrier();
        }

        return shared[0];
    }
}
