using System.Runtime.CompilerServices;

namespace Sweep.Kernels.Cpu;

/// <summary>Single-precision Box-Muller on Philox, the formula every backend's <c>FillNormal</c> uses.</summary>
internal static class RandomKernelMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Normal(ulong seed, uint stream, ulong index)
    {
        PhiloxBlock block = Philox.Generate(seed, stream, index >> 2);
        int lane = (int)(index & 3);
        uint u1 = lane < 2 ? block.X0 : block.X2;
        uint u2 = lane < 2 ? block.X1 : block.X3;
        float radius = MathF.Sqrt(-2f * MathF.Log(Philox.ToUniformOpenZero(u1)));
        float angle = 2f * MathF.PI * Philox.ToUniform(u2);
        return (lane & 1) == 0 ? radius * MathF.Cos(angle) : radius * MathF.Sin(angle);
    }
}
