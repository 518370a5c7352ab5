namespace Sweep.Kernels.Tests;

public class LeastSquaresTests
{
    [Fact]
    public void Overdetermined_RecoversExactWeights()
    {
        (double[] phi, double[] w) = (Random(60 * 12, 1), Random(12 * 2, 2));
        double[] y = Multiply(phi, 60, 12, w, 2);

        double[] solved = LeastSquares.Solve(phi, 60, 12, y, 2, 0);

        AssertClose(solved, w, 1e-10);
    }

    [Fact]
    public void Overdetermined_NoisyTargets_SatisfyTheNormalEquations()
    {
        double[] phi = Random(80 * 9, 3), y = Random(80, 4);

        double[] w = LeastSquares.Solve(phi, 80, 9, y, 1, 0);

        // Φᵀ(Φw − y) = 0 at the least-squares solution.
        double[] residual = Subtract(Multiply(phi, 80, 9, w, 1), y);
        double[] gradient = MultiplyTransposed(phi, 80, 9, residual);
        Assert.All(gradient, g => Assert.InRange(Math.Abs(g), 0, 1e-10));
    }

    [Fact]
    public void Underdetermined_GivesTheMinimumNormInterpolant()
    {
        const int n = 15, p = 40;
        double[] phi = Random(n * p, 5), y = Random(n, 6);

        double[] w = LeastSquares.Solve(phi, n, p, y, 1, 0);

        // It interpolates, and it lies in the row space of Φ: w = Φᵀα with α = (ΦΦᵀ)⁻¹y.
        AssertClose(Multiply(phi, n, p, w, 1), y, 1e-10);
        double[] alpha = SolveDense(Gram(phi, n, p), y, n);
        AssertClose(w, MultiplyTransposed(phi, n, p, alpha), 1e-8);
    }

    [Theory]
    [InlineData(50, 10)]
    [InlineData(10, 50)]
    [InlineData(30, 30)]
    public void Ridge_SatisfiesItsNormalEquations(int n, int p)
    {
        const double lambda = 0.7;
        double[] phi = Random(n * p, 7), y = Random(n, 8);

        double[] w = LeastSquares.Solve(phi, n, p, y, 1, lambda);

        // (ΦᵀΦ + λI)w = Φᵀy.
        double[] lhs = MultiplyTransposed(phi, n, p, Multiply(phi, n, p, w, 1));
        double[] rhs = MultiplyTransposed(phi, n, p, y);
        for (int j = 0; j < p; j++)
        {
            Assert.InRange(Math.Abs(lhs[j] + (lambda * w[j]) - rhs[j]), 0, 1e-9);
        }
    }

    [Fact]
    public void SquareIllConditionedSystem_IsSolvedToTheAccuracyOfItsConditionNumberNotItsSquare()
    {
        // Φ = U·diag(σ)·Vᵀ with σ from 1 to 1e-7 (κ = 1e7, the regime at the interpolation threshold).
        // QR's error is O(κ·ε) ≈ 1e-9; a Cholesky of ΦᵀΦ (κ² = 1e14) would lose all but two digits.
        const int n = 40;
        double[] u = Orthogonal(n, 9), v = Orthogonal(n, 10);
        var phi = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += u[(i * n) + k] * Math.Pow(1e-7, (double)k / (n - 1)) * v[(j * n) + k];
                }

