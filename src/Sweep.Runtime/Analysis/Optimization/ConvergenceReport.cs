namespace Sweep.Analysis;

/// <summary>Why an <see cref="LbfgsMinimizer"/> run stopped.</summary>
public enum StopReason
{
    /// <summary>The gradient's largest component fell below the gradient tolerance.</summary>
    GradientTolerance = 0,

    /// <summary>The relative decrease of the objective over one iteration fell below the function tolerance.</summary>
    FunctionTolerance = 1,

    /// <summary>
    /// The step fell below the step tolerance relative to the size of x, or a line search along steepest descent
    /// shrank its bracket below x's precision without lowering f (f is flat to rounding there).
    /// </summary>
    StepTolerance = 2,

    /// <summary>The iteration limit was reached before any tolerance was met.</summary>
    MaxIterations = 3,

    /// <summary>The line search along steepest descent used its whole evaluation budget without lowering the objective.</summary>
    LineSearchFailed = 4,

    /// <summary>The objective or its gradient was not finite at the start point.</summary>
    NonFinite = 5,
}

/// <summary>How one optimisation ended.</summary>
/// <param name="Iterations">L-BFGS iterations (accepted steps).</param>
/// <param name="Evaluations">Objective-and-gradient evaluations, line searches included.</param>
/// <param name="Objective">The final objective value.</param>
/// <param name="GradientNorm">The largest absolute component of the final gradient.</param>
/// <param name="StopReason">Which criterion ended the run.</param>
public sealed record ConvergenceReport(int Iterations, int Evaluations, double Objective, double GradientNorm, StopReason StopReason)
{
    /// <summary>True when the run stopped on a tolerance (gradient, function or step), not on a limit or a failure.</summary>
    public bool Converged => StopReason is StopReason.GradientTolerance or StopReason.FunctionTolerance or StopReason.StepTolerance;
}
