using Sweep;

namespace RegressionCollapse;

/// <summary>
/// Does accumulating data bound model collapse? Gerstgrasser et al. (2024)'s linear-regression chain: the real data are
/// T samples x ~ N(0, I_d), y = w·x + σε; generation t fits least squares (no intercept) to the data its policy selects,
/// then labels the first generation's inputs (a fixed design) with its own predictions plus fresh noise of the same σ
/// for the next.
/// </summary>
/// <remarks>
/// <para>
/// Expected, in closed form for the fixed design: with <see cref="DataPolicyKind.Replace"/> every generation adds the
/// first one's excess test error, E[excess_t] = t·σ²d/(T − d − 1), so the error grows linearly without bound (a collapse
/// rate of σ²d/(T − d − 1) per generation, a power exponent of 1); with <see cref="DataPolicyKind.Accumulate"/>
/// E[excess_t] = σ²d/(T − d − 1)·Σ_{i ≤ t} 1/i², bounded by π²/6 times the first generation's error.
/// <see cref="DataPolicyKind.AccumulateSubsample"/> (a fixed budget of T drawn from the growing pool, Kazdan et al. 2024)
/// grows, but far more slowly than replacing; <see cref="DataPolicyKind.FreshMix"/> (10% fresh real samples a
/// generation) levels off at a plateau.
/// </para>
/// <para>
/// Each trial records generations 0 (the true weights), 1, 2, 5, 10, 20, 50 and 100: <c>excess_loss</c> = ‖ŵ − w‖²,
/// <c>test_loss</c> = σ² + excess (both exact for the real inputs), <c>train_loss</c>, <c>fitted_variance</c> (‖ŵ‖²) and
/// <c>tail_mass</c>. 100 seeds × 100 generations of a cell run in a fraction of a second on the host.
/// </para>
/// </remarks>
[Study("regression-collapse", Seeds = 100, Description = "Linear regression relabelled by its predecessor: replace grows the error linearly, accumulate bounds it")]
public partial class RegressionCollapseStudy
{
    /// <summary>Features d.</summary>
    public const int Features = 10;

    /// <summary>Label noise σ.</summary>
    public const double Noise = 1.0;

    /// <summary>The fresh share of a <see cref="DataPolicyKind.FreshMix"/> generation.</summary>
    public const double FreshFraction = 0.1;

    /// <summary>The last generation.</summary>
    public const int Generations = 100;

    /// <summary>The generations recorded; 0 is the real distribution (the teacher itself).</summary>
    public static IReadOnlyList<int> Checkpoints { get; } = [0, 1, 2, 5, 10, 20, 50, 100];

    /// <summary>Which data each generation fits.</summary>
    [Axis]
    public DataPolicyKind Policy { get; init; }

    /// <summary>Samples per generation, T.</summary>
    [Axis, Values(100, 1000)]
    public int Samples { get; init; }

    /// <summary>The first generation's expected excess error, σ²d/(T − d − 1), in which the closed forms are written.</summary>
    [Derived]
    public double FirstExcess => Noise * Noise * Features / (Samples - Features - 1.0);

    public DataSpec Data => DataSpec.TeacherStudent(inputs: Features, noise: Noise, train: Samples, test: 1);

    public ModelSpec Model => ModelSpec.LinearThroughOrigin();

    public TrainSpec Train => TrainSpec.LeastSquares();

    public CollapseSpec Chain => CollapseSpec.Chain(Generations, DataPolicy.Of(Policy, FreshFraction), Checkpoints);
}
