using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Analysis;

/// <summary>
/// <c>L(N, D) = E + A/N^α + B/D^β</c>, fitted exactly as Hoffmann et al. (2022, approach 3): parameters
/// <c>(e, a, b, α, β)</c> with <c>e = log E</c>, <c>a = log A</c>, <c>b = log B</c>; prediction
/// <c>log L̂ = LSE(a − α·log N, b − β·log D, e)</c>; Huber loss (δ = 1e-3) on log-loss residuals summed over points;
/// L-BFGS from each of the 4,500 starts of <see cref="StartGrid.Hoffmann"/>; the lowest final objective wins.
/// </summary>
public sealed class ChinchillaLaw : ScalingLaw
{
    internal static readonly ChinchillaLaw Instance = new();

    private ChinchillaLaw()
    {
    }

    /// <inheritdoc />
    public override string Name => "chinchilla";

    /// <inheritdoc />
    public override string Formula => "L(N, D) = E + A/N^alpha + B/D^beta";

    /// <inheritdoc />
    public override int Inputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["E", "A", "B", "alpha", "beta"];

    /// <inheritdoc />
    public override IReadOnlyList<string> FitParameterNames { get; } = ["e", "a", "b", "alpha", "beta"];

    /// <inheritdoc />
    public override void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        natural[0] = Math.Exp(theta[0]);
        natural[1] = Math.Exp(theta[1]);
        natural[2] = Math.Exp(theta[2]);
        natural[3] = theta[3];
        natural[4] = theta[4];
    }

    /// <inheritdoc />
    public override void FromNatural(ReadOnlySpan<double> natural, Span<double> theta)
    {
        theta[0] = Math.Log(natural[0]);
        theta[1] = Math.Log(natural[1]);
        theta[2] = Math.Log(natural[2]);
        theta[3] = natural[3];
        theta[4] = natural[4];
    }

    /// <summary>Fit parameters <c>(e, a, b, α, β)</c> from natural ones.</summary>
    /// <param name="e">Irreducible loss E.</param>
    /// <param name="a">Coefficient A of the parameter term.</param>
    /// <param name="b">Coefficient B of the data term.</param>
    /// <param name="alpha">Parameter exponent α.</param>
    /// <param name="beta">Data exponent β.</param>
    public static double[] Theta(double e, double a, double b, double alpha, double beta)
        => [Math.Log(e), Math.Log(a), Math.Log(b), alpha, beta];

    /// <inheritdoc />
    public override double LogPredict(ReadOnlySpan<double> theta, double logX1, double logX2)
    {
        double t1 = theta[1] - theta[3] * logX1;
        double t2 = theta[2] - theta[4] * logX2;
        double m = Math.Max(theta[0], Math.Max(t1, t2));
        return m + Math.Log(Math.Exp(theta[0] - m) + Math.Exp(t1 - m) + Math.Exp(t2 - m));
    }

    /// <inheritdoc />
    public override StartGrid DefaultStarts(FitData data) => StartGrid.Hoffmann;

    /// <inheritdoc />
    private protected override double LogPredictWithGradient(ReadOnlySpan<double> theta, double logX1, double logX2, Span<double> gradient)
    {
        double t1 = theta[1] - theta[3] * logX1;
        double t2 = theta[2] - theta[4] * logX2;
        double m = Math.Max(theta[0], Math.Max(t1, t2));
        double ee = Math.Exp(theta[0] - m), e1 = Math.Exp(t1 - m), e2 = Math.Exp(t2 - m);
        double s = ee + e1 + e2;
        double p0 = ee / s, p1 = e1 / s, p2 = e2 / s;
        gradient[0] = p0;
        gradient[1] = p1;
        gradient[2] = p2;
        gradient[3] = -p1 * logX1;
        gradient[4] = -p2 * logX2;
        return m + Math.Log(s);
    }

    /// <summary>
    /// The hot loop of the 4,500-start fit. Eight points at a time with <see cref="VectorMath"/>: two exponentials and
    /// one logarithm per point (exp(e) is hoisted), no max-shift; a group whose unshifted sum over- or underflows (only
    /// far-off trial steps do that) and the remainder go through the scalar, max-shifted path.
    /// </summary>
    internal override double Objective(ReadOnlySpan<double> theta, LawArrays data, double delta, Span<double> gradient)
    {
        double e = theta[0], a = theta[1], b = theta[2], alpha = theta[3], beta = theta[4];
        double expE = Math.Exp(e);
        double[] x1 = data.LogX1, x2 = data.LogX2, y = data.LogY, w = data.Weights;
        int n = data.Count;
        var acc = default(Sums);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            Vector256<double> vA = Vector256.Create(a), vB = Vector256.Create(b);
            Vector256<double> vNegAlpha = Vector256.Create(-alpha), vNegBeta = Vector256.Create(-beta);
            Vector256<double> vExpE = Vector256.Create(expE), vDelta = Vector256.Create(delta), vNegDelta = Vector256.Create(-delta);
            Vector256<double> vMin = Vector256.Create(1e-300), vMax = Vector256.Create(double.MaxValue), half = Vector256.Create(0.5);
            Vector256<double> f = default, q0 = default, ga = default, gb = default, gAlpha = default, gBeta = default;
            // Two independent groups per iteration: the exp → log → divide chain is long, so interleaving two hides latency.
            for (; i <= n - 8; i += 8)
            {
                Vector256<double> lx1a = Vector256.Create(x1, i), lx2a = Vector256.Create(x2, i);
                Vector256<double> lx1b = Vector256.Create(x1, i + 4), lx2b = Vector256.Create(x2, i + 4);
                Vector256<double> e1a = VectorMath.Exp(Vector256.FusedMultiplyAdd(vNegAlpha, lx1a, vA));
                Vector256<double> e1b = VectorMath.Exp(Vector256.FusedMultiplyAdd(vNegAlpha, lx1b, vA));
                Vector256<double> e2a = VectorMath.Exp(Vector256.FusedMultiplyAdd(vNegBeta, lx2a, vB));
                Vector256<double> e2b = VectorMath.Exp(Vector256.FusedMultiplyAdd(vNegBeta, lx2b, vB));
                Vector256<double> sumA = vExpE + e1a + e2a, sumB = vExpE + e1b + e2b;
                if (!Vector256.GreaterThanAll(Vector256.Min(sumA, sumB), vMin) || !Vector256.LessThanOrEqualAll(Vector256.Max(sumA, sumB), vMax))
                {
                    for (int k = i; k < i + 8; k++)
                    {
                        Point(e, expE, a, b, alpha, beta, x1[k], x2[k], y[k], w[k], delta, ref acc);
                    }

                    continue;
                }

                Vector256<double> rA = VectorMath.Log(sumA) - Vector256.Create(y, i);
                Vector256<double> rB = VectorMath.Log(sumB) - Vector256.Create(y, i + 4);
                Vector256<double> psiA = Vector256.Min(Vector256.Max(rA, vNegDelta), vDelta);
                Vector256<double> psiB = Vector256.Min(Vector256.Max(rB, vNegDelta), vDelta);
                Vector256<double> wPsiA = Vector256.Create(w, i) * psiA, wPsiB = Vector256.Create(w, i + 4) * psiB;
                f = Vector256.FusedMultiplyAdd(wPsiA, Vector256.FusedMultiplyAdd(-half, psiA, rA), f);
                f = Vector256.FusedMultiplyAdd(wPsiB, Vector256.FusedMultiplyAdd(-half, psiB, rB), f);
                Vector256<double> qA = wPsiA / sumA, qB = wPsiB / sumB;
                Vector256<double> q1a = qA * e1a, q2a = qA * e2a, q1b = qB * e1b, q2b = qB * e2b;
                q0 += qA + qB;
                ga += q1a + q1b;
                gb += q2a + q2b;
                gAlpha = Vector256.FusedMultiplyAdd(q1b, lx1b, Vector256.FusedMultiplyAdd(q1a, lx1a, gAlpha));
                gBeta = Vector256.FusedMultiplyAdd(q2b, lx2b, Vector256.FusedMultiplyAdd(q2a, lx2a, gBeta));
            }

            acc.F += Vector256.Sum(f);
            acc.Ge += expE * Vector256.Sum(q0);
            acc.Ga += Vector256.Sum(ga);
            acc.Gb += Vector256.Sum(gb);
            acc.GAlpha -= Vector256.Sum(gAlpha);
            acc.GBeta -= Vector256.Sum(gBeta);
        }

        for (; i < n; i++)
        {
            Point(e, expE, a, b, alpha, beta, x1[i], x2[i], y[i], w[i], delta, ref acc);
        }

        gradient[0] = acc.Ge;
        gradient[1] = acc.Ga;
        gradient[2] = acc.Gb;
        gradient[3] = acc.GAlpha;
        gradient[4] = acc.GBeta;
        return acc.F;
    }

    /// <summary>One point, scalar, with the max-shift when the unshifted sum over- or underflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Point(double e, double expE, double a, double b, double alpha, double beta, double lx1, double lx2, double ly, double w, double delta, ref Sums acc)
    {
        double t1 = a - alpha * lx1;
        double t2 = b - beta * lx2;
        double e1 = Math.Exp(t1), e2 = Math.Exp(t2);
        double s = expE + e1 + e2;
        double pred, p0, p1, p2;
        if (s < double.PositiveInfinity && s > 1e-300)
        {
            double inv = 1 / s;
            pred = Math.Log(s);
            p0 = expE * inv;
            p1 = e1 * inv;
            p2 = e2 * inv;
        }
        else
        {
            double m = Math.Max(e, Math.Max(t1, t2));
            double s0 = Math.Exp(e - m), s1 = Math.Exp(t1 - m), s2 = Math.Exp(t2 - m);
            double ss = s0 + s1 + s2;
            pred = m + Math.Log(ss);
            p0 = s0 / ss;
            p1 = s1 / ss;
            p2 = s2 / ss;
        }

        double r = pred - ly;
        double psi = Math.Min(Math.Max(r, -delta), delta);
        acc.F += w * psi * (r - 0.5 * psi);
        double q = w * psi;
        acc.Ge += q * p0;
        acc.Ga += q * p1;
        acc.Gb += q * p2;
        acc.GAlpha -= q * p1 * lx1;
        acc.GBeta -= q * p2 * lx2;
    }

    private struct Sums
    {
        public double F;
        public double Ge;
        public double Ga;
        public double Gb;
        public double GAlpha;
        public double GBeta;
    }
}
