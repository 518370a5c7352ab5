using System.Numerics;

namespace Sweep.Training;

/// <summary>Symmetric positive (semi-)definite solves in double precision for the closed-form least-squares fits.</summary>
internal static class DenseSolver
{
    /// <summary>
    /// Solves (A + λI)·X = B in place for symmetric A (m × m, row-major) and B (m × r). When A + λI is singular to
    /// working precision (λ = 0 at the interpolation threshold), a jitter of 1e-12·trace(A)/m is added and grown
    /// tenfold until the factorisation succeeds, which approaches the minimum-norm solution.
    /// </summary>
    public static double Jitter(double[] a, int m, double lambda, double[] b, int r)
    {
        double trace = 0;
        for (int i = 0; i < m; i++)
        {
            trace += a[i * m + i];
        }

        double jitter = 0;
        double[] work = new double[a.Length];
        for (int attempt = 0; attempt < 12; attempt++)
        {
            Array.Copy(a, work, a.Length);
            double shift = lambda + jitter;
            for (int i = 0; i < m; i++)
            {
                work[i * m + i] += shift;
            }

            if (Cholesky(work, m))
            {
                SolveFactored(work, m, b, r);
                return jitter;
            }

            jitter = jitter == 0 ? Math.Max(1e-12 * trace / m, 1e-300) : jitter * 10;
        }

        throw new InvalidOperationException($"the {m}×{m} normal equations stayed singular after a jitter of {jitter:G3}.");
    }

    /// <summary>In-place lower Cholesky factor; false if the matrix is not positive definite.</summary>
    private static bool Cholesky(double[] a, int m)
    {
        for (int j = 0; j < m; j++)
        {
            Span<double> rowJ = a.AsSpan(j * m, m);
            double diagonal = rowJ[j] - DotVector(rowJ[..j], rowJ[..j]);
            if (!(diagonal > 0) || !double.IsFinite(diagonal))
            {
                return false;
            }

            double pivot = Math.Sqrt(diagonal);
            rowJ[j] = pivot;
            for (int i = j + 1; i < m; i++)
            {
                Span<double> rowI = a.AsSpan(i * m, m);
                rowI[j] = (rowI[j] - DotVector(rowI[..j], rowJ[..j])) / pivot;
            }
        }

        return true;
    }

    private static void SolveFactored(double[] l, int m, double[] b, int r)
    {
        double[] column = new double[m];
        for (int c = 0; c < r; c++)
        {
            for (int i = 0; i < m; i++)
            {
                column[i] = b[i * r + c];
            }

            for (int i = 0; i < m; i++)
            {
                column[i] = (column[i] - DotVector(l.AsSpan(i * m, i), column.AsSpan(0, i))) / l[i * m + i];
            }

            for (int i = m - 1; i >= 0; i--)
            {
                double sum = column[i];
                for (int k = i + 1; k < m; k++)
                {
                    sum -= l[k * m + i] * column[k];
                }

                column[i] = sum / l[i * m + i];
            }

            for (int i = 0; i < m; i++)
            {
                b[i * r + c] = column[i];
            }
        }
    }

    /// <summary>SIMD dot product.</summary>
    internal static double DotVector(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int width = Vector<double>.Count;
        Vector<double> sum = Vector<double>.Zero;
        int i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new Vector<double>(a.Slice(i, width)) * new Vector<double>(b.Slice(i, width));
        }

        double total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
