using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Sweep.Kernels.Accelerators;

/// <summary>The fused optimiser: per-model scalars (scheduled rate, clip scale, bias corrections), then one update sweep.</summary>
internal static partial class OptimizerKernels
{
    private const float Pi = 3.14159265358979f;

    /// <summary>scalars[s] = (lr, gradient scale, 1 − β1^t, 1 − β2^t) from the packed settings of model s.</summary>
    internal static void Scalars(
        Index1D s, ArrayView1D<float, Stride1D.Dense> settings, ArrayView1D<float, Stride1D.Dense> sumSquares, ArrayView1D<float, Stride1D.Dense> scalars, OptimizerArgs o)
    {
        int b = s * OptimizerSettings.Stride;
        float rate = settings[b];
        int schedule = (int)settings[b + 7];
        int warmup = (int)settings[b + 8];
        int total = (int)settings[b + 9];
        float lr = rate;
        if (schedule == (int)ScheduleKind.WarmupCosine)
        {
            if (o.Step < warmup)
            {
                lr = rate * (o.Step + 1) / warmup;
            }
            else
            {
                float progress = XMath.Min(1f, (float)(o.Step - warmup) / XMath.Max(1, total - warmup));
                lr = rate * 0.5f * (1f + XMath.Cos(Pi * progress));
            }
        }

        float scale = 1f;
        float clip = settings[b + 6];
        if (o.HasClip != 0 && clip > 0f)
        {
            scale = XMath.Min(1f, clip / (XMath.Sqrt(sumSquares[s]) + 1e-6f));
        }

        scalars[(s * 4) + 0] = lr;
        scalars[(s * 4) + 1] = scale;
        scalars[(s * 4) + 2] = 1f - XMath.Pow(settings[b + 2], o.Step + 1);
        scalars[(s * 4) + 3] = 1f - XMath.Pow(settings[b + 3], o.Step + 1);
    }

    /// <summary>One element's SGD / Adam / AdamW update.</summary>
    internal static void Update(
        Index1D index,
        ArrayView1D<float, Stride1D.Dense> w,
        ArrayView1D<float, Stride1D.Dense> g,
        ArrayView1D<float, Stride1D.Dense> m,
        ArrayView1D<float, Stride1D.Dense> v,
        ArrayView1D<float, Stride1D.Dense> settings,
        ArrayView1D<float, Stride1D.Dense> scalars,
        OptimizerArgs o)
    {
        int s = index / o.Length, e = index % o.Length;
        int b = s * OptimizerSettings.Stride;
        float lr = scalars[s * 4], scale = scalars[(s * 4) + 1];
        float wd = settings[b + 5];
        int wi = o.WOff + (s * o.WStride) + e;
        int mi = o.MOff + (s * o.MStride) + e;
        float weight = w[wi];
        float grad = g[o.GOff + (s * o.GStride) + e] * scale;
        if (o.Kind == (int)OptimizerKind.Sgd)
        {
            float buf = Flush((settings[b + 1] * m[mi]) + grad + (wd * weight));
            m[mi] = buf;
            w[wi] = weight - (lr * buf);
            return;
        }

        bool decoupled = o.Kind == (int)OptimizerKind.AdamW;
        if (!decoupled)
        {
            grad += wd * weight;
        }

        float beta1 = settings[b + 2], beta2 = settings[b + 3], eps = settings[b + 4];
        int vi = o.VOff + (s * o.VStride) + e;
        float mNew = Flush((beta1 * m[mi]) + ((1f - beta1) * grad));
        float vNew = Flush((beta2 * v[vi]) + ((1f - beta2) * grad * grad));
        m[mi] = mNew;
        v[vi] = vNew;
        float denom = (XMath.Sqrt(vNew) / XMath.Sqrt(scalars[(s * 4) + 3])) + eps;
        float decay = decoupled ? 1f - (lr * wd) : 1f;
        w[wi] = (weight * decay) - (lr / scalars[(s * 4) + 2] * mNew / denom);
    }

    /// <summary>The CPU backend's subnormal flush (see CpuOptimizers.Flush), so every backend computes the same state.</summary>
    private static float Flush(float x) => XMath.Abs(x) < 1e-30f ? 0f : x;
}
