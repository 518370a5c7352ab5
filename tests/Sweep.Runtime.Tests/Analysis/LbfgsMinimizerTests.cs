using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

public class LbfgsMinimizerTests
{
    private sealed class Rosenbrock(int n) : IDifferentiableFunction
    {
        public int Dimension => n;

        public int Calls { get; private set; }

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            Calls++;
            g.Clear();
            double f = 0;
            for (int i = 0; i < n - 1; i++)
            {
                double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
                f += 100 * a * a + b * b;
                g[i] += -400 * a * x[i] - 2 * b;
                g[i + 1] += 200 * a;
            }

            return f;
        }
    }

    /// <summary>f(x) = ½(x − c)ᵀQ(x − c) + offset with a fixed SPD Q (condition number 100) and known minimiser c.</summary>
    private sealed class Quadratic(double offset) : IDifferentiableFunction
    {
        public static readonly double[] Center = [1, -2, 3, 0.5, -0.25, 10];
        private static readonly double[,] s_q = Build();

        public int Dimension => 6;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = offset;
            for (int i = 0; i < 6; i++)
            {
                double gi = 0;
                for (int j = 0; j < 6; j++)
                {
                    gi += s_q[i, j] * (x[j] - Center[j]);
                }

                g[i] = gi;
                f += 0.5 * (x[i] - Center[i]) * gi;
            }

            return f;
        }

        private static double[,] Build()
        {
            // Q = Mᵀ diag(1..100) M with M a fixed rotation-like mix: symmetric positive definite.
            double[] eig = [1, 3, 10, 30, 60, 100];
            var q = new double[6, 6];
            for (int i = 0; i < 6; i++)
            {
                for (int j = 0; j < 6; j++)
                {
                    for (int k = 0; k < 6; k++)
                    {
                        q[i, j] += Basis(k, i) * eig[k] * Basis(k, j);
                    }
                }
            }

            return q;
        }

        // Orthonormal discrete cosine basis.
        private static double Basis(int k, int i) => (k == 0 ? Math.Sqrt(1.0 / 6) : Math.Sqrt(2.0 / 6)) * Math.Cos(Math.PI * (i + 0.5) * k / 6);
    }

    [Fact]
    public void Rosenbrock2D_ConvergesToOneOne()
    {
        var m = new LbfgsMinimizer(2);
        var report = m.Minimize(new Rosenbrock(2), [-1.2, 1]);
        Assert.True(report.Converged, report.ToString());
        Assert.Equal(1, m.Solution[0], 1e-6);
        Assert.Equal(1, m.Solution[1], 1e-6);
        Assert.True(report.Objective < 1e-12, report.ToString());
        Assert.InRange(report.Iterations, 10, 200);
        Assert.True(report.Evaluations >= report.Iterations + 1);
    }

    [Fact]
    public void Rosenbrock10D_ConvergesFromStandardStart()
    {
        var m = new LbfgsMinimizer(10);
        double[] start = [.. Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? -1.2 : 1.0)];
        var report = m.Minimize(new Rosenbrock(10), start);
        Assert.True(report.Converged, report.ToString());
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(1, m.Solution[i], 1e-5);
        }
    }

    [Fact]
    public void Quadratic_FindsKnownMinimumToHighAccuracy()
    {
        // Minimum value 0 (so f keeps full relative precision) and the function test off: it must stop on the gradient test.
        var m = new LbfgsMinimizer(6, new LbfgsOptions { FunctionTolerance = 0 });
        var report = m.Minimize(new Quadratic(0), new double[6]);
        Assert.Equal(StopReason.GradientTolerance, report.StopReason);
        Assert.True(report.GradientNorm <= LbfgsOptions.Default.GradientTolerance);
        Assert.Equal(0, report.Objective, 1e-18);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Quadratic.Center[i], m.Solution[i], 1e-8);
        }

        // L-BFGS with 10 pairs on a 6-D quadratic: far fewer iterations than steepest descent would need (κ = 100).
        Assert.True(report.Iterations < 40, report.ToString());
    }

    [Fact]
    public void Quadratic_WithDefaultTolerances_StopsOnATolerance()
    {
        // With an offset of 3 the objective's rounding (~4e-16) ends the run on the function test first.
        var m = new LbfgsMinimizer(6);
        var report = m.Minimize(new Quadratic(3), new double[6]);
        Assert.True(report.Converged, report.ToString());
        Assert.Equal(3, report.Objective, 1e-12);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Quadratic.Center[i], m.Solution[i], 1e-5);
        }
    }

    [Fact]
    public void ReverseCommunication_MatchesSynchronousRunExactly()
    {
        var f = new Rosenbrock(2);
        var sync = new LbfgsMinimizer(2);
        var syncReport = sync.Minimize(f, [-1.2, 1]);

        var rc = new LbfgsMinimizer(2);
        rc.Begin([-1.2, 1]);
        var g = new double[2];
        while (!rc.IsDone)
        {
            double v = f.Evaluate(rc.Point, g);
            rc.Supply(v, g);
        }

        Assert.Equal(syncReport, rc.Report);
        Assert.Equal(sync.Solution.ToArray(), rc.Solution.ToArray());
    }

    [Fact]
    public void IterationLimit_IsReportedAsNotConverged()
    {
        var m = new LbfgsMinimizer(2, new LbfgsOptions { MaxIterations = 3 });
        var report = m.Minimize(new Rosenbrock(2), [-1.2, 1]);
        Assert.Equal(StopReason.MaxIterations, report.StopReason);
        Assert.False(report.Converged);
        Assert.Equal(3, report.Iterations);
    }

    [Fact]
    public void NonFiniteStart_StopsImmediately()
    {
        var m = new LbfgsMinimizer(2);
        var report = m.Minimize(new Rosenbrock(2), [double.NaN, 1]);
        Assert.Equal(StopReason.NonFinite, report.StopReason);
        Assert.Equal(0, report.Iterations);
        Assert.Equal(1, report.Evaluations);
    }

    [Fact]
    public void InvalidOptions_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new LbfgsMinimizer(2, new LbfgsOptions { SufficientDecrease = 0.95, Curvature = 0.9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LbfgsMinimizer(2, new LbfgsOptions { History = 0 }));
    }
}
