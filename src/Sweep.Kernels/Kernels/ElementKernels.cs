using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>Element-wise kernels over count·length elements (index = slice·length + element).</summary>
internal static partial class ElementKernels
{
    internal static void AddBias(Index1D index, ArrayView1D<float, Stride1D.Dense> x, ArrayView1D<float, Stride1D.Dense> bias, ArrayView1D<float, Stride1D.Dense> o, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        o[e.OOff + (s * e.OStride) + r] = x[e.XOff + (s * e.XStride) + r] + bias[e.YOff + (s * e.YStride) + (r % e.Cols)];
    }

    internal static void Activate(Index1D index, ArrayView1D<float, Stride1D.Dense> x, ArrayView1D<float, Stride1D.Dense> o, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        o[e.OOff + (s * e.OStride) + r] = ActivationFormulas.Activate((ActivationKind)e.Activation, x[e.XOff + (s * e.XStride) + r]);
    }

    internal static void ActivationBackward(
        Index1D index, ArrayView1D<float, Stride1D.Dense> z, ArrayView1D<float, Stride1D.Dense> gradOut, ArrayView1D<float, Stride1D.Dense> gradIn, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        float d = ActivationFormulas.Derivative((ActivationKind)e.Activation, z[e.XOff + (s * e.XStride) + r]);
        gradIn[e.OOff + (s * e.OStride) + r] = gradOut[e.YOff + (s * e.YStride) + r] * d;
    }

    internal static void Axpy(Index1D index, ArrayView1D<float, Stride1D.Dense> x, ArrayView1D<float, Stride1D.Dense> o, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        int oi = e.OOff + (s * e.OStride) + r;
        o[oi] += e.Alpha * x[e.XOff + (s * e.XStride) + r];
    }

    internal static void Scale(Index1D index, ArrayView1D<float, Stride1D.Dense> o, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        int oi = e.OOff + (s * e.OStride) + r;
        o[oi] *= e.Alpha;
    }

    /// <summary>x = clip(x + step·sign(grad), origin ± ε); x is o, origin is x, grad is y.</summary>
    internal static void Attack(
        Index1D index, ArrayView1D<float, Stride1D.Dense> origin, ArrayView1D<float, Stride1D.Dense> grad, ArrayView1D<float, Stride1D.Dense> x, ElementArgs e)
    {
        int s = index / e.Length, r = index % e.Length;
        int xi = e.OOff + (s * e.OStride) + r;
        float g = grad[e.YOff + (s * e.YStride) + r];
        float step = g > 0f ? e.Alpha : g < 0f ? -e.Alpha : 0f;
        float o = origin[e.XOff + (s * e.XStride) + r];
        x[xi] = XMath.Clamp(x[xi] + step, o - e.Beta, o + e.Beta);
    }

    /// <summary>
    /// One L2 attack step per row (one thread each): x = origin + Π(x + α·g/‖g‖ − origin) onto ‖δ‖ ≤ ε; x is o, origin
    /// is x, grad is y, e.Length is rows·cols.
    /// </summary>
    internal static void AttackL2(
        Index1D index, ArrayView1D<float, Stride1D.Dense> origin, ArrayView1D<float, Stride1D.Dense> grad, ArrayView1D<float, Stride1D.Dense> x, ElementArgs e)
    {
        int rowsPerSlice = e.Length / e.Cols;
        int s = index / rowsPerSlice, r = index % rowsPerSlice;
        int xi = e.OOff + (s * e.OStride) + (r * e.Cols), oi = e.XOff + (s * e.XStride) + (r * e.Cols), gi = e.YOff + (s * e.YStride) + (r * e.Cols);
        float gn = 0f;
        for (int j = 0; j < e.Cols; j++)
        {
            float g = grad[gi + j];
            gn += g * g;
        }

        float scale = gn > 0f ? e.Alpha / XMath.Sqrt(gn) : 0f, dn = 0f;
        for (int j = 0; j < e.Cols; j++)
        {
            float d = x[xi + j] + (scale * grad[gi + j]) - origin[oi + j];
            x[xi + j] = d;
            dn += d * d;
        }

        float length = XMath.Sqrt(dn);
        float shrink = length > e.Beta ? e.Beta / length : 1f;
        for (int j = 0; j < e.Cols; j++)
        {
            x[xi + j] = origin[oi + j] + (shrink * x[xi + j]);
        }
    }

    /// <summary>result[s, j] = Σ_r x[s, r, j]: one thread per output, rows summed in order (deterministic).</summary>
    internal static void ColumnSums(Index1D index, ArrayView1D<float, Stride1D.Dense> x, ArrayView1D<float, Stride1D.Dense> result, ElementArgs e)
    {
        int s = index / e.Cols, j = index % e.Cols;
        int rows = e.Length / e.Cols;
        int xBase = e.XOff + (s * e.XStride) + j;
        float sum = 0f;
        for (int r = 0; r < rows; r++)
        {
            sum += x[xBase + (r * e.Cols)];
        }

        result[e.OOff + (s * e.OStride) + j] = sum;
    }
}
