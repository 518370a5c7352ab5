using ILGPU.Algorithms;

namespace Sweep.Kernels.Accelerators;

/// <summary>Activations for ILGPU kernels: <see cref="ActivationFormulas"/> with XMath's tanh (each backend's intrinsic).</summary>
internal static class ActivationMath
{
    public static float Activate(int kind, float x)
    {
        if (kind == (int)ActivationKind.Relu)
        {
            return x > 0f ? x : 0f;
        }

        if (kind == (int)ActivationKind.Gelu)
        {
            return ActivationFormulas.Gelu(x, XMath.Tanh(ActivationFormulas.GeluArgument(x)));
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
            return ActivationFormulas.GeluDerivative(z, XMath.Tanh(ActivationFormulas.GeluArgument(z)));
        }

        if (kind == (int)ActivationKind.Tanh)
        {
            return ActivationFormulas.TanhDerivative(XMath.Tanh(z));
        }

        return 1f;
    }
}
