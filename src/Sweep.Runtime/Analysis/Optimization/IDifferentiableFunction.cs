namespace Sweep.Analysis;

/// <summary>A smooth objective with an analytic gradient, minimised by <see cref="LbfgsMinimizer"/>.</summary>
public interface IDifferentiableFunction
{
    /// <summary>The number of variables.</summary>
    int Dimension { get; }

    /// <summary>Returns f(x) and writes ∇f(x) into <paramref name="gradient"/>.</summary>
    /// <param name="x">The point, of length <see cref="Dimension"/>.</param>
    /// <param name="gradient">Receives the gradient, of length <see cref="Dimension"/>.</param>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}

/// <summary>
/// A family of objectives evaluated many points at a time: the swappable kernel of a multi-start fit. Row
/// <c>i</c> of a call evaluates problem <c>problems[i]</c> (for example one bootstrap replica) at
/// <c>points[i·Dimension .. (i+1)·Dimension)</c>. The CPU implementation loops over rows; an accelerator
/// implementation can evaluate all rows in one kernel launch.
/// </summary>
public interface IBatchObjective
{
    /// <summary>The number of variables of every problem.</summary>
    int Dimension { get; }

    /// <summary>The number of problems (data sets or replicas) that rows may refer to.</summary>
    int ProblemCount { get; }

    /// <summary>
    /// Whether <see cref="Evaluate"/> may run on several threads at once over disjoint rows (true for the CPU loops).
    /// An accelerator objective returns false: the fitter then runs its starts lock-step and hands it each round's
    /// rows in one call (one upload, one launch, one download), whatever <see cref="FitOptions.Engine"/> says.
    /// </summary>
    bool AllowsConcurrentCalls => true;

    /// <summary>Evaluates every row.</summary>
    /// <param name="problems">The problem index of each row.</param>
    /// <param name="points">Row-major points, <c>problems.Length × Dimension</c>.</param>
    /// <param name="values">Receives one objective value per row.</param>
    /// <param name="gradients">Receives row-major gradients, <c>problems.Length × Dimension</c>.</param>
    void Evaluate(ReadOnlySpan<int> problems, ReadOnlySpan<double> points, Span<double> values, Span<double> gradients);
}
