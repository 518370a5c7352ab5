using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Deterministic synthetic data for the analysis tests.</summary>
internal static class Synthetic
{
    /// <summary>Epoch AI's refit of Hoffmann et al.'s points (Besiroglu et al. 2024).</summary>
    public static readonly double[] Epoch = [1.8172, 482.01, 2085.43, 0.3478, 0.3658];

    /// <summary>Hoffmann et al.'s published approach-3 parameters.</summary>
    public static readonly double[] Hoffmann = [1.69, 406.4, 410.7, 0.34, 0.28];

    /// <summary>
    /// Unit-variance "noise" from the golden-ratio sequence: pure IEEE arithmetic, so bench/peers/ref_chinchilla.py
    /// reproduces it bit for bit.
    /// </summary>
    public static double QuasiNoise(int k)
    {
        double u = k * 0.6180339887498949 % 1.0;
        return Math.Sqrt(12) * (u - 0.5);
    }

    /// <summary>
    /// A Chinchilla-like grid: <paramref name="nCount"/> sizes in 10^[7.5, 10.5] × <paramref name="dCount"/> token counts in
    /// 10^[9, 12], loss from (E, A, B, α, β) times exp(σ·noise). With <paramref name="gaussianSeed"/> the noise is Gaussian.
    /// </summary>
    public static FitData Chinchilla(double[] p, int nCount, int dCount, double sigma, ulong? gaussianSeed = null)
    {
        var n = new List<double>();
        var d = new List<double>();
        var l = new List<double>();
        var rng = new SplitMix64(gaussianSeed ?? 0);
        int k = 0;
        for (int i = 0; i < nCount; i++)
        {
            for (int j = 0; j < dCount; j++)
            {
                double nn = Math.Pow(10, 7.5 + 3.0 * i / (nCount - 1));
                double dd = Math.Pow(10, 9 + 3.0 * j / (dCount - 1));
                double loss = p[0] + p[1] / Math.Pow(nn, p[3]) + p[2] / Math.Pow(dd, p[4]);
                double z = gaussianSeed is null ? QuasiNoise(++k) : rng.NextGaussian();
                n.Add(nn);
                d.Add(dd);
                l.Add(loss * Math.Exp(sigma * z));
            }
        }

        return FitData.Joint(n, d, l);
    }

    /// <summary>Single-variable data from any law at log-spaced x, with log-normal noise.</summary>
    public static FitData FromLaw(ScalingLaw law, double[] theta, double xMin, double xMax, int count, double sigma, ulong seed, int seedsPerX = 1)
    {
        var rng = new SplitMix64(seed);
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < count; i++)
        {
            double xi = xMin * Math.Pow(xMax / xMin, i / (double)(count - 1));
            for (int s = 0; s < seedsPerX; s++)
            {
                x.Add(xi);
                y.Add(law.Predict(theta, xi) * Math.Exp(sigma * rng.NextGaussian()));
            }
        }

        return FitData.Single(x, y);
    }

    /// <summary>A reduced start grid for Chinchilla tests that do not test the full Hoffmann grid (144 starts).</summary>
    public static StartGrid SmallChinchillaGrid { get; } = StartGrid.Cartesian([-1, 0.5], [0, 5, 10], [0, 5, 10], [0.5, 1], [0.5, 1, 1.5, 2]);
}
