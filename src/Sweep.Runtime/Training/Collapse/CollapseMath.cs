namespace Sweep.Training.Collapse;

/// <summary>
/// The double-precision special functions and small dense linear algebra the closed-form collapse chains need: the
/// normal and chi-square distributions (through the regularised incomplete gamma function, accurate to about 1e-14),
/// symmetric eigendecomposition (cyclic Jacobi), Cholesky solves and the square root of a covariance.
/// </summary>
internal static class CollapseMath
{
    private const double Epsilon = 1e-15;

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, 9 terms; relative error below 1e-15).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        double sum = c[0];
        double t = x + 7.5;
        for (int i = 1; i < c.Length; i++)
        {
            sum += c[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>The regularised lower incomplete gamma function P(a, x).</summary>
    public static double GammaP(double a, double x) => x <= 0 ? 0 : x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);

    /// <summary>The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x), without cancellation in the tail.</summary>
    public static double GammaQ(double a, double x) => x <= 0 ? 1 : x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalUpper(double z) => z >= 0 ? 0.5 * GammaQ(0.5, 0.5 * z * z) : 1 - (0.5 * GammaQ(0.5, 0.5 * z * z));

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double NormalCdf(double z) => NormalUpper(-z);

    /// <summary>The standard normal quantile Φ⁻¹(p) (Acklam's approximation polished by two Newton steps).</summary>
    public static double NormalQuantile(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5];
            x /= (((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1;
        }
        else if (p > 1 - 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -((((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5]);
            x /= (((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1;
        }
        else
        {
            double q = p - 0.5;
            double r = q * q;
            x = ((((((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r) + a[4]) * r) + a[5]) * q;
            x /= (((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r) + b[4]) * r) + 1;
        }

        for (int i = 0; i < 2; i++)
        {
            double density = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
            x -= (NormalCdf(x) - p) / density;
        }

        return x;
    }

    /// <summary>The quantile of a chi-square distribution with <paramref name="degrees"/> degrees of freedom (bisection on P).</summary>
    public static double ChiSquareQuantile(double p, int degrees)
    {
        double lo = 0, hi = Math.Max(1, degrees);
        while (GammaP(degrees / 2.0, hi / 2) < p)
        {
            hi *= 2;
        }

        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (GammaP(degrees / 2.0, mid / 2) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// The eigendecomposition of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations: eigenvalues, and
    /// eigenvectors as the columns of a row-major matrix.
    /// </summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(ReadOnlySpan<double> matrix, int n)
    {
        double[] a = matrix[..(n * n)].ToArray();
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double x = a[(i * n) + j] * a[(i * n) + j];
                    total += x;
                    off += i == j ? 0 : x;
                }
            }

            if (off <= 1e-30 * total || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[(p * n) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    double theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double cos = 1 / Math.Sqrt((t * t) + 1), sin = t * cos;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[(k * n) + p], akq = a[(k * n) + q];
                        a[(k * n) + p] = (cos * akp) - (sin * akq);
                        a[(k * n) + q] = (sin * akp) + (cos * akq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[(p * n) + k], aqk = a[(q * n) + k];
                        a[(p * n) + k] = (cos * apk) - (sin * aqk);
                        a[(q * n) + k] = (sin * apk) + (cos * aqk);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[(k * n) + p], vkq = v[(k * n) + q];
                        v[(k * n) + p] = (cos * vkp) - (sin * vkq);
                        v[(k * n) + q] = (sin * vkp) + (cos * vkq);
                    }
                }
            }
        }

        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        return (values, v);
    }

    /// <summary>The symmetric square root of a positive semi-definite matrix (negative rounding in its eigenvalues clipped to 0).</summary>
    public static double[] SqrtPsd(ReadOnlySpan<double> matrix, int n)
    {
        (double[] values, double[] vectors) = SymmetricEigen(matrix, n);
        var root = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            double s = Math.Sqrt(Math.Max(0, values[k]));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    root[(i * n) + j] += vectors[(i * n) + k] * s * vectors[(j * n) + k];
                }
            }
        }

        return root;
    }

    /// <summary>In-place lower Cholesky factor of a row-major symmetric positive-definite matrix; false if a pivot is not positive.</summary>
    public static bool Cholesky(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[(j * n) + j];
            for (int k = 0; k < j; k++)
            {
                diagonal -= a[(j * n) + k] * a[(j * n) + k];
            }

            if (!(diagonal > 0))
            {
                return false;
            }

            double root = Math.Sqrt(diagonal);
            a[(j * n) + j] = root;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[(i * n) + k] * a[(j * n) + k];
                }

                a[(i * n) + j] = s / root;
            }

            for (int k = j + 1; k < n; k++)
            {
                a[(j * n) + k] = 0;
            }
        }

        return true;
    }

    /// <summary>Solves A·x = b for symmetric positive semi-definite A: by Cholesky, or when A is singular by its eigendecomposition (the minimum-norm solution).</summary>
    public static double[] SolveSymmetric(ReadOnlySpan<double> matrix, ReadOnlySpan<double> rhs, int n)
    {
        double[] factor = matrix[..(n * n)].ToArray();
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(matrix[(i * n) + i]));
        }

        if (Cholesky(factor, n) && MinPivot(factor, n) > 1e-7 * Math.Sqrt(scale))
        {
            double[] x = rhs[..n].ToArray();
            for (int i = 0; i < n; i++)
            {
                double s = x[i];
                for (int k = 0; k < i; k++)
                {
                    s -= factor[(i * n) + k] * x[k];
                }

                x[i] = s / factor[(i * n) + i];
            }

            for (int i = n - 1; i >= 0; i--)
            {
                double s = x[i];
                for (int k = i + 1; k < n; k++)
                {
                    s -= factor[(k * n) + i] * x[k];
                }

                x[i] = s / factor[(i * n) + i];
            }

            return x;
        }

        (double[] values, double[] vectors) = SymmetricEigen(matrix, n);
        double largest = values.Max(Math.Abs);
        var solution = new double[n];
        for (int k = 0; k < n; k++)
        {
            if (values[k] <= Epsilon * n * largest)
            {
                continue;
            }

            double projection = 0;
            for (int i = 0; i < n; i++)
            {
                projection += vectors[(i * n) + k] * rhs[i];
            }

            for (int i = 0; i < n; i++)
            {
                solution[i] += vectors[(i * n) + k] * projection / values[k];
            }
        }

        return solution;
    }

    /// <summary>ln Σ exp(xᵢ) without overflow (−∞ terms count as zero).</summary>
    public static double LogSumExp(ReadOnlySpan<double> logs)
    {
        double max = double.NegativeInfinity;
        foreach (double l in logs)
        {
            max = Math.Max(max, l);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (double l in logs)
        {
            sum += Math.Exp(l - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Σ aᵢ·bᵢ.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double MinPivot(ReadOnlySpan<double> factor, int n)
    {
        double min = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            min = Math.Min(min, factor[(i * n) + i]);
        }

        return min;
    }

    private static double GammaSeries(double a, double x)
    {
        double sum = 1 / a, term = sum;
        for (int n = 1; n < 10_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return sum * Math.Exp((a * Math.Log(x)) - x - LogGamma(a));
    }

    private static double GammaContinuedFraction(double a, double x)
    {
        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp((a * Math.Log(x)) - x - LogGamma(a)) * h;
    }
}
