using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Kernels.Cpu;

/// <summary>Activations on the GEMM micro-kernels' registers (the fused epilogue), with SimdMath's formulas.</summary>
internal static class Activations512
{
    private const float GeluC = 0.7978845608028654f;
    private const float GeluA = 0.044715f;

    /// <summary>act(x) for the identity or ReLU only (the micro-kernel's in-register epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ActivateRelu(ActivationKind kind, Vector512<float> x) => kind == ActivationKind.Relu ? Vector512.Max(x, Vector512<float>.Zero) : x;

    /// <summary>gradient ⊙ act′(z) for the identity or ReLU only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BackwardRelu(ActivationKind kind, Vector512<float> z, Vector512<float> gradient)
        => kind == ActivationKind.Relu ? Vector512.BitwiseAnd(gradient, Vector512.GreaterThan(z, Vector512<float>.Zero)) : gradient;

    /// <summary>act(x) for the identity or ReLU only (the micro-kernel's in-register epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ActivateRelu(ActivationKind kind, Vector256<float> x) => kind == ActivationKind.Relu ? Vector256.Max(x, Vector256<float>.Zero) : x;

    /// <summary>gradient ⊙ act′(z) for the identity or ReLU only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BackwardRelu(ActivationKind kind, Vector256<float> z, Vector256<float> gradient)
        => kind == ActivationKind.Relu ? Vector256.BitwiseAnd(gradient, Vector256.GreaterThan(z, Vector256<float>.Zero)) : gradient;

    /// <summary>act(x); ReLU and the identity inline, the transcendental ones out of line so the micro-kernel stays small.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate(ActivationKind kind, Vector512<float> x) => kind switch
    {
        ActivationKind.Relu => Vector512.Max(x, Vector512<float>.Zero),
        ActivationKind.Identity => x,
        _ => ActivateSlow(kind, x),
    };

