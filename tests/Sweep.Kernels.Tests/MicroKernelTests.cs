using System.Runtime.Intrinsics;
using Sweep.Kernels.Cpu;

namespace Sweep.Kernels.Tests;

/// <summary>
/// The GEMM micro-kernel, written once over the vector width, against a scalar reference with the same arithmetic
/// order (one fused multiply-add chain over k per element, then α·acc or fma(acc, α, β·C), then the epilogue), so the
/// two must agree bit for bit on both widths. Packed operands are read as panels; unpacked ones through their
/// strides (A's row length, B's row length wider than the tile). Vector512 runs in software where AVX-512 is absent, with the same FMAs.
/// </summary>
public sealed unsafe class MicroKernelTests
{
    public static TheoryData<bool, bool, float, bool> Cases()
    {
        var data = new TheoryData<bool, bool, float, bool>();
        foreach (bool packed in new[] { true, false })
        {
            foreach (bool first in new[] { true, false })
            {
                foreach (float beta in new[] { 0f, 0.75f })
                {
                    foreach (bool epilogue in new[] { false, true })
                    {
                        data.Add(packed, first, beta, epilogue);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The256BitKernel_EqualsTheScalarReference_BitForBit(bool packedA, bool first, float beta, bool epilogue)
        => Check<MicroKernel<Width256, Vector256<float>>>(packedA, first, beta, epilogue);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The512BitKernel_EqualsTheScalarReference_BitForBit(bool packedA, bool first, float beta, bool epilogue)
        => Check<MicroKernel<Width512, Vector512<float>>>(packedA, first, beta, epilogue);

    [Fact]
    public void TheTiles_AreSixBySixteenOnAvx2_AndEightByThirtyTwoOnAvx512()
    {
        Assert.Equal((6, 16), (MicroKernel<Width256, Vector256<float>>.MR, MicroKernel<Width256, Vector256<float>>.NR));
        Assert.Equal((8, 32), (MicroKernel<Width512, Vector512<float>>.MR, MicroKernel<Width512, Vector512<float>>.NR));
    }

    private static void Check<TK>(bool packedA, bool first, float beta, bool epilogue)
        where TK : struct, IMicroKernel
    {
        const int Kc = 37;
        const float Alpha = 1.3f;
        int mr = TK.MR, nr = TK.NR;
        int lda = Kc + 3, ldc = nr + 5;
        var random = new Random(mr * 1000 + nr);
        float[] a = Fill(random, packedA ? Kc * mr : mr * lda);
        int ldb = packedA ? nr : nr + 8;
        float[] b = Fill(random, Kc * ldb);
        float[] c0 = Fill(random, mr * ldc);
        float[] bias = Fill(random, nr);
        float[] aux = Fill(random, mr * ldc);
        float[] c = (float[])c0.Clone();
        float[] h = new float[mr * ldc];
        nint rowStride = packedA ? 1 : lda, colStride = packedA ? mr : 1;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, paux = aux, ph = h)
        {
            TileEpilogue e = default;
            e.Bias = pbias;
            e.Aux = paux;
            e.H = ph;
            e.Activation = ActivationKind.Relu;
            e.AuxActivation = ActivationKind.Relu;
            TK.Run(Kc, pa, rowStride, colStride, pb, ldb, pc, ldc, Alpha, beta, first, epilogue ? &e : null);
        }

        for (int i = 0; i < mr; i++)
        {
            for (int j = 0; j < nr; j++)
            {
                float acc = 0f;
                for (int p = 0; p < Kc; p++)
                {
                    acc = MathF.FusedMultiplyAdd(a[(i * rowStride) + (p * colStride)], b[(p * ldb) + j], acc);
                }

                float old = c0[(i * ldc) + j];
                float effectiveBeta = first ? beta : 1f;
                float expected = first && beta == 0f ? acc * Alpha : MathF.FusedMultiplyAdd(acc, Alpha, old * effectiveBeta);
                if (epilogue)
                {
                    expected += bias[j];
                    expected = aux[(i * ldc) + j] > 0f ? expected : 0f;
                    Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Max(expected, 0f)), BitConverter.SingleToInt32Bits(h[(i * ldc) + j]));
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(c[(i * ldc) + j]));
            }

            for (int j = nr; j < ldc; j++)
            {
                Assert.Equal(c0[(i * ldc) + j], c[(i * ldc) + j]);
            }
        }
    }

    private static float[] Fill(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
