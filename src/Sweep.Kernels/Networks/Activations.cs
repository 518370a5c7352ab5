using System.Runtime.CompilerServices;
using Sweep.Kernels.Cpu;

namespace Sweep.Kernels;

/// <summary>
/// The activation formulas, in one place for every backend: GELU (tanh form), tanh and their derivatives, with
/// Cephes' tanh. Plain static float methods, so ILGPU kernels call them as they are. Not ILGPU's <c>XMath.Tanh</c>:
/// on CUDA that is PTX's <c>tanh.approx.f32</c> (relative error up to 2⁻¹¹), which put GELU and tanh off by 3e-5 on
/// an H200 and failed the parity suite.
/// </summary>
internal static class ActivationFormulas
{
    /// <summary>√(2/π).</summary>
    public const float GeluC = 0.7978845608028654f;

    /// <summary>The cubic coefficient of the tanh form of GELU.</summary>
    public const float GeluA = 0.044715f;

    /// <summary>The tanh argument of GELU, √(2/π)(x + 0.044715x³).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GeluArgument(float x) => GeluC * (x + (GeluA * x * x * x));

    /// <summary>GELU(x) given t = tanh(GeluArgument(x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gelu(float x, float t) => 0.5f * x * (1f + t);

    /// <summary>GELU′(z) given t = tanh(GeluArgument(z)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GeluDerivative(float z, float t) => (0.5f * (1f + t)) + (0.5f * z * (1f - (t * t)) * GeluC * (1f + (3f * GeluA * z * z)));

    /// <summary>tanh′ given t = tanh(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhDerivative(float t) => 1f - (t * t);

    /// <summary>act(x), on the CPU and in the ILGPU kernels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Activate(ActivationKind kind, float x) => kind switch
    {
        ActivationKind.Relu => x > 0f ? x : 0f,
        ActivationKind.Gelu => Gelu(x, Tanh(GeluArgument(x))),
        ActivationKind.Tanh => Tanh(x),
        _ => x,
    };

    /// <summary>act′(z), on the CPU and in the ILGPU kernels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Derivative(ActivationKind kind, float z) => kind switch
    {
        ActivationKind.Relu => z > 0f ? 1f : 0f,
        ActivationKind.Gelu => GeluDerivative(z, Tanh(GeluArgument(z))),
        ActivationKind.Tanh => TanhDerivative(Tanh(z)),
        _ => 1f,
    };

    /// <summary>tanh with Cephes' single-precision polynomial below 0.625 and 1 − 2/(e^{2|x|} + 1) above (relative error ≈ 1e-7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
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
}

/// <summary>
/// The activations on vectors of any width (the micro-kernel's registers with <see cref="Width512"/> or
/// <see cref="Width256"/>, the element-wise passes with <see cref="WidthDefault"/>), with
/// <see cref="ActivationFormulas"/>' constants and Cephes' tanh.
/// </summary>
/// <typeparam name="TW">The vector width.</typeparam>
/// <typeparam name="TV">Its vector type.</typeparam>
internal static class VectorActivations<TW, TV>
    where TW : struct, ISimdWidth<TV>
    where TV : struct
{
    /// <summary>act(x) for the identity or ReLU only (the micro-kernel's in-register epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ActivateRelu(ActivationKind kind, TV x) => kind == ActivationKind.Relu ? TW.Max(x, TW.Zero) : x;

    /// <summary>gradient ⊙ act′(z) for the identity or ReLU only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV BackwardRelu(ActivationKind kind, TV z, TV gradient) => kind == ActivationKind.Relu ? TW.And(gradient, TW.GreaterThan(z, TW.Zero)) : gradient;

    /// <summary>tanh with Cephes' single-precision polynomial below 0.625 and 1 − 2/(e^{2|x|} + 1) above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh(TV x)
    {
        TV ax = TW.Abs(x);
        TV z = TW.Multiply(x, x);
        TV p = TW.Broadcast(-5.70498872745E-3f);
        p = TW.Fma(p, z, TW.Broadcast(2.06390887954E-2f));
        p = TW.Fma(p, z, TW.Broadcast(-5.37397155531E-2f));
        p = TW.Fma(p, z, TW.Broadcast(1.33314422036E-1f));
        p = TW.Fma(p, z, TW.Broadcast(-3.33332819422E-1f));
        TV small = TW.Fma(TW.Multiply(p, z), x, x);
        TV e = TW.Exp(TW.Min(TW.Add(ax, ax), TW.Broadcast(88f)));
        TV large = TW.Subtract(TW.One, TW.Divide(TW.Broadcast(2f), TW.Add(e, TW.One)));
        large = TW.Select(TW.LessThan(x, TW.Zero), TW.Negate(large), large);
        return TW.Select(TW.LessThan(ax, TW.Broadcast(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gelu(TV x)
    {
        TV u = TW.Multiply(TW.Broadcast(ActivationFormulas.GeluC), TW.Fma(TW.Multiply(TW.Multiply(TW.Broadcast(ActivationFormulas.GeluA), x), x), x, x));
        return TW.Multiply(TW.Multiply(TW.Broadcast(0.5f), x), TW.Add(TW.One, Tanh(u)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV GeluDerivative(TV z)
    {
        TV z2 = TW.Multiply(z, z);
        TV t = Tanh(TW.Multiply(TW.Broadcast(ActivationFormulas.GeluC), TW.Fma(TW.Multiply(TW.Broadcast(ActivationFormulas.GeluA), z2), z, z)));
        TV half = TW.Broadcast(0.5f);
        TV inner = TW.Multiply(TW.Broadcast(ActivationFormulas.GeluC), TW.Fma(TW.Broadcast(3f * ActivationFormulas.GeluA), z2, TW.One));
        return TW.Fma(TW.Multiply(TW.Multiply(half, z), TW.Subtract(TW.One, TW.Multiply(t, t))), inner, TW.Multiply(half, TW.Add(TW.One, t)));
    }
}
