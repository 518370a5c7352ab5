using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>Every analytic gradient against central finite differences, in both Huber regimes and with bootstrap weights.</summary>
public class GradientTests
{
    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (string law in ScalingLaw.Names)
        {
            data.Add(law, 1e-3);  // mostly linear (|r| > δ) regime
            data.Add(law, 10);    // all points in the quadratic regime
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticGradient_MatchesCentralDifferences(string lawName, double delta)
    {
        ScalingLaw law = ScalingLaw.Parse(lawName);
        FitData data = law.Inputs == 2
            ? Synthetic.Chinchilla(Synthetic.Epoch, 6, 5, 0.05, gaussianSeed: 7)
            : Synthetic.FromLaw(ScalingLaw.Power(), PowerLaw.Theta(30, 0.4, 1.5), 10, 1e5, 25, 0.05, 11);

        // Bootstrap-style integer weights exercise the weighted sum.
        var rng = new SplitMix64(3);
        int[] counts = [.. Enumerable.Range(0, data.Count).Select(_ => rng.NextInt(3))];
        LawArrays arrays = data.ToLawArrays().Compact(counts);

        var grid = law.DefaultStarts(data);
        for (int trial = 0; trial < 5; trial++)
        {
            // Points spread over the default grid, nudged off grid values so no residual sits exactly on ±δ.
            double[] theta = grid[(trial * 37) % grid.Count].ToArray();
            for (int k = 0; k < theta.Length; k++)
            {
                theta[k] += 0.013 * (k + 1) * (trial + 1);
            }

            var g = new double[theta.Length];
            double f = law.Objective(theta, arrays, delta, g);
            var scratch = new double[theta.Length];
            for (int k = 0; k < theta.Length; k++)
            {
                double h = 1e-6 * Math.Max(1, Math.Abs(theta[k]));
                double[] up = [.. theta], down = [.. theta];
                up[k] += h;
                down[k] -= h;
                double fd = (law.Objective(up, arrays, delta, scratch) - law.Objective(down, arrays, delta, scratch)) / (2 * h);
                // Relative tolerance plus the difference quotient's own rounding error (ε·|f|/h per evaluation).
                double tol = 1e-5 * Math.Abs(fd) + 20 * 2.2e-16 * Math.Abs(f) / h + 1e-12;
                Assert.True(Math.Abs(g[k] - fd) <= tol, $"{lawName} δ={delta} trial {trial} ∂/∂{law.FitParameterNames[k]}: analytic {g[k]:E6}, finite difference {fd:E6}");
            }
        }
    }

    [Fact]
    public void ChinchillaFastLoop_MatchesGenericLoop()
    {
        // The hand-tuned Chinchilla kernel and the generic per-point loop must agree (value and gradient).
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 8, 8, 0.02, gaussianSeed: 1);
        LawArrays arrays = data.ToLawArrays();
        double[] theta = ChinchillaLaw.Theta(1.5, 300, 900, 0.3, 0.32);
        var fast = new double[5];
        var slow = new double[5];
        double fFast = ScalingLaw.Chinchilla.Objective(theta, arrays, 1e-3, fast);
        double fSlow = GenericObjective(ScalingLaw.Chinchilla, theta, arrays, 1e-3, slow);
        Assert.Equal(fSlow, fFast, 1e-12);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(slow[k], fast[k], 1e-10);
        }
    }

    [Fact]
    public void ChinchillaKernel_StaysFiniteWhenTermsOverflow()
    {
        // A far-off trial step (a = 800) overflows exp(a − α log N); the shifted log-sum-exp must keep value and gradient finite.
        FitData data = Synthetic.Chinchilla(Synthetic.Epoch, 3, 3, 0.0);
        double[] theta = [0.5, 800, 5, 0.1, 0.3];
        var g = new double[5];
        double f = ScalingLaw.Chinchilla.Objective(theta, data.ToLawArrays(), 1e-3, g);
        Assert.True(double.IsFinite(f));
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        Assert.True(g[1] > 0, "the loss grows with a when the A-term dominates");
    }

    private static double GenericObjective(ScalingLaw law, double[] theta, LawArrays data, double delta, double[] gradient)
    {
        Array.Clear(gradient);
        double f = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double pred = law.LogPredict(theta, data.LogX1[i], data.LogX2[i]);
            double r = pred - data.LogY[i];
            f += data.Weights[i] * Huber.Loss(r, delta);

            // ∂pred/∂θ by central differences of LogPredict (independent of the law's own gradient code).
            for (int k = 0; k < theta.Length; k++)
            {
                double h = 1e-7;
                double[] up = [.. theta], down = [.. theta];
                up[k] += h;
                down[k] -= h;
                double dp = (law.LogPredict(up, data.LogX1[i], data.LogX2[i]) - law.LogPredict(down, data.LogX1[i], data.LogX2[i])) / (2 * h);
                gradient[k] += data.Weights[i] * Huber.Derivative(r, delta) * dp;
            }
        }

        return f;
    }
}
