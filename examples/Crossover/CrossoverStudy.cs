using Sweep;

namespace Crossover;

/// <summary>How each arm is fitted.</summary>
public enum Method
{
    /// <summary>A linear model: few parameters, little variance, but it cannot follow the teacher's kinks.</summary>
    Linear,

    /// <summary>512 random ReLU features with a ridge readout: flexible, but it needs data to pin its readout down.</summary>
    RandomFeatures,
}

/// <summary>
/// Where does a flexible model overtake a simple one as data grows? Both arms learn the same nonlinear teacher (a
/// one-hidden-layer ReLU network on 8 inputs) from the same samples, solved exactly by ridge least squares; only
/// the model differs. Three seeds per cell.
/// </summary>
/// <remarks>
/// Expected: with little data the linear model wins (its few parameters are estimated well; the random features
/// overfit the noise); with much data the random features win (they can represent the teacher, the linear model
/// plateaus at its misfit). One power law <c>E + A·n^−α</c> per method, and the report's crossover table says at
/// which training-set size the fitted curves cross, with a bootstrap interval, and whether that is inside the
/// measured range.
/// </remarks>
[Study("crossover", Seeds = 3, Description = "Linear vs random-features regression: where the flexible model overtakes the simple one as data grows")]
public partial class CrossoverStudy
{
    /// <summary>The arm.</summary>
    [Axis]
    public Method Method { get; init; }

    /// <summary>Training samples n, from 64 to 16,384.</summary>
    [Axis, Geometric(64, 16_384, Steps = 9)]
    public int TrainSize { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => Model.Parameters(Data.Inputs, Data.Outputs);

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 8, teacherWidth: 32, noise: 1.0, train: TrainSize, test: 4_096);

    public ModelSpec Model => Method == Method.Linear ? ModelSpec.Linear() : ModelSpec.RandomFeatures(512);

    public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-2);

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    /// <summary>Test loss against data, one power law per method; the report says where the two cross.</summary>
    [Law]
    public LawSpec LossVsData => LawSpec.PowerLaw(x: nameof(TrainSize), y: Metric.TestLoss, by: nameof(Method));
}
