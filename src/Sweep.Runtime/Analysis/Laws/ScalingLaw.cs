namespace Sweep.Analysis;

/// <summary>
/// A scaling law: a prediction of log-loss from log-scales, fitted in its own parameterisation
/// (<see cref="FitParameterNames"/>, e.g. log-coefficients) and reported in natural units
/// (<see cref="ParameterNames"/>). Every law is fitted the same way: Huber loss on log-loss residuals, summed over
/// points, minimised by L-BFGS with analytic gradients from every start of a grid.
/// </summary>
public abstract class ScalingLaw
{
    private protected ScalingLaw()
    {
    }

    /// <summary>Hoffmann et al.'s joint law <c>L(N, D) = E + A/N^α + B/D^β</c>; see <see cref="ChinchillaLaw"/>.</summary>
    public static ChinchillaLaw Chinchilla => ChinchillaLaw.Instance;

    /// <summary>Kaplan et al.'s joint law <c>L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D</c>; see <see cref="KaplanLaw"/>.</summary>
    public static KaplanLaw Kaplan => KaplanLaw.Instance;

    /// <summary>The smoothly broken power law of Caballero et al. with one break; see <see cref="BrokenPowerLaw"/>.</summary>
    public static BrokenPowerLaw Broken => BrokenPowerLaw.Instance;

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["chinchilla", "kaplan", "power", "power-no-e", "broken"];

    /// <summary>A single-variable power law, <c>E + A·x^−α</c> or <c>A·x^−α</c>; see <see cref="PowerLaw"/>.</summary>
    /// <param name="irreducible">Whether to fit the irreducible term E.</param>
    public static PowerLaw Power(bool irreducible = true) => irreducible ? PowerLaw.WithIrreducible : PowerLaw.WithoutIrreducible;

