using ILGPU.Algorithms;

namespace Sweep.Kernels.Accelerators;

/// <summary>Activations for ILGPU kernels (XMath maps to each backend's intrinsics).</summary>
internal static class ActivationMath
{
    private const float GeluC = 0.7978845608028654f;
    private const float GeluA = 0.044715f;

    public static float Activate(int kind, float x)
    {
        if (kind == (int)ActivationKind.Relu)
        {
            return x > 0f ? x : 0f;
        }

        if (kind == (int)ActivationKind.Gelu)
        {
            return 0.5f * x * (1f + XMath.Tanh(GeluC * (x + (GeluA * x * x * x))));
        }

        if (kind == (int)ActivationKind.Tanh)
        {
            return XMath.Tanh(x);
        }

        return x;
    }

    public static float Derivative(int kind, float z)
    {
        if (kind == (int)ActivationKind.Relu)
        {
            return z > 0f ? 1f : 0f;
        }

        if (kind == (int)ActivationKind.Gelu)
        {
            float t = XMath.Tanh(GeluC * (z + (GeluA * z * z * z)));
            return (0.5f * (1f + t)) + (0.5f * z * (1f - (t * t)) * GeluC * (1f + (3f * GeluA * z * z)));
        }

        if (kind == (int)ActivationKind.Tanh)
        {
            float t = XMath.Tanh(z);
            return 1f - (t * t);
        }

        return 1f;
    }
}
