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
    /// The hot loop of the 4,500-start fit: two exponentials and one logarithm per point (exp(e) is hoisted; the
    /// max-shift is taken only when the unshifted sum over- or underflows, which only far-off trial steps do).
    /// </summary>
    internal override double Objective(ReadOnlySpan<double> theta, LawArrays data, double delta, Span<double> gradient)
    {
        double e = theta[0], a = theta[1], b = theta[2], alpha = theta[3], beta = theta[4];
        double expE = Math.Exp(e);
        double f = 0, ge = 0, ga = 0, gb = 0, gAlpha = 0, gBeta = 0;
        double[] x1 = data.LogX1, x2 = data.LogX2, y = data.LogY, w = data.Weights;
        int n = data.Count;
        for (int i = 0; i < n; i++)
        {
            double lx1 = x1[i], lx2 = x2[i];
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

            double r = pred - y[i];
            double psi = r > delta ? delta : (r < -delta ? -delta : r);
            double wi = w[i];
            f += wi * psi * (r - 0.5 * psi);
            double q = wi * psi;
            ge += q * p0;
            ga += q * p1;
            gb += q * p2;
            gAlpha -= q * p1 * lx1;
            gBeta -= q * p2 * lx2;
        }

        gradient[0] = ge;
        gradient[1] = ga;
        gradient[2] = gb;
        gradient[3] = gAlpha;
        gradient[4] = gBeta;
        return f;
    }
}
