using System.Runtime.Intrinsics;
using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class VectorMathTests
{
    [Fact]
    public void Exp_MatchesMathExpToAFewUlp()
    {
        double worst = 0;
        for (int i = 0; i < 40000; i++)
        {
            double x = -700 + 1405.0 * i / 39999;
            Vector256<double> v = VectorMath.Exp(Vector256.Create(x, -x * 0.01, x * 1e-3, x * 1e-9));
            for (int lane = 0; lane < 4; lane++)
            {
                double arg = lane switch { 0 => x, 1 => -x * 0.01, 2 => x * 1e-3, _ => x * 1e-9 };
                worst = Math.Max(worst, Math.Abs(v[lane] / Math.Exp(arg) - 1));
            }
        }

        Assert.True(worst < 1e-15, $"worst relative error {worst:E3}");
    }

    [Fact]
    public void Exp_SaturatesOutsideTheDoubleRange()
    {
        Vector256<double> v = VectorMath.Exp(Vector256.Create(710.0, 1e5, -709.0, -1e5));
        Assert.Equal(double.PositiveInfinity, v[0]);
        Assert.Equal(double.PositiveInfinity, v[1]);
        Assert.Equal(0, v[2]);
        Assert.Equal(0, v[3]);
    }

    [Fact]
    public void Log_MatchesMathLogToAFewUlp()
    {
        double worst = 0;
        for (int i = 0; i < 40000; i++)
        {
            double x = Math.Exp(-690 + 1380.0 * i / 39999);
            double[] args = [x, 1 + 1e-3 * i / 40000.0, 0.5 + i / 40000.0, 1.4142135623730951 * (1 + (i - 20000) * 1e-12)];
            Vector256<double> v = VectorMath.Log(Vector256.Create(args));
            for (int lane = 0; lane < 4; lane++)
            {
                double expected = Math.Log(args[lane]);
                double err = Math.Abs(v[lane] - expected) / Math.Max(Math.Abs(expected), 1e-3);
                worst = Math.Max(worst, err);
            }
        }

        Assert.True(worst < 1e-14, $"worst error {worst:E3}");
    }
}
