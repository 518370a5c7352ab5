using Sweep.Training.Collapse;

namespace Sweep.Runtime.Tests.Training.Collapse;

/// <summary>
/// The chains' special functions and small linear algebra against identities and reference values (computed with
/// scipy.stats 1.10: chi2.ppf, norm.ppf, norm.sf).
/// </summary>
public sealed class CollapseMathTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.95, 1.6448536269514722)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantile_MatchesTables_AndInvertsTheCdf(double p, double z)
    {
        Assert.Equal(z, CollapseMath.NormalQuantile(p), 11);
        Assert.Equal(p, CollapseMath.NormalCdf(z), 14);
    }

    [Theory]
    [InlineData(1, 2.705543454095404)]
    [InlineData(3, 6.251388631170325)]
    [InlineData(10, 15.987179172105265)]
    public void ChiSquareQuantile_AtNinetyPercent_MatchesTables(int degrees, double quantile)
        => Assert.Equal(quantile, CollapseMath.ChiSquareQuantile(0.9, degrees), 9);

    [Fact]
    public void GammaFunctions_MatchClosedForms()
    {
        Assert.Equal(Math.Log(24), CollapseMath.LogGamma(5), 12);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), CollapseMath.LogGamma(0.5), 12);
        Assert.Equal(1 - Math.Exp(-2.5), CollapseMath.GammaP(1, 2.5), 13);        // P(1, x) = 1 − e^−x
        Assert.Equal(1, CollapseMath.GammaQ(1, 30) / Math.Exp(-30), 12);          // the tail without cancellation
        Assert.Equal(0.05, CollapseMath.NormalUpper(1.6448536269514722), 14);
        Assert.Equal(1, CollapseMath.NormalUpper(5) / 2.866515718791933e-7, 12);
    }

    [Fact]
    public void SymmetricEigen_ReconstructsTheMatrix_AndSolveFindsTheMinimumNormSolutionOfASingularSystem()
    {
        double[] a = [4, 1, 2, 1, 3, 0.5, 2, 0.5, 5];
        (double[] values, double[] vectors) = CollapseMath.SymmetricEigen(a, 3);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double s = Enumerable.Range(0, 3).Sum(k => vectors[(i * 3) + k] * values[k] * vectors[(j * 3) + k]);
                Assert.Equal(a[(i * 3) + j], s, 12);
            }
        }

        double[] root = CollapseMath.SqrtPsd(a, 3);
        Assert.Equal(a[1], Enumerable.Range(0, 3).Sum(k => root[k] * root[(k * 3) + 1]), 12);

        // [[1, 1], [1, 1]]·x = [2, 2]: every x with x₀ + x₁ = 2 solves it; the minimum-norm one is [1, 1].
        Assert.Equal([1.0, 1.0], CollapseMath.SolveSymmetric([1, 1, 1, 1], [2, 2], 2).Select(v => Math.Round(v, 12)));
        Assert.Equal([0.5, -0.25], CollapseMath.SolveSymmetric([2, 0, 0, 4], [1, -1], 2).Select(v => Math.Round(v, 12)));
    }
}
