namespace Sweep.Kernels;

/// <summary>
/// Least squares in double precision by Householder QR, the minimum-norm solution when there are more unknowns
/// than equations, and ridge regression through an augmented QR. Forming <c>ΦᵀΦ</c> or <c>ΦΦᵀ</c> squares the
/// condition number, and at the interpolation threshold p = n, where double descent peaks, <c>κ(Φ)</c> is already
/// 10³–10⁵, so a Gram-matrix Cholesky keeps only a few correct digits (or needs a jitter that regularises the very
/// peak being measured). QR's error grows with <c>κ(Φ)</c>, not its square. The one exception is a ridge large
/// enough to bound the condition: when <c>(‖Φ‖²_F + λ)/λ ≤ 1e8</c> the normal equations are accurate to about 1e-8
/// and several times faster on large designs (see <see cref="RidgeNormalEquations"/>), so those fits use them.
/// </summary>
/// <example>
/// <code>
/// double[] w = LeastSquares.Solve(phi, rows: n, cols: p, y, targets: 1, ridge: 0.0); // p×1, min-norm if p &gt; n
/// </code>
/// </example>
public static class LeastSquares
{
    /// <summary>
    /// Solves <c>min ‖Φw − y‖² + λ‖w‖²</c> for each target column; with λ = 0 and more columns than rows it
    /// returns the minimum-norm interpolating solution.
    /// </summary>
    /// <param name="phi">The design, rows×cols, row-major.</param>
    /// <param name="rows">Rows n (samples).</param>
    /// <param name="cols">Columns p (features).</param>
    /// <param name="y">Targets, rows×targets, row-major.</param>
    /// <param name="targets">Target columns.</param>
    /// <param name="ridge">λ ≥ 0.</param>
    /// <returns>The weights, cols×targets, row-major.</returns>
    public static double[] Solve(ReadOnlySpan<double> phi, int rows, int cols, ReadOnlySpan<double> y, int targets, double ridge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targets, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(ridge);
        if (phi.Length != (long)rows * cols || y.Length != (long)rows * targets)
        {
            throw new ArgumentException("phi must be rows×cols and y rows×targets.");
        }

        return RidgeNormalEquations.TrySolve(phi, rows, cols, y, targets, ridge) ?? SolveQr(phi, rows, cols, y, targets, ridge);
    }

