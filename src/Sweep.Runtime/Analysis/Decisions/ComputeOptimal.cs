namespace Sweep.Analysis;

/// <summary>The compute-optimal allocation at one budget.</summary>
/// <param name="Compute">The budget C in FLOPs.</param>
/// <param name="N">Optimal parameters N_opt.</param>
/// <param name="D">Optimal data D_opt = C / (6·N_opt).</param>
/// <param name="TokensPerParameter">D_opt / N_opt.</param>
/// <param name="Loss">The law's loss at (N_opt, D_opt).</param>
public sealed record Allocation(double Compute, double N, double D, double TokensPerParameter, double Loss);

/// <summary>The compute-optimal allocation at one budget, each quantity with its bootstrap interval.</summary>
/// <param name="Compute">The budget C in FLOPs.</param>
/// <param name="N">Optimal parameters.</param>
/// <param name="D">Optimal data.</param>
/// <param name="TokensPerParameter">D_opt / N_opt.</param>
/// <param name="Loss">Loss along the frontier.</param>
public sealed record FrontierPoint(double Compute, ParameterEstimate N, ParameterEstimate D, ParameterEstimate TokensPerParameter, ParameterEstimate Loss);

/// <summary>
/// The compute-optimal frontier of a joint Chinchilla fit with C ≈ 6·N·D: minimising
/// <c>E + A/N^α + B/D^β</c> subject to <c>6ND = C</c> gives <c>N_opt = G·(C/6)^(β/(α+β))</c>,
/// <c>D_opt = (C/6)^(α/(α+β)) / G</c>, <c>G = (α·A / (β·B))^(1/(α+β))</c>.
/// </summary>
public sealed class ComputeOptimal
{
    private readonly LawFit _fit;

    private ComputeOptimal(LawFit fit) => _fit = fit;

    /// <summary>The frontier of a Chinchilla fit (with its bootstrap, if it has one).</summary>
    /// <param name="fit">A fit of <see cref="ScalingLaw.Chinchilla"/>.</param>
    public static ComputeOptimal From(LawFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Law is not ChinchillaLaw)
        {
            throw new ArgumentException($"The compute-optimal frontier needs a Chinchilla fit; got '{fit.Law.Name}'.", nameof(fit));
        }

        return new ComputeOptimal(fit);
    }

    /// <summary>G = (αA / βB)^(1/(α+β)), with interval.</summary>
    public ParameterEstimate G => _fit.Derive("G", f => Allocate(f, 6).N);

    /// <summary>The exponent a of N_opt ∝ C^a, a = β/(α+β), with interval.</summary>
    public ParameterEstimate NExponent => _fit.Derive("a = beta/(alpha+beta)", f => Exponent(f).A);

    /// <summary>The exponent b of D_opt ∝ C^b, b = α/(α+β), with interval.</summary>
    public ParameterEstimate DExponent => _fit.Derive("b = alpha/(alpha+beta)", f => Exponent(f).B);

    /// <summary>The allocation at each budget with bootstrap intervals.</summary>
    /// <param name="budgets">Budgets C in FLOPs.</param>
    public IReadOnlyList<FrontierPoint> At(IEnumerable<double> budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        return [.. budgets.Select(c =>
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
            return new FrontierPoint(
                c,
                _fit.Derive("N_opt", f => Allocate(f, c).N),
                _fit.Derive("D_opt", f => Allocate(f, c).D),
                _fit.Derive("D/N", f => Allocate(f, c).TokensPerParameter),
                _fit.Derive("loss", f => Allocate(f, c).Loss));
        })];
    }

    /// <summary>The allocation of fitted Chinchilla parameters at budget <paramref name="compute"/>.</summary>
    /// <param name="law">A fitted Chinchilla law.</param>
    /// <param name="compute">Budget C in FLOPs.</param>
    public static Allocation Allocate(FittedLaw law, double compute)
    {
        ArgumentNullException.ThrowIfNull(law);
        return Allocate(law["E"], law["A"], law["B"], law["alpha"], law["beta"], compute);
    }

    /// <summary>The closed-form allocation of <c>E + A/N^α + B/D^β</c> at budget C with C = 6ND.</summary>
    /// <param name="e">E.</param>
    /// <param name="a">A.</param>
    /// <param name="b">B.</param>
    /// <param name="alpha">α.</param>
    /// <param name="beta">β.</param>
    /// <param name="compute">C in FLOPs.</param>
    public static Allocation Allocate(double e, double a, double b, double alpha, double beta, double compute)
    {
        double g = Math.Pow(alpha * a / (beta * b), 1 / (alpha + beta));
        double half = compute / 6;
        double n = g * Math.Pow(half, beta / (alpha + beta));
        double d = Math.Pow(half, alpha / (alpha + beta)) / g;
        double loss = e + a / Math.Pow(n, alpha) + b / Math.Pow(d, beta);
        return new Allocation(compute, n, d, d / n, loss);
    }

    private static (double A, double B) Exponent(FittedLaw f)
    {
        double alpha = f["alpha"], beta = f["beta"];
        return (beta / (alpha + beta), alpha / (alpha + beta));
    }
}
