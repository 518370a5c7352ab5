using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// Element-wise activations and their derivatives on raw pointers, vectorised with <see cref="Vector{T}"/> (the
/// widest hardware vector the JIT uses by default) and a scalar tail with the same formulas.
/// </summary>
internal static unsafe class SimdMath
{
    private const float GeluC = 0.7978845608028654f; // √(2/π)
    private const float GeluA = 0.044715f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Activate(ActivationKind kind, float x) => kind switch
    {
        ActivationKind.Relu => x > 0f ? x : 0f,
        ActivationKind.Gelu => 0.5f * x * (1f + TanhScalar(GeluC * (x + (GeluA * x * x * x)))),
        ActivationKind.Tanh => TanhScalar(x),
        _ => x,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Derivative(ActivationKind kind, float z)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                return z > 0f ? 1f : 0f;
            case ActivationKind.Gelu:
                float t = TanhScalar(GeluC * (z + (GeluA * z * z * z)));
                return (0.5f * (1f + t)) + (0.5f * z * (1f - (t * t)) * GeluC * (1f + (3f * GeluA * z * z)));
            case ActivationKind.Tanh:
                float th = TanhScalar(z);
                return 1f - (th * th);
            default:
                return 1f;
        }
    }

    /// <summary>y = act(x) over n elements (y may be x).</summary>
    public static void Activate(ActivationKind kind, float* x, float* y, long n)
    {
        long i = 0;
        int w = Vector<float>.Count;
        switch (kind)
        {
            case ActivationKind.Relu:
                for (; i + w <= n; i += w)
                {
                    Vector.Store(Vector.Max(Vector.Load(x + i), Vector<float>.Zero), y + i);
                }

                break;
            case ActivationKind.Gelu:
                for (; i + w <= n; i += w)
                {
                    Vector.Store(Gelu(Vector.Load(x + i)), y + i);
                }

                break;
            case ActivationKind.Tanh:
                for (; i + w <= n; i += w)
                {
                    Vector.Store(Tanh(Vector.Load(x + i)), y + i);
                }

                break;
            default:
                if (x != y)
                {
                    Buffer.MemoryCopy(x, y, n * sizeof(float), n * sizeof(float));
                }

                return;
        }

        for (; i < n; i++)
        {
            y[i] = Activate(kind, x[i]);
        }
    }

    /// <summary>gradIn = gradOut ⊙ act′(z) over n elements (gradIn may be gradOut).</summary>
    public static void Backward(ActivationKind kind, float* z, float* gradOut, float* gradIn, long n)
    {
        long i = 0;
        int w = Vector<float>.Count;
        switch (kind)
        {
            case ActivationKind.Relu:
                for (; i + w <= n; i += w)
                {
                    Vector<float> mask = (Vector<float>)Vector.GreaterThan(Vector.Load(z + i), Vector<float>.Zero);
                    Vector.Store(Vector.BitwiseAnd(Vector.Load(gradOut + i), mask), gradIn + i);
                }

                break;
            case ActivationKind.Gelu:
                for (; i + w <= n; i += w)
                {
                    Vector.Store(Vector.Load(gradOut + i) * GeluDerivative(Vector.Load(z + i)), gradIn + i);
                }

                break;
            case ActivationKind.Tanh:
                for (; i + w <= n; i += w)
                {
                    Vector<float> t = Tanh(Vector.Load(z + i));
                    Vector.Store(Vector.Load(gradOut + i) * (Vector<float>.One - (t * t)), gradIn + i);
                }

                break;
            default:
                if (gradOut != gradIn)
                {
                    Buffer.MemoryCopy(gradOut, gradIn, n * sizeof(float), n * sizeof(float));
                }

                return;
        }

        for (; i < n; i++)
        {
            gradIn[i] = gradOut[i] * Derivative(kind, z[i]);
        }
    }

    /// <summary>tanh with Cephes' single-precision polynomial below 0.625 and 1 − 2/(e^{2|x|} + 1) above (relative error ≈ 1e-7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        Vector<float> ax = Vector.Abs(x);
        Vector<float> z = x * x;
        Vector<float> p = new(-5.70498872745E-3f);
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(2.06390887954E-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-5.37397155531E-2f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1.33314422036E-1f));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(-3.33332819422E-1f));
        Vector<float> small = Vector.FusedMultiplyAdd(p * z, x, x);
        Vector<float> e = Vector.Exp(Vector.Min(ax + ax, new Vector<float>(88f)));
        Vector<float> large = Vector<float>.One - (new Vector<float>(2f) / (e + Vector<float>.One));
        large = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -large, large);
        return Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<float>(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhScalar(float x)
    {
        float ax = MathF.Abs(x);
        if (ax < 0.625f)
        {
            float z = x * x;
            float p = ((((((-5.70498872745E-3f * z) + 2.06390887954E-2f) * z) - 5.37397155531E-2f) * z) + 1.33314422036E-1f) * z;
            return ((p - 3.33332819422E-1f) * z * x) + x;
        }

        float e = MathF.Exp(MathF.Min(2f * ax, 88f));
        float t = 1f - (2f / (e + 1f));
        return x < 0f ? -t : t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Gelu(Vector<float> x)
    {
        Vector<float> u = new Vector<float>(GeluC) * Vector.FusedMultiplyAdd(new Vector<float>(GeluA) * x * x, x, x);
        return new Vector<float>(0.5f) * x * (Vector<float>.One + Tanh(u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> GeluDerivative(Vector<float> z)
    {
        Vector<float> z2 = z * z;
        Vector<float> t = Tanh(new Vector<float>(GeluC) * Vector.FusedMultiplyAdd(new Vector<float>(GeluA) * z2, z, z));
        Vector<float> half = new(0.5f);
        Vector<float> inner = new Vector<float>(GeluC) * Vector.FusedMultiplyAdd(new Vector<float>(3f * GeluA), z2, Vector<float>.One);
        return Vector.FusedMultiplyAdd(half * z * (Vector<float>.One - (t * t)), inner, half * (Vector<float>.One + t));
    }
}