    /// <summary>gradient ⊙ act′(z); ReLU inline, the others out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Backward(ActivationKind kind, Vector512<float> z, Vector512<float> gradient) => kind switch
    {
        ActivationKind.Relu => Vector512.BitwiseAnd(gradient, Vector512.GreaterThan(z, Vector512<float>.Zero)),
        ActivationKind.Identity => gradient,
        _ => BackwardSlow(kind, z, gradient),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> ActivateSlow(ActivationKind kind, Vector512<float> x) => kind == ActivationKind.Gelu ? Gelu(x) : Tanh(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> BackwardSlow(ActivationKind kind, Vector512<float> z, Vector512<float> gradient)
    {
        switch (kind)
        {
            case ActivationKind.Gelu:
            {
                Vector512<float> z2 = z * z;
                Vector512<float> t = Tanh(Vector512.Create(GeluC) * Vector512.FusedMultiplyAdd(Vector512.Create(GeluA) * z2, z, z));
                Vector512<float> half = Vector512.Create(0.5f);
                Vector512<float> inner = Vector512.Create(GeluC) * Vector512.FusedMultiplyAdd(Vector512.Create(3f * GeluA), z2, Vector512<float>.One);
                return gradient * Vector512.FusedMultiplyAdd(half * z * (Vector512<float>.One - (t * t)), inner, half * (Vector512<float>.One + t));
            }

            case ActivationKind.Tanh:
            {
                Vector512<float> t = Tanh(z);
                return gradient * (Vector512<float>.One - (t * t));
            }

            default:
                return gradient;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> ax = Vector512.Abs(x);
        Vector512<float> z = x * x;
        Vector512<float> p = Vector512.Create(-5.70498872745E-3f);
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(2.06390887954E-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-5.37397155531E-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(1.33314422036E-1f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-3.33332819422E-1f));
        Vector512<float> small = Vector512.FusedMultiplyAdd(p * z, x, x);
        Vector512<float> e = Vector512.Exp(Vector512.Min(ax + ax, Vector512.Create(88f)));
        Vector512<float> large = Vector512<float>.One - (Vector512.Create(2f) / (e + Vector512<float>.One));
        large = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -large, large);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gelu(Vector512<float> x)
    {
        Vector512<float> u = Vector512.Create(GeluC) * Vector512.FusedMultiplyAdd(Vector512.Create(GeluA) * x * x, x, x);
        return Vector512.Create(0.5f) * x * (Vector512<float>.One + Tanh(u));
    }
}

/// <summary>The Vector256 twin of <see cref="Activations512"/>.</summary>
internal static class Activations256
{
    private const float GeluC = 0.7978845608028654f;
    private const float GeluA = 0.044715f;

    /// <summary>act(x) for the identity or ReLU only (the micro-kernel's in-register epilogue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ActivateRelu(ActivationKind kind, Vector256<float> x) => kind == ActivationKind.Relu ? Vector256.Max(x, Vector256<float>.Zero) : x;

    /// <summary>gradient ⊙ act′(z) for the identity or ReLU only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BackwardRelu(ActivationKind kind, Vector256<float> z, Vector256<float> gradient)
        => kind == ActivationKind.Relu ? Vector256.BitwiseAnd(gradient, Vector256.GreaterThan(z, Vector256<float>.Zero)) : gradient;

    /// <summary>act(x); ReLU and the identity inline, the transcendental ones out of line so the micro-kernel stays small.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Activate(ActivationKind kind, Vector256<float> x) => kind switch
    {
        ActivationKind.Relu => Vector256.Max(x, Vector256<float>.Zero),
        ActivationKind.Identity => x,
        _ => ActivateSlow(kind, x),
    };

    /// <summary>gradient ⊙ act′(z); ReLU inline, the others out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Backward(ActivationKind kind, Vector256<float> z, Vector256<float> gradient) => kind switch
    {
        ActivationKind.Relu => Vector256.BitwiseAnd(gradient, Vector256.GreaterThan(z, Vector256<float>.Zero)),
        ActivationKind.Identity => gradient,
        _ => BackwardSlow(kind, z, gradient),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> ActivateSlow(ActivationKind kind, Vector256<float> x) => kind == ActivationKind.Gelu ? Gelu(x) : Tanh(x);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> BackwardSlow(ActivationKind kind, Vector256<float> z, Vector256<float> gradient)
    {
        switch (kind)
        {
            case ActivationKind.Gelu:
            {
                Vector256<float> z2 = z * z;
                Vector256<float> t = Tanh(Vector256.Create(GeluC) * Vector256.FusedMultiplyAdd(Vector256.Create(GeluA) * z2, z, z));
                Vector256<float> half = Vector256.Create(0.5f);
                Vector256<float> inner = Vector256.Create(GeluC) * Vector256.FusedMultiplyAdd(Vector256.Create(3f * GeluA), z2, Vector256<float>.One);
                return gradient * Vector256.FusedMultiplyAdd(half * z * (Vector256<float>.One - (t * t)), inner, half * (Vector256<float>.One + t));
            }

            case ActivationKind.Tanh:
            {
                Vector256<float> t = Tanh(z);
                return gradient * (Vector256<float>.One - (t * t));
            }

            default:
                return gradient;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        Vector256<float> z = x * x;
        Vector256<float> p = Vector256.Create(-5.70498872745E-3f);
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(2.06390887954E-2f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-5.37397155531E-2f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(1.33314422036E-1f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-3.33332819422E-1f));
        Vector256<float> small = Vector256.FusedMultiplyAdd(p * z, x, x);
        Vector256<float> e = Vector256.Exp(Vector256.Min(ax + ax, Vector256.Create(88f)));
        Vector256<float> large = Vector256<float>.One - (Vector256.Create(2f) / (e + Vector256<float>.One));
        large = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -large, large);
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Gelu(Vector256<float> x)
    {
        Vector256<float> u = Vector256.Create(GeluC) * Vector256.FusedMultiplyAdd(Vector256.Create(GeluA) * x * x, x, x);
        return Vector256.Create(0.5f) * x * (Vector256<float>.One + Tanh(u));
    }
}
