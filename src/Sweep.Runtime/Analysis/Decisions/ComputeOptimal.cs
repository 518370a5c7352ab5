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
/// The compute-optimal frontier of a joint fit with C ≈ 6·N·D. For Chinchilla, minimising
/// <c>E + A/N^α + B/D^β</c> subject to <c>6ND = C</c> gives <c>N_opt = G·(C/6)^(β/(α+β))</c>,
/// <c>D_opt = (C/6)^(α/(α+β)) / G</c>, <c>G = (α·A / (β·B))^(1/(α+β))</c>. For Kaplan's
/// <c>[(N_c/N)^r + D_c/D]^α_D</c> with <c>r = α_N/α_D</c> it gives <c>N_opt = (r·N_c^r·C / (6·D_c))^(1/(r+1))</c>.
/// </summary>
public sealed class ComputeOptimal
{
    private readonly LawFit _fit;

    private ComputeOptimal(LawFit fit) => _fit = fit;

    /// <summary>The frontier of a joint fit (with its bootstrap, if it has one).</summary>
    /// <param name="fit">A fit of <see cref="ScalingLaw.Chinchilla"/> or <see cref="ScalingLaw.Kaplan"/>.</param>
    public static ComputeOptimal From(LawFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (!Supports(fit.Law))
        {
            throw new ArgumentException($"The compute-optimal frontier needs a joint Chinchilla or Kaplan fit; got '{fit.Law.Name}'.", nameof(fit));
        }

        return new ComputeOptimal(fit);
    }

    /// <summary>Whether <paramref name="law"/> has a compute-optimal frontier (the joint laws).</summary>
    /// <param name="law">The law.</param>
    public static bool Supports(ScalingLaw law) => law is ChinchillaLaw or KaplanLaw;

    /// <summary>N_opt at C = 6 (for Chinchilla G = (αA / βB)^(1/(α+β))), with interval.</summary>
    public ParameterEstimate G => _fit.Derive("G", f => Allocate(f, 6).N);

    /// <summary>The exponent a of N_opt ∝ C^a (Chinchilla: β/(α+β); Kaplan: 1/(r+1)), with interval.</summary>
    public ParameterEstimate NExponent => _fit.Derive(_fit.Law is KaplanLaw ? "a = 1/(r+1)" : "a = beta/(alpha+beta)", f => Exponent(f).A);

    /// <summary>The exponent b of D_opt ∝ C^b (Chinchilla: α/(α+β); Kaplan: r/(r+1)), with interval.</summary>
    public ParameterEstimate DExponent => _fit.Derive(_fit.Law is KaplanLaw ? "b = r/(r+1)" : "b = alpha/(alpha+beta)", f => Exponent(f).B);

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

    /// <summary>The allocation of a fitted joint law at budget <paramref name="compute"/>.</summary>
    /// <param name="law">A fitted Chinchilla or Kaplan law.</param>
    /// <param name="compute">Budget C in FLOPs.</param>
    public static Allocation Allocate(FittedLaw law, double compute)
    {
        ArgumentNullException.ThrowIfNull(law);
        if (law.Law is KaplanLaw)
        {
            double r = law["alpha_N"] / law["alpha_D"], nc = law["N_c"], dc = law["D_c"];

            // (N_c/N)^r + 6·D_c·N/C is smallest where r·N_c^r·N^−(r+1) = 6·D_c/C; N_c^r is taken in logs (N_c can be huge).
            double n = Math.Exp((Math.Log(r) + r * Math.Log(nc) + Math.Log(compute / (6 * dc))) / (r + 1));
            double d = compute / (6 * n);
            return new Allocation(compute, n, d, d / n, law.Predict(n, d));
        }

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
        if (f.Law is KaplanLaw)
        {
            double r = f["alpha_N"] / f["alpha_D"];
            return (1 / (r + 1), r / (r + 1));
        }

        double alpha = f["alpha"], beta = f["beta"];
        return (beta / (alpha + beta), alpha / (alpha + beta));
    }
}
