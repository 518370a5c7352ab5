using System.Numerics;
using Lanes = Sweep.Kernels.VectorActivations<Sweep.Kernels.Cpu.WidthDefault, System.Numerics.Vector<float>>;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// Element-wise activations and their derivatives on raw pointers, vectorised with <see cref="Vector{T}"/> (the
/// widest hardware vector the JIT uses by default) and a scalar tail with the same formulas.
/// </summary>
internal static unsafe class SimdMath
{
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
                    Vector.Store(Lanes.Gelu(Vector.Load(x + i)), y + i);
                }

                break;
            case ActivationKind.Tanh:
                for (; i + w <= n; i += w)
                {
                    Vector.Store(Lanes.Tanh(Vector.Load(x + i)), y + i);
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
            y[i] = ActivationFormulas.Activate(kind, x[i]);
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
                    Vector.Store(Vector.Load(gradOut + i) * Lanes.GeluDerivative(Vector.Load(z + i)), gradIn + i);
                }

                break;
            case ActivationKind.Tanh:
                for (; i + w <= n; i += w)
                {
                    Vector<float> t = Lanes.Tanh(Vector.Load(z + i));
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
            gradIn[i] = gradOut[i] * ActivationFormulas.Derivative(kind, z[i]);
        }
    }
}