    /// <summary>The law named <paramref name="name"/> (one of <see cref="Names"/>, case-insensitive).</summary>
    /// <param name="name">The law's name.</param>
    public static ScalingLaw Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "chinchilla" or "hoffmann" => Chinchilla,
            "kaplan" => Kaplan,
            "power" or "powerlaw" or "power-law" => Power(true),
            "power-no-e" or "power-noe" or "pure-power" => Power(false),
            "broken" or "bnsl" or "broken-power" => Broken,
            _ => throw new ArgumentException($"Unknown law '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The law a study's <c>[Law]</c> spec asks for.</summary>
    /// <param name="spec">The spec.</param>
    public static ScalingLaw For(LawSpec spec) => spec switch
    {
        PowerLawSpec p => Power(p.Irreducible),
        JointLawSpec { Form: JointLawForm.Kaplan } => Kaplan,
        JointLawSpec => Chinchilla,
        _ => throw new ArgumentException($"Unknown law spec {spec?.GetType().Name}.", nameof(spec)),
    };

    /// <summary>A short name (<c>chinchilla</c>, <c>power</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>The law as a formula in natural parameters.</summary>
    public abstract string Formula { get; }

    /// <summary>1 for <c>y(x)</c>, 2 for <c>L(N, D)</c>.</summary>
    public abstract int Inputs { get; }

    /// <summary>The reported parameters, in natural units (e.g. <c>E, A, B, alpha, beta</c>).</summary>
    public abstract IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The fitted parameters (e.g. <c>e, a, b, alpha, beta</c> with <c>e = log E</c>); same count and order.</summary>
    public abstract IReadOnlyList<string> FitParameterNames { get; }

    /// <summary>The number of parameters.</summary>
    public int ParameterCount => FitParameterNames.Count;

    /// <summary>Converts fit parameters to natural ones.</summary>
    /// <param name="theta">Fit parameters.</param>
    /// <param name="natural">Receives natural parameters.</param>
    public abstract void ToNatural(ReadOnlySpan<double> theta, Span<double> natural);

    /// <summary>Converts natural parameters to fit parameters.</summary>
    /// <param name="natural">Natural parameters.</param>
    /// <param name="theta">Receives fit parameters.</param>
    public abstract void FromNatural(ReadOnlySpan<double> natural, Span<double> theta);

    /// <summary>log L predicted at <c>(log x1, log x2)</c>; <paramref name="logX2"/> is ignored by single-variable laws.</summary>
    /// <param name="theta">Fit parameters.</param>
    /// <param name="logX1">log x (or log N).</param>
    /// <param name="logX2">log D (joint laws).</param>
    public abstract double LogPredict(ReadOnlySpan<double> theta, double logX1, double logX2);

    /// <summary>L predicted at <c>(x1, x2)</c>.</summary>
    /// <param name="theta">Fit parameters.</param>
    /// <param name="x1">x (or N).</param>
    /// <param name="x2">D for joint laws; ignored otherwise.</param>
    public double Predict(ReadOnlySpan<double> theta, double x1, double x2 = double.NaN)
        => Math.Exp(LogPredict(theta, Math.Log(x1), Inputs == 2 ? Math.Log(x2) : 0));

    /// <summary>The default start grid for <paramref name="data"/> (fixed for Chinchilla, data-adaptive otherwise).</summary>
    /// <param name="data">The data to be fitted.</param>
    public abstract StartGrid DefaultStarts(FitData data);

    /// <summary>
    /// Writes log L and its gradient with respect to the fit parameters. The default objective loop calls this once per
    /// point; laws with a hand-tuned loop (<see cref="ChinchillaLaw"/>) override <see cref="Objective"/> instead.
    /// </summary>
    private protected abstract double LogPredictWithGradient(ReadOnlySpan<double> theta, double logX1, double logX2, Span<double> gradient);

    /// <summary>
    /// The fit objective <c>Σ w_i · Huber_δ(log L̂_i − log L_i)</c> and its gradient with respect to θ.
    /// </summary>
    internal virtual double Objective(ReadOnlySpan<double> theta, LawArrays data, double delta, Span<double> gradient)
    {
        int p = ParameterCount;
        Span<double> dPred = stackalloc double[p];
        gradient.Clear();
        double f = 0;
        bool joint = data.LogX2.Length > 0;
        for (int i = 0; i < data.Count; i++)
        {
            double w = data.Weights[i];
            double pred = LogPredictWithGradient(theta, data.LogX1[i], joint ? data.LogX2[i] : 0, dPred);
            double r = pred - data.LogY[i];
            double psi = Math.Clamp(r, -delta, delta);
            f += w * psi * (r - 0.5 * psi);
            double q = w * psi;
            for (int k = 0; k < p; k++)
            {
                gradient[k] += q * dPred[k];
            }
        }

        return f;
    }

    /// <summary>Validates a data set for this law (joint laws need D).</summary>
    internal void RequireCompatible(FitData data)
    {
        if (Inputs == 2 && !data.IsJoint)
        {
            throw new FitDataException($"{data.Source}: law '{Name}' needs a data column D (the fit has only '{data.Columns.X}' and '{data.Columns.Y}').", data.Source, column: data.Columns.D);
        }

        data.RequireAtLeast(ParameterCount, Name);
    }

    /// <summary>log-sum-exp of two values, stable for any magnitudes; also returns the softmax weight of the first.</summary>
    private protected static double LogSumExp(double u, double v, out double weightU)
    {
        double m = Math.Max(u, v);
        double eu = Math.Exp(u - m), ev = Math.Exp(v - m);
        double s = eu + ev;
        weightU = eu / s;
        return m + Math.Log(s);
    }

    /// <summary>log(1 + e^z) without overflow.</summary>
    private protected static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    /// <summary>1 / (1 + e^−z) without overflow.</summary>
    private protected static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }

        double e = Math.Exp(z);
        return e / (1 + e);
    }

    /// <summary>Statistics of log x used by the data-adaptive grids.</summary>
    private protected static (double Min, double Max, double Mean) LogRange(IReadOnlyList<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (double v in values)
        {
            double l = Math.Log(v);
            min = Math.Min(min, l);
            max = Math.Max(max, l);
            sum += l;
        }

        return (min, max, sum / values.Count);
    }
}
