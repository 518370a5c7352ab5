namespace Sweep.Analysis;

/// <summary>
/// Kaplan et al. (2020)'s joint law <c>L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D</c>. Fitted in
/// <c>(n_c, d_c, r, α_D)</c> with <c>n_c = log N_c</c>, <c>d_c = log D_c</c>, <c>r = α_N/α_D</c>:
/// <c>log L̂ = α_D · LSE(r·(n_c − log N), d_c − log D)</c>. As D → ∞ it tends to <c>(N_c/N)^α_N</c>, as N → ∞ to
/// <c>(D_c/D)^α_D</c>.
/// </summary>
public sealed class KaplanLaw : ScalingLaw
{
    internal static readonly KaplanLaw Instance = new();

    private KaplanLaw()
    {
    }

    /// <inheritdoc />
    public override string Name => "kaplan";

    /// <inheritdoc />
    public override string Formula => "L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";

    /// <inheritdoc />
    public override int Inputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["N_c", "D_c", "alpha_N", "alpha_D"];

    /// <inheritdoc />
    public override IReadOnlyList<string> FitParameterNames { get; } = ["n_c", "d_c", "ratio", "alpha_D"];

    /// <inheritdoc />
    public override void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        natural[0] = Math.Exp(theta[0]);
        natural[1] = Math.Exp(theta[1]);
        natural[2] = theta[2] * theta[3];
        natural[3] = theta[3];
    }

    /// <inheritdoc />
    public override void FromNatural(ReadOnlySpan<double> natural, Span<double> theta)
    {
        theta[0] = Math.Log(natural[0]);
        theta[1] = Math.Log(natural[1]);
        theta[2] = natural[2] / natural[3];
        theta[3] = natural[3];
    }

    /// <summary>Fit parameters from natural ones.</summary>
    /// <param name="nc">N_c.</param>
    /// <param name="dc">D_c.</param>
    /// <param name="alphaN">α_N.</param>
    /// <param name="alphaD">α_D.</param>
    public static double[] Theta(double nc, double dc, double alphaN, double alphaD)
        => [Math.Log(nc), Math.Log(dc), alphaN / alphaD, alphaD];

    /// <inheritdoc />
    public override double LogPredict(ReadOnlySpan<double> theta, double logX1, double logX2)
        => theta[3] * LogSumExp(theta[2] * (theta[0] - logX1), theta[1] - logX2, out _);

    /// <inheritdoc />
    private protected override double LogPredictWithGradient(ReadOnlySpan<double> theta, double logX1, double logX2, Span<double> gradient)
    {
        double nc = theta[0], dc = theta[1], ratio = theta[2], alphaD = theta[3];
        double lse = LogSumExp(ratio * (nc - logX1), dc - logX2, out double p1);
        double p2 = 1 - p1;
        gradient[0] = alphaD * p1 * ratio;
        gradient[1] = alphaD * p2;
        gradient[2] = alphaD * p1 * (nc - logX1);
        gradient[3] = lse;
        return alphaD * lse;
    }

    /// <inheritdoc />
    public override StartGrid DefaultStarts(FitData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = LogRange(data.X);
        var d = LogRange(data.D);
        return StartGrid.Cartesian(
            [n.Min, n.Max, n.Max + 3, n.Max + 8, n.Max + 15],
            [d.Min, d.Max, d.Max + 3, d.Max + 8, d.Max + 15],
            [0.5, 0.8, 1.0, 1.5],
            [0.05, 0.1, 0.2, 0.4]);
    }
}
