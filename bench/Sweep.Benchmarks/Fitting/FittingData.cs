using Sweep.Analysis;

namespace Sweep.Benchmarks.Fitting;

/// <summary>
/// The benchmark data, built by pure IEEE arithmetic so bench/peers/fit_scipy.py builds the same points: 20 sizes in
/// 10^[7.5, 10.5] × 15 token counts in 10^[9, 12] (300 points), loss from Epoch AI's refit
/// (E, A, B, α, β) = (1.8172, 482.01, 2085.43, 0.3478, 0.3658) times exp(0.02·u_k), u_k golden-ratio "noise" of unit variance.
/// </summary>
public static class FittingData
{
    public static FitData Chinchilla300()
    {
        double[] p = [1.8172, 482.01, 2085.43, 0.3478, 0.3658];
        var n = new List<double>();
        var d = new List<double>();
        var l = new List<double>();
        int k = 0;
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 15; j++)
            {
                double nn = Math.Pow(10, 7.5 + 3.0 * i / 19);
                double dd = Math.Pow(10, 9 + 3.0 * j / 14);
                double loss = p[0] + p[1] / Math.Pow(nn, p[3]) + p[2] / Math.Pow(dd, p[4]);
                double u = ++k * 0.6180339887498949 % 1.0;
                n.Add(nn);
                d.Add(dd);
                l.Add(loss * Math.Exp(0.02 * Math.Sqrt(12) * (u - 0.5)));
            }
        }

        return FitData.Joint(n, d, l, "chinchilla-300");
    }
}
