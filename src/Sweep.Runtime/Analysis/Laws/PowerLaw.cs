namespace Sweep.Analysis;

/// <summary>
/// <c>y = E + A·x^−α</c> (fitted as <c>(e, a, α)</c>, <c>log ŷ = LSE(a − α·log x, e)</c>) or, without the irreducible
/// term, <c>y = A·x^−α</c> (fitted as <c>(a, α)</c>, <c>log ŷ = a − α·log x</c>).
/// </summary>
public sealed class PowerLaw : ScalingLaw
{
    internal static readonly PowerLaw WithIrreducible = new(true);
    internal static readonly PowerLaw WithoutIrreducible = new(false);

    private PowerLaw(bool irreducible)
    {
        Irreducible = irreducible;
        ParameterNames = irreducible ? ["E", "A", "alpha"] : ["A", "alpha"];
        FitParameterNames = irreducible ? ["e", "a", "alpha"] : ["a", "alpha"];
    }

    /// <summary>Whether the law has the irreducible term E.</summary>
    public bool Irreducible { get; }

    /// <inheritdoc />
    public override string Name => Irreducible ? "power" : "power-no-e";

    /// <inheritdoc />
    public override string Formula => Irreducible ? "y = E + A*x^-alpha" : "y = A*x^-alpha";

    /// <inheritdoc />
    public override int Inputs => 1;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> FitParameterNames { get; }

    /// <summary>Fit parameters from natural ones; pass <paramref name="e"/> only for the law with E.</summary>
    /// <param name="a">A.</param>
    /// <param name="alpha">α.</param>
    /// <param name="e">E, or null for <c>A·x^−α</c>.</param>
    public static double[] Theta(double a, double alpha, double? e = null)
        => e is { } ev ? [Math.Log(ev), Math.Log(a), alpha] : [Math.Log(a), alpha];

    /// <inheritdoc />
    public override void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        int o = Irreducible ? 1 : 0;
        if (Irreducible)
        {
            natural[0] = Math.Exp(theta[0]);
        }

        natural[o] = Math.Exp(theta[o]);
        natural[o + 1] = theta[o + 1];
    }

    /// <inheritdoc />
    public override void FromNatural(ReadOnlySpan<double> natural, Span<double> theta)
    {
        int o = Irreducible ? 1 : 0;
        if (Irreducible)
        {
            theta[0] = Math.Log(natural[0]);
        }

        theta[o] = Math.Log(natural[o]);
        theta[o + 1] = natural[o + 1];
    }

    /// <inheritdoc />
    public override double LogPredict(ReadOnlySpan<double> theta, double logX1, double logX2)
        => Irreducible ? LogSumExp(theta[0], theta[1] - theta[2] * logX1, out _) : theta[0] - theta[1] * logX1;

    /// <inheritdoc />
    private protected override double LogPredictWithGradient(ReadOnlySpan<double> theta, double logX1, double logX2, Span<double> gradient)
    {
        if (!Irreducible)
        {
            gradient[0] = 1;
            gradient[1] = -logX1;
            return theta[0] - theta[1] * logX1;
        }

        double pred = LogSumExp(theta[0], theta[1] - theta[2] * logX1, out double pe);
        double pa = 1 - pe;
        gradient[0] = pe;
        gradient[1] = pa;
        gradient[2] = -pa * logX1;
        return pred;
    }

    /// <inheritdoc />
    public override StartGrid DefaultStarts(FitData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var lx = LogRange(data.X);
        double yMin = data.Y.Min(), yMean = data.Y.Average();
        double[] alphas = [0.05, 0.2, 0.5, 1.0, 2.0];
        double[] offsets = [-2, 0, 2];
        var starts = new List<double[]>();
        if (!Irreducible)
        {
            foreach (double alpha in alphas)
            {
                foreach (double off in offsets)
                {
                    starts.Add([Math.Log(yMean) + alpha * lx.Mean + off, alpha]);
                }
            }

            return StartGrid.FromPoints(starts);
        }

        // E below the smallest observation; A chosen so that the curve passes near the mean at the mean log-scale.
        foreach (double fraction in (double[])[0.01, 0.2, 0.5, 0.8, 0.95])
        {
            double e = Math.Log(fraction * yMin);
            double rest = Math.Max(yMean - fraction * yMin, 1e-3 * yMean);
            foreach (double alpha in alphas)
            {
                foreach (double off in offsets)
                {
                    starts.Add([e, Math.Log(rest) + alpha * lx.Mean + off, alpha]);
                }
            }
        }

        return StartGrid.FromPoints(starts);
    }
}
