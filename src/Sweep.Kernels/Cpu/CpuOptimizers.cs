using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sweep.Kernels.Cpu;

/// <summary>Fused optimiser sweeps: clip scale, L2 or decoupled decay and the update in one pass over the parameters.</summary>
internal static unsafe class CpuOptimizers
{
    /// <summary>The per-step scalars every backend derives from a model's packed settings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scalars(float* s, float sumSquares, bool clip, int step, out float lr, out float gradScale, out float bc1, out float bc2)
    {
        var schedule = (ScheduleKind)(int)s[7];
        lr = (float)OptimizerSettings.ScheduledRate(s[0], schedule, (int)s[8], (int)s[9], step);
        gradScale = 1f;
        if (clip && s[6] > 0f)
        {
            float norm = MathF.Sqrt(sumSquares);
            gradScale = MathF.Min(1f, s[6] / (norm + 1e-6f));
        }

        bc1 = 1f - MathF.Pow(s[2], step + 1);
        bc2 = 1f - MathF.Pow(s[3], step + 1);
    }

    /// <summary>Updates elements [i0, i1) of one model's parameters.</summary>
    public static void Step(OptimizerKind kind, float* w, float* g, float* m, float* v, float* s, float sumSquares, bool clip, int step, long i0, long i1)
    {
        Scalars(s, sumSquares, clip, step, out float lr, out float scale, out float bc1, out float bc2);
        float momentum = s[1], beta1 = s[2], beta2 = s[3], eps = s[4], wd = s[5];
        long i = i0;
        int width = Vector<float>.Count;
        var vScale = new Vector<float>(scale);
        var vWd = new Vector<float>(wd);
        var vLr = new Vector<float>(lr);
        switch (kind)
        {
            case OptimizerKind.Sgd:
            {
                var vMom = new Vector<float>(momentum);
                for (; i + width <= i1; i += width)
                {
                    Vector<float> wi = Vector.Load(w + i);
                    Vector<float> gi = Vector.FusedMultiplyAdd(Vector.Load(g + i), vScale, vWd * wi);
                    Vector<float> buf = Flush(Vector.FusedMultiplyAdd(vMom, Vector.Load(m + i), gi));
                    Vector.Store(buf, m + i);
                    Vector.Store(wi - (vLr * buf), w + i);
                }

                for (; i < i1; i++)
                {
                    float gi = (g[i] * scale) + (wd * w[i]);
                    float buf = Flush((momentum * m[i]) + gi);
                    m[i] = buf;
                    w[i] -= lr * buf;
                }

                return;
            }

            default:
            {
                bool decoupled = kind == OptimizerKind.AdamW;
                float decay = decoupled ? 1f - (lr * wd) : 1f;
                float l2 = decoupled ? 0f : wd;
                float stepSize = lr / bc1;
                float bc2Sqrt = MathF.Sqrt(bc2);
                var vDecay = new Vector<float>(decay);
                var vL2 = new Vector<float>(l2);
                var vB1 = new Vector<float>(beta1);
                var vB1c = new Vector<float>(1f - beta1);
                var vB2 = new Vector<float>(beta2);
                var vB2c = new Vector<float>(1f - beta2);
                var vEps = new Vector<float>(eps);
                var vStep = new Vector<float>(stepSize);
                var vInvBc2Sqrt = new Vector<float>(1f / bc2Sqrt);
                for (; i + width <= i1; i += width)
                {
                    Vector<float> wi = Vector.Load(w + i);
                    Vector<float> gi = Vector.FusedMultiplyAdd(Vector.Load(g + i), vScale, vL2 * wi);
                    Vector<float> mi = Flush(Vector.FusedMultiplyAdd(vB1, Vector.Load(m + i), vB1c * gi));
                    Vector<float> vi = Flush(Vector.FusedMultiplyAdd(vB2, Vector.Load(v + i), vB2c * gi * gi));
                    Vector.Store(mi, m + i);
                    Vector.Store(vi, v + i);
                    Vector<float> denom = Vector.FusedMultiplyAdd(Vector.SquareRoot(vi), vInvBc2Sqrt, vEps);
                    Vector.Store((wi * vDecay) - (vStep * mi / denom), w + i);
                }

                for (; i < i1; i++)
                {
                    float wi = w[i];
                    float gi = (g[i] * scale) + (l2 * wi);
                    float mi = Flush((beta1 * m[i]) + ((1f - beta1) * gi));
                    float vi = Flush((beta2 * v[i]) + ((1f - beta2) * gi * gi));
                    m[i] = mi;
                    v[i] = vi;
                    float denom = (MathF.Sqrt(vi) / bc2Sqrt) + eps;
                    w[i] = (wi * decay) - (stepSize * mi / denom);
                }

                return;
            }
        }
    }

    /// <summary>
    /// Flushes optimiser state below 1e-30 to zero. A dead unit's moments decay geometrically into subnormal floats,
    /// and x86 arithmetic on subnormals is tens of times slower (.NET does not set flush-to-zero); this measured a 2×
    /// slower step once a trained model's state filled with them. Every backend flushes the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Flush(Vector<float> x) => Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(StateFloor)), Vector<float>.Zero, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float x) => MathF.Abs(x) < StateFloor ? 0f : x;

    /// <summary>Optimiser state smaller than this is zero.</summary>
    public const float StateFloor = 1e-30f;
}
