namespace Sweep.Analysis;

/// <summary>The Huber loss used by every fit: quadratic within ±δ, linear outside (scipy.special.huber).</summary>
public static class Huber
{
    /// <summary>Hoffmann et al.'s δ for residuals of log-loss.</summary>
    public const double HoffmannDelta = 1e-3;

    /// <summary><c>r²/2</c> for <c>|r| ≤ δ</c>, else <c>δ(|r| − δ/2)</c>.</summary>
    /// <param name="residual">The residual r.</param>
    /// <param name="delta">The threshold δ.</param>
    public static double Loss(double residual, double delta)
    {
        double psi = Math.Clamp(residual, -delta, delta);
        return psi * (residual - 0.5 * psi);
    }

    /// <summary>The derivative of <see cref="Loss"/>: r clamped to [−δ, δ].</summary>
    /// <param name="residual">The residual r.</param>
    /// <param name="delta">The threshold δ.</param>
    public static double Derivative(double residual, double delta) => Math.Clamp(residual, -delta, delta);
}