    /// <summary>The QR path of <see cref="Solve"/>, whatever the ridge (tests compare the two paths).</summary>
    internal static double[] SolveQr(ReadOnlySpan<double> phi, int rows, int cols, ReadOnlySpan<double> y, int targets, double ridge)
    {

        double sqrtRidge = Math.Sqrt(ridge);
        if (cols <= rows)
        {
            // Primal: QR of [Φ; √λ·I] ((n+p)×p), right-hand side [y; 0].
            int m = ridge > 0 ? rows + cols : rows;
            double[] a = new double[(long)m * cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    a[((long)j * m) + i] = phi[(i * cols) + j];
                }
            }

            double[] b = new double[(long)m * targets];
            for (int i = 0; i < rows; i++)
            {
                for (int t = 0; t < targets; t++)
                {
                    b[((long)t * m) + i] = y[(i * targets) + t];
                }
            }

            if (ridge > 0)
            {
                for (int j = 0; j < cols; j++)
                {
                    a[((long)j * m) + rows + j] = sqrtRidge;
                }
            }

            var qr = new HouseholderQr(a, m, cols);
            qr.ApplyQTranspose(b, targets);
            double[] w = new double[(long)cols * targets];
            for (int t = 0; t < targets; t++)
            {
                double[] rhs = new double[cols];
                Array.Copy(b, (long)t * m, rhs, 0, cols);
                qr.SolveR(rhs);
                for (int j = 0; j < cols; j++)
                {
                    w[(j * targets) + t] = rhs[j];
                }
            }

            return w;
        }
        else
        {
            // Dual: QR of M = [Φᵀ; √λ·I] ((p+n)×n), so ΦΦᵀ + λI = RᵀR; α = R⁻¹R⁻ᵀy and w = Φᵀα.
            // With λ = 0 this is the minimum-norm solution w = Q·R⁻ᵀy, computed the same way.
            int m = ridge > 0 ? cols + rows : cols;
            double[] a = new double[(long)m * rows];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    a[((long)i * m) + j] = phi[(i * cols) + j];
                }
            }

            if (ridge > 0)
            {
                for (int i = 0; i < rows; i++)
                {
                    a[((long)i * m) + cols + i] = sqrtRidge;
                }
            }

            var qr = new HouseholderQr(a, m, rows);
            double[] w = new double[(long)cols * targets];
            for (int t = 0; t < targets; t++)
            {
                double[] z = new double[rows];
                for (int i = 0; i < rows; i++)
                {
                    z[i] = y[(i * targets) + t];
                }

                qr.SolveRTranspose(z);
                if (ridge > 0)
                {
                    qr.SolveR(z);
                    for (int j = 0; j < cols; j++)
                    {
                        double s = 0;
                        for (int i = 0; i < rows; i++)
                        {
                            s += phi[(i * cols) + j] * z[i];
                        }

                        w[(j * targets) + t] = s;
                    }
                }
                else
                {
                    double[] full = new double[m];
                    Array.Copy(z, full, rows);
                    qr.ApplyQ(full);
                    for (int j = 0; j < cols; j++)
                    {
                        w[(j * targets) + t] = full[j];
                    }
                }
            }

            return w;
        }
    }

    /// <summary>Householder QR of an m×n column-major matrix (m ≥ n), reflectors kept below the diagonal.</summary>
    private sealed class HouseholderQr
    {
        private readonly double[] _a;
        private readonly int _m;
        private readonly int _n;
        private readonly double[] _rDiagonal;
        private readonly double[] _beta;
        private readonly double _tolerance;

        public HouseholderQr(double[] a, int m, int n)
        {
            _a = a;
            _m = m;
            _n = n;
            _rDiagonal = new double[n];
            _beta = new double[n];
            double maxNorm = 0;
            for (int k = 0; k < n; k++)
            {
                Span<double> col = Column(k)[k..];
                double norm = Math.Sqrt(DoubleVectors.Dot(col, col));
                maxNorm = Math.Max(maxNorm, norm);
                if (norm == 0)
                {
                    _rDiagonal[k] = 0;
                    _beta[k] = 0;
                    continue;
                }

                double alpha = col[0] > 0 ? -norm : norm;
                col[0] -= alpha;
                double vv = DoubleVectors.Dot(col, col);
                _beta[k] = vv == 0 ? 0 : 2.0 / vv;
                _rDiagonal[k] = alpha;
                for (int j = k + 1; j < n; j++)
                {
                    Span<double> target = Column(j)[k..];
                    double s = _beta[k] * DoubleVectors.Dot(col, target);
                    DoubleVectors.Axpy(-s, col, target);
                }
            }

            _tolerance = 1e-13 * Math.Max(1.0, maxNorm);
        }

        /// <summary>b ← Qᵀb for each of the columns of b (m×targets, column-major).</summary>
        public void ApplyQTranspose(double[] b, int targets)
        {
            for (int t = 0; t < targets; t++)
            {
                Span<double> rhs = b.AsSpan(t * _m, _m);
                for (int k = 0; k < _n; k++)
                {
                    Reflect(k, rhs);
                }
            }
        }

        /// <summary>x ← Q·x (length m).</summary>
        public void ApplyQ(double[] x)
        {
            for (int k = _n - 1; k >= 0; k--)
            {
                Reflect(k, x);
            }
        }

        /// <summary>Solves R·x = b in place (length n); a numerically zero pivot gives a zero component.</summary>
        public void SolveR(double[] x)
        {
            for (int i = _n - 1; i >= 0; i--)
            {
                double s = x[i];
                for (int j = i + 1; j < _n; j++)
                {
                    s -= R(i, j) * x[j];
                }

                x[i] = Math.Abs(_rDiagonal[i]) <= _tolerance ? 0 : s / _rDiagonal[i];
            }
        }

        /// <summary>Solves Rᵀ·x = b in place (length n).</summary>
        public void SolveRTranspose(double[] x)
        {
            for (int i = 0; i < _n; i++)
            {
                double s = x[i];
                for (int j = 0; j < i; j++)
                {
                    s -= R(j, i) * x[j];
                }

                x[i] = Math.Abs(_rDiagonal[i]) <= _tolerance ? 0 : s / _rDiagonal[i];
            }
        }

        private double R(int i, int j) => i == j ? _rDiagonal[i] : _a[((long)j * _m) + i];

        private Span<double> Column(int j) => _a.AsSpan(j * _m, _m);

        private void Reflect(int k, Span<double> x)
        {
            if (_beta[k] == 0)
            {
                return;
            }

            Span<double> v = Column(k)[k..];
            Span<double> target = x[k.._m];
            double s = _beta[k] * DoubleVectors.Dot(v, target);
            DoubleVectors.Axpy(-s, v, target);
        }
    }
}
