namespace Sweep.Analysis;

/// <summary>
/// Settings of <see cref="LbfgsMinimizer"/>. The tolerances are deliberately tight and scale-free: unlike
/// L-BFGS-B's <c>factr</c> test, the function test divides by <c>max(|f_k|, |f_k+1|)</c> with no floor of 1, so an
/// objective whose values are small (a Huber loss with δ = 1e-3 sums to about 1e-3) still has to converge.
/// </summary>
public sealed record LbfgsOptions
{
    /// <summary>The default settings.</summary>
    public static LbfgsOptions Default { get; } = new();

    /// <summary>Correction pairs kept (the "m" of L-BFGS).</summary>
    public int History { get; init; } = 10;

    /// <summary>Iteration limit.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stop when the largest absolute gradient component is at most this (absolute).</summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Stop when <c>(f_k − f_k+1) ≤ FunctionTolerance · max(|f_k|, |f_k+1|)</c>.</summary>
    public double FunctionTolerance { get; init; } = 1e-13;

    /// <summary>Stop when the largest step component is at most <c>StepTolerance · (1 + ‖x‖∞)</c>.</summary>
    public double StepTolerance { get; init; } = 1e-13;

    /// <summary>Objective evaluations allowed in one line search.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 40;

    /// <summary>Sufficient-decrease (Armijo) constant of the strong Wolfe conditions.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Curvature constant of the strong Wolfe conditions.</summary>
    public double Curvature { get; init; } = 0.9;

    internal void Validate()
    {
        if (History < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(History), History, "History must be at least 1.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 1.");
        }

        if (!(SufficientDecrease > 0 && SufficientDecrease < Curvature && Curvature < 1))
        {
            throw new ArgumentException($"Need 0 < SufficientDecrease ({SufficientDecrease}) < Curvature ({Curvature}) < 1.");
        }

        if (MaxLineSearchEvaluations < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "Need at least 2.");
        }
    }
}
