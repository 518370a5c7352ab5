using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

public sealed class DenseSolverTests
{
    [Fact]
    public void Solve_WithIdentityRightHandSide_GivesTheKnownInverse()
    {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8.
        double[] a = [4, 2, 2, 3];
        double[] b = [1, 0, 0, 1];

        double jitter = DenseSolver.Jitter(a, 2, 0, b, 2);

        Assert.Equal(0, jitter);
        double[] expected = [3.0 / 8, -2.0 / 8, -2.0 / 8, 4.0 / 8];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], b[i], 1e-14);
        }

        Assert.Equal([4, 2, 2, 3], a);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(7, 0.0)]
    [InlineData(33, 0.0)]
    [InlineData(33, 0.5)]
    public void Solve_OfARandomSpdSystem_MatchesGaussianElimination(int m, double lambda)
    {
        Random random = new(m);
        double[] a = RandomSpd(random, m);
        const int r = 3;
        double[] b = new double[m * r];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = random.NextDouble() * 2 - 1;
        }

        double[] shifted = (double[])a.Clone();
        for (int i = 0; i < m; i++)
        {
            shifted[i * m + i] += lambda;
        }

        double[] expected = GaussianElimination(shifted, b, m, r);
        double[] x = (double[])b.Clone();

        Assert.Equal(0, DenseSolver.Jitter(a, m, lambda, x, r));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], x[i], 1e-9 * Math.Max(1, Math.Abs(expected[i])));
        }

        // And the residual of (A + λI)·X − B is at rounding level.
        for (int row = 0; row < m; row++)
        {
            for (int c = 0; c < r; c++)
            {
                double sum = 0;
                for (int k = 0; k < m; k++)
                {
                    sum += shifted[row * m + k] * x[k * r + c];
                }

                Assert.Equal(b[row * r + c], sum, 1e-10);
            }
        }
    }

    [Fact]
    public void Solve_OfASingularSystemWithoutRidge_AddsJitter_AndApproachesTheMinimumNormSolution()
    {
        // [[1, 1], [1, 1]]·x = [2, 2] has solutions x₀ + x₁ = 2; the minimum-norm one is [1, 1].
        double[] a = [1, 1, 1, 1];
        double[] b = [2, 2];

        double jitter = DenseSolver.Jitter(a, 2, 0, b, 1);

        Assert.True(jitter > 0, "a singular matrix needs jitter to factor");
        Assert.True(jitter < 1e-6, $"the jitter should stay tiny relative to the trace, was {jitter}");
        Assert.Equal(1.0, b[0], 1e-6);
        Assert.Equal(1.0, b[1], 1e-6);
    }

    [Fact]
    public void Solve_OfANegativeDefiniteMatrix_Throws_RatherThanReturningGarbage()
    {
        double[] a = [-1, 0, 0, -1];
        double[] b = [1, 1];

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => DenseSolver.Jitter(a, 2, 0, b, 1));

        Assert.Contains("singular", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargerRidge_GivesASmallerSolutionNorm()
    {
        Random random = new(5);
        const int m = 12;
        double[] a = RandomSpd(random, m);
        double[] b = [.. Enumerable.Range(0, m).Select(_ => random.NextDouble() - 0.5)];

        double previous = double.PositiveInfinity;
        foreach (double lambda in new[] { 0.0, 1e-3, 1e-1, 1, 10, 1000 })
        {
            double[] x = (double[])b.Clone();
            DenseSolver.Jitter(a, m, lambda, x, 1);
            double norm = Math.Sqrt(x.Sum(v => v * v));
            Assert.True(norm < previous, $"‖x‖ at λ={lambda} is {norm}, not below {previous}");
            previous = norm;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(1000)]
    public void DotVector_EqualsTheScalarSum_ForAnyLength(int length)
    {
        Random random = new(length);
        double[] x = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble())];
        double[] y = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble())];
        double expected = 0;
        for (int i = 0; i < length; i++)
        {
            expected += x[i] * y[i];
        }

        Assert.Equal(expected, DenseSolver.DotVector(x, y), 1e-12 * Math.Max(1, expected));
    }

    private static double[] RandomSpd(Random random, int m)
    {
        // A = MᵀM/m + 0.1·I is symmetric positive definite and reasonably conditioned.
        double[] g = [.. Enumerable.Range(0, m * m).Select(_ => random.NextDouble() * 2 - 1)];
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int k = 0; k < m; k++)
                {
                    sum += g[k * m + i] * g[k * m + j];
                }

                a[i * m + j] = sum / m + (i == j ? 0.1 : 0);
            }
        }

        return a;
    }

    /// <summary>An independent reference: Gaussian elimination with partial pivoting.</summary>
    private static double[] GaussianElimination(double[] matrix, double[] rhs, int m, int r)
    {
        double[] a = (double[])matrix.Clone();
        double[] b = (double[])rhs.Clone();
        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < m; row++)
            {
                if (Math.Abs(a[row * m + col]) > Math.Abs(a[pivot * m + col]))
                {
                    pivot = row;
                }
            }

            for (int k = 0; k < m; k++)
            {
                (a[col * m + k], a[pivot * m + k]) = (a[pivot * m + k], a[col * m + k]);
            }

            for (int k = 0; k < r; k++)
            {
                (b[col * r + k], b[pivot * r + k]) = (b[pivot * r + k], b[col * r + k]);
            }

            for (int row = col + 1; row < m; row++)
            {
                double factor = a[row * m + col] / a[col * m + col];
                for (int k = col; k < m; k++)
                {
                    a[row * m + k] -= factor * a[col * m + k];
                }

                for (int k = 0; k < r; k++)
                {
                    b[row * r + k] -= factor * b[col * r + k];
                }
            }
        }

        double[] x = new double[m * r];
        for (int row = m - 1; row >= 0; row--)
        {
            for (int k = 0; k < r; k++)
            {
                double sum = b[row * r + k];
                for (int j = row + 1; j < m; j++)
                {
                    sum -= a[row * m + j] * x[j * r + k];
                }

                x[row * r + k] = sum / a[row * m + row];
            }
        }

        return x;
    }
}