                phi[(i * n) + j] = s;
            }
        }

        double[] truth = Random(n, 11);
        double[] y = Multiply(phi, n, n, truth, 1);

        double[] w = LeastSquares.Solve(phi, n, n, y, 1, 0);

        double error = Math.Sqrt(Subtract(w, truth).Sum(d => d * d) / truth.Sum(t => t * t));
        Assert.True(error < 1e-6, $"relative error {error:G3}");
    }

    [Theory]
    [InlineData(300, 64, 2)]
    [InlineData(64, 300, 1)]
    [InlineData(257, 33, 3)]
    [InlineData(33, 257, 1)]
    [InlineData(1, 7, 1)]
    public void RidgeThroughTheNormalEquations_MatchesTheQr_WhenTheConditionIsBounded(int n, int p, int targets)
    {
        double[] phi = Random(n * p, 12), y = Random(n * targets, 13);
        double lambda = 1e-2 * n;

        double[]? fast = RidgeNormalEquations.TrySolve(phi, n, p, y, targets, lambda);
        double[] qr = LeastSquares.SolveQr(phi, n, p, y, targets, lambda);

        Assert.NotNull(fast);
        AssertClose(fast, qr, 1e-8);
        AssertClose(LeastSquares.Solve(phi, n, p, y, targets, lambda), fast, 0);
    }

    [Fact]
    public void NormalEquations_AreRefused_WithoutARidge_OrWithOneTooSmallToBoundTheCondition()
    {
        double[] phi = Random(40 * 40, 14), y = Random(40, 15);

        // ‖Φ‖²_F ≈ 1600: a ridge of 1e-6 allows a condition number of 1.6e9, above the 1e8 accepted.
        Assert.Null(RidgeNormalEquations.TrySolve(phi, 40, 40, y, 1, 0));
        Assert.Null(RidgeNormalEquations.TrySolve(phi, 40, 40, y, 1, 1e-6));
        Assert.NotNull(RidgeNormalEquations.TrySolve(phi, 40, 40, y, 1, 1e-4));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 33)]
    [InlineData(33, 257)]
    [InlineData(65, 600)]
    public void BlockedGram_MatchesTheNaiveProduct(int count, int length)
    {
        double[] vectors = Random(count * length, 16);

        double[] blocked = RidgeNormalEquations.Gram(vectors, count, length);

        // The naive Gram of the rows of a count×length matrix.
        AssertClose(blocked, Gram(vectors, count, length), 1e-12);
    }

    private static double[] Random(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => Philox.Normal((ulong)seed, 90, (ulong)i))];

    private static double[] Multiply(double[] a, int rows, int cols, double[] b, int bCols)
    {
        var c = new double[rows * bCols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < bCols; j++)
            {
                double s = 0;
                for (int k = 0; k < cols; k++)
                {
                    s += a[(i * cols) + k] * b[(k * bCols) + j];
                }

                c[(i * bCols) + j] = s;
            }
        }

        return c;
    }

    private static double[] MultiplyTransposed(double[] a, int rows, int cols, double[] x)
    {
        var c = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                c[j] += a[(i * cols) + j] * x[i];
            }
        }

        return c;
    }

    private static double[] Gram(double[] a, int rows, int cols)
    {
        var g = new double[rows * rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < rows; j++)
            {
                double s = 0;
                for (int k = 0; k < cols; k++)
                {
                    s += a[(i * cols) + k] * a[(j * cols) + k];
                }

                g[(i * rows) + j] = s;
            }
        }

        return g;
    }

    private static double[] SolveDense(double[] a, double[] b, int n)
    {
        double[] m = (double[])a.Clone(), x = (double[])b.Clone();
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[(r * n) + c]) > Math.Abs(m[(pivot * n) + c]))
                {
                    pivot = r;
                }
            }

            for (int k = 0; k < n; k++)
            {
                (m[(c * n) + k], m[(pivot * n) + k]) = (m[(pivot * n) + k], m[(c * n) + k]);
            }

            (x[c], x[pivot]) = (x[pivot], x[c]);
            for (int r = c + 1; r < n; r++)
            {
                double f = m[(r * n) + c] / m[(c * n) + c];
                for (int k = c; k < n; k++)
                {
                    m[(r * n) + k] -= f * m[(c * n) + k];
                }

                x[r] -= f * x[c];
            }
        }

        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int k = r + 1; k < n; k++)
            {
                s -= m[(r * n) + k] * x[k];
            }

            x[r] = s / m[(r * n) + r];
        }

        return x;
    }

    private static double[] Orthogonal(int n, int seed)
    {
        double[] q = Random(n * n, seed);
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++)
                    {
                        dot += q[(i * n) + j] * q[(i * n) + k];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        q[(i * n) + j] -= dot * q[(i * n) + k];
                    }
                }
            }

            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => q[(i * n) + j] * q[(i * n) + j]));
            for (int i = 0; i < n; i++)
            {
                q[(i * n) + j] /= norm;
            }
        }

        return q;
    }

    private static double[] Subtract(double[] a, double[] b) => [.. a.Select((v, i) => v - b[i])];

    private static void AssertClose(double[] actual, double[] expected, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}] {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
