using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class LawTests
{
    [Fact]
    public void HoffmannParameters_GiveTheirPublishedAllocationAtGopherCompute()
    {
        // The closed form with Hoffmann et al.'s published approach-3 constants at Gopher's budget C = 5.76e23 FLOPs.
        var a = ComputeOptimal.Allocate(1.69, 406.4, 410.7, 0.34, 0.28, 5.76e23);
        Assert.Equal(3.22e10, a.N, 0.005 * 3.22e10);
        Assert.Equal(2.98e12, a.D, 0.005 * 2.98e12);
        Assert.Equal(93, a.TokensPerParameter, 1.0);
        Assert.Equal(5.76e23, 6 * a.N * a.D, 1e-6 * 5.76e23);

        // Exponents: N_opt ∝ C^(β/(α+β)), so 10× compute gives 10^(0.28/0.62) × N.
        var b = ComputeOptimal.Allocate(1.69, 406.4, 410.7, 0.34, 0.28, 5.76e24);
        Assert.Equal(Math.Pow(10, 0.28 / 0.62), b.N / a.N, 1e-9);
        Assert.Equal(Math.Pow(10, 0.34 / 0.62), b.D / a.D, 1e-9);
    }

    [Fact]
    public void ComputeOptimalAllocation_MinimisesLossAlongTheIsoFlopCurve()
    {
        var best = ComputeOptimal.Allocate(1.69, 406.4, 410.7, 0.34, 0.28, 1e21);
        foreach (double factor in (double[])[0.8, 0.95, 1.05, 1.25])
        {
            double n = best.N * factor, d = 1e21 / (6 * n);
            double loss = 1.69 + 406.4 / Math.Pow(n, 0.34) + 410.7 / Math.Pow(d, 0.28);
            Assert.True(loss > best.Loss, $"N×{factor} gave {loss} ≤ optimum {best.Loss}");
        }
    }

    [Fact]
    public void Kaplan_ReducesToSingleVariableLaws()
    {
        // Kaplan et al. (2020): α_N = 0.076, α_D = 0.095, N_c = 8.8e13, D_c = 5.4e13.
        double[] theta = KaplanLaw.Theta(8.8e13, 5.4e13, 0.076, 0.095);
        var law = ScalingLaw.Kaplan;
        foreach (double n in (double[])[1e6, 1e8, 1e10])
        {
            Assert.Equal(Math.Pow(8.8e13 / n, 0.076), law.Predict(theta, n, 1e40), 1e-9);
        }

        foreach (double d in (double[])[1e7, 1e9, 1e11])
        {
            Assert.Equal(Math.Pow(5.4e13 / d, 0.095), law.Predict(theta, 1e50, d), 1e-9);
        }

        // And at finite N, D it is the stated formula.
        double expected = Math.Pow(Math.Pow(8.8e13 / 1e9, 0.076 / 0.095) + 5.4e13 / 2e10, 0.095);
        Assert.Equal(expected, law.Predict(theta, 1e9, 2e10), 1e-12);
    }

    [Fact]
    public void Predictions_MatchTheFormulasInNaturalParameters()
    {
        Assert.Equal(1.69 + 406.4 / Math.Pow(7e9, 0.34) + 410.7 / Math.Pow(1.4e11, 0.28),
            ScalingLaw.Chinchilla.Predict(ChinchillaLaw.Theta(1.69, 406.4, 410.7, 0.34, 0.28), 7e9, 1.4e11), 1e-12);
        Assert.Equal(0.7 + 12 * Math.Pow(300, -0.45), ScalingLaw.Power().Predict(PowerLaw.Theta(12, 0.45, 0.7), 300), 1e-12);
        Assert.Equal(12 * Math.Pow(300, -0.45), ScalingLaw.Power(false).Predict(PowerLaw.Theta(12, 0.45), 300), 1e-12);

        // Caballero et al.: y = E + B x^-c0 (1 + (x/d1)^(1/f1))^(-c1 f1).
        double x = 5e3;
        double bnsl = 0.2 + 40 * Math.Pow(x, -0.1) * Math.Pow(1 + Math.Pow(x / 2e3, 1 / 0.3), -0.5 * 0.3);
        Assert.Equal(bnsl, ScalingLaw.Broken.Predict(BrokenPowerLaw.Theta(0.2, 40, 0.1, 0.5, 2e3, 0.3), x), 1e-12);
    }

    [Theory]
    [InlineData("chinchilla")]
    [InlineData("kaplan")]
    [InlineData("power")]
    [InlineData("power-no-e")]
    [InlineData("broken")]
    public void NaturalAndFitParameters_RoundTrip(string name)
    {
        var law = ScalingLaw.Parse(name);
        double[] natural = [.. Enumerable.Range(0, law.ParameterCount).Select(i => 0.3 + 0.7 * i)];
        var theta = new double[law.ParameterCount];
        var back = new double[law.ParameterCount];
        law.FromNatural(natural, theta);
        law.ToNatural(theta, back);
        for (int i = 0; i < natural.Length; i++)
        {
            Assert.Equal(natural[i], back[i], 1e-12);
        }

        Assert.Equal(law.ParameterCount, law.ParameterNames.Count);
    }

    [Fact]
    public void Parse_RejectsUnknownNamesListingTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScalingLaw.Parse("chinchila"));
        Assert.Contains("chinchilla", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LawSpecs_MapToLawsAndColumns()
    {
        var spec = LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss, by: "TrainSize", irreducible: false);
        Assert.Same(ScalingLaw.Power(false), ScalingLaw.For(spec));
        Assert.Equal(FitColumns.Single(Metric.Parameters, Metric.TestLoss, "TrainSize"), FitColumns.For(spec));
        var joint = LawSpec.Kaplan(Metric.Parameters, Metric.Tokens, Metric.TestLoss);
        Assert.Same(ScalingLaw.Kaplan, ScalingLaw.For(joint));
        Assert.Equal(Metric.Tokens, FitColumns.For(joint).D);
    }

    [Fact]
    public void HoffmannGrid_HasTheir4500Starts()
    {
        var grid = StartGrid.Hoffmann;
        Assert.Equal(4500, grid.Count);
        Assert.Equal(5, grid.Dimension);
        Assert.Equal([-1.0, 0, 0, 0, 0], grid[0].ToArray());
        Assert.Equal([1.0, 25, 25, 2, 2], grid[4499].ToArray());
        var alphas = Enumerable.Range(0, grid.Count).Select(i => grid[i][3]).Distinct().Order();
        Assert.Equal([0, 0.5, 1, 1.5, 2], alphas);
    }
}
