namespace Sweep.Analysis;

/// <summary>
/// The smoothly broken power law of Caballero et al. (2022) with one break,
/// <c>y = E + B·x^−c0·(1 + (x/d1)^(1/f1))^(−c1·f1)</c>: slope −c0 well below the break d1, −(c0 + c1) well above it,
/// f1 the sharpness. Fitted as <c>(e, b, c0, c1, log d1, log f1)</c> with
/// <c>log ŷ = LSE(e, b − c0·log x − c1·f1·softplus((log x − log d1)/f1))</c>.
/// </summary>
public sealed class BrokenPowerLaw : ScalingLaw
{
    internal static readonly BrokenPowerLaw Instance = new();

    private BrokenPowerLaw()
    {
    }

    /// <inheritdoc />
    public override string Name => "broken";

    /// <inheritdoc />
    public override string Formula => "y = E + B*x^-c0 * (1 + (x/d1)^(1/f1))^(-c1*f1)";

    /// <inheritdoc />
    public override int Inputs => 1;

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames { get; } = ["E", "B", "c0", "c1", "d1", "f1"];

    /// <inheritdoc />
    public override IReadOnlyList<string> FitParameterNames { get; } = ["e", "b", "c0", "c1", "log_d1", "log_f1"];

    /// <summary>Fit parameters from natural ones.</summary>
    /// <param name="e">E.</param>
    /// <param name="b">B.</param>
    /// <param name="c0">Slope before the break.</param>
    /// <param name="c1">Change of slope at the break.</param>
    /// <param name="d1">Break location.</param>
    /// <param name="f1">Break sharpness (smaller is sharper).</param>
    public static double[] Theta(double e, double b, double c0, double c1, double d1, double f1)
        => [Math.Log(e), Math.Log(b), c0, c1, Math.Log(d1), Math.Log(f1)];

    /// <inheritdoc />
    public override void ToNatural(ReadOnlySpan<double> theta, Span<double> natural)
    {
        natural[0] = Math.Exp(theta[0]);
        natural[1] = Math.Exp(theta[1]);
        natural[2] = theta[2];
        natural[3] = theta[3];
        natural[4] = Math.Exp(theta[4]);
        natural[5] = Math.Exp(theta[5]);
    }

    /// <inheritdoc />
    public override void FromNatural(ReadOnlySpan<double> natural, Span<double> theta)
    {
        theta[0] = Math.Log(natural[0]);
        theta[1] = Math.Log(natural[1]);
        theta[2] = natural[2];
        theta[3] = natural[3];
        theta[4] = Math.Log(natural[4]);
        theta[5] = Math.Log(natural[5]);
    }

    /// <inheritdoc />
    public override double LogPredict(ReadOnlySpan<double> theta, double logX1, double logX2)
    {
        double f = Math.Exp(theta[5]);
        double z = (logX1 - theta[4]) / f;
        double t2 = theta[1] - theta[2] * logX1 - theta[3] * f * Softplus(z);
        return LogSumExp(theta[0], t2, out _);
    }

    /// <inheritdoc />
    private protected override double LogPredictWithGradient(ReadOnlySpan<double> theta, double logX1, double logX2, Span<double> gradient)
    {
        double c0 = theta[2], c1 = theta[3];
        double f = Math.Exp(theta[5]);
        double z = (logX1 - theta[4]) / f;
        double sp = Softplus(z), sig = Sigmoid(z);
        double t2 = theta[1] - c0 * logX1 - c1 * f * sp;
        double pred = LogSumExp(theta[0], t2, out double pe);
        double pb = 1 - pe;
        gradient[0] = pe;
        gradient[1] = pb;
        gradient[2] = -pb * logX1;
        gradient[3] = -pb * f * sp;
        gradient[4] = pb * c1 * sig;
        gradient[5] = -pb * c1 * f * (sp - z * sig);
        return pred;
    }

    /// <inheritdoc />
    public override StartGrid DefaultStarts(FitData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var lx = LogRange(data.X);
        double yMin = data.Y.Min();
        int mid = data.Count / 2;
        var order = Enumerable.Range(0, data.Count).OrderBy(i => data.X[i]).ToArray();
        double lxMid = Math.Log(data.X[order[mid]]), yMid = data.Y[order[mid]];
        var starts = new List<double[]>();
        foreach (double fraction in (double[])[0.05, 0.5, 0.9])
        {
            double e = Math.Log(fraction * yMin);
            double rest = Math.Max(yMid - fraction * yMin, 1e-3 * yMid);
            foreach (double c0 in (double[])[0.0, 0.3, 1.0])
            {
                foreach (double c1 in (double[])[-0.3, 0.3, 1.0])
                {
                    foreach (double q in (double[])[0.2, 0.4, 0.6, 0.8])
                    {
                        double ld = lx.Min + q * (lx.Max - lx.Min);
                        foreach (double f in (double[])[0.1, 0.5, 1.0])
                        {
                            double b = Math.Log(rest) + c0 * lxMid + c1 * f * Softplus((lxMid - ld) / f);
                            starts.Add([e, b, c0, c1, ld, Math.Log(f)]);
                        }
                    }
                }
            }
        }

        return StartGrid.FromPoints(starts);
    }
}
