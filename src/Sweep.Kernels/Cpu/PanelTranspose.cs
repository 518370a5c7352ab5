using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sweep.Kernels.Cpu;

/// <summary>
/// The transposing copy that packing needs when the operand's rows run along k (A in A·B, B in A·Bᵀ):
/// <c>dst[p·dstStride + r] = src[r·ld + p]</c> for up to 8 source rows, zero for the rows that are missing. With AVX
/// it moves 8×8 blocks through registers (unpack, shuffle, lane permute); the scalar order was 4–5 cycles an element,
/// a tenth of a 512³ SGEMM's time. A destination stride below 8 (the 6-row AVX2 panel) is written 8 floats a step in
/// increasing p, each step's two spare lanes overwritten by the next, so the buffer needs 2 floats of slack after
/// the panel.
/// </summary>
internal static unsafe class PanelTranspose
{
    /// <summary>Floats a destination may be written past its last step (the stride-6 panel's spare lanes).</summary>
    public const int Slack = 8;

    /// <summary>Transposes <paramref name="rows"/> (≤ 8) rows of <paramref name="count"/> floats.</summary>
    public static void Rows(float* src, nint ld, int rows, int count, float* dst, int dstStride)
    {
        int p = 0;
        if (Avx.IsSupported && dstStride >= 6)
        {
            for (; p + 8 <= count; p += 8)
            {
                Block8(src + p, ld, rows, dst + ((nint)p * dstStride), dstStride);
            }
        }

        for (; p < count; p++)
        {
            float* d = dst + ((nint)p * dstStride);
            int r = 0;
            for (; r < rows; r++)
            {
                d[r] = src[(r * ld) + p];
            }

            int pad = Math.Min(dstStride, 8);
            for (; r < pad; r++)
            {
                d[r] = 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(float* src, nint ld, int rows, float* dst, int dstStride)
    {
        Vector256<float> r0 = Row(src, ld, 0, rows), r1 = Row(src, ld, 1, rows), r2 = Row(src, ld, 2, rows), r3 = Row(src, ld, 3, rows);
        Vector256<float> r4 = Row(src, ld, 4, rows), r5 = Row(src, ld, 5, rows), r6 = Row(src, ld, 6, rows), r7 = Row(src, ld, 7, rows);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        nint s = dstStride;
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + s, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + (2 * s), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + (3 * s), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + (4 * s), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + (5 * s), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + (6 * s), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + (7 * s), Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row(float* src, nint ld, int r, int rows) => r < rows ? Avx.LoadVector256(src + (r * ld)) : Vector256<float>.Zero;
}
