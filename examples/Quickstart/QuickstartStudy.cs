using Sweep;

namespace Quickstart;

/// <summary>
/// How does test loss fall with model size and data? Random-features ridge regression on a teacher-student task:
/// a fixed random ReLU layer of <see cref="Features"/> units with a least-squares readout, trained on
/// <see cref="TrainSize"/> samples from a one-hidden-layer teacher, evaluated on clean and on wider (shifted) inputs.
/// </summary>
[Study("quickstart", Seeds = 3, Description = "Random-features ridge regression: test loss vs features and samples")]
public partial class QuickstartStudy
{
    [Axis, Geometric(8, 1024, Steps = 8)]
    public int Features { get; init; }

    [Axis, Values(256, 1024, 4096)]
    public int TrainSize { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => Features;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 16, teacherWidth: 32, noise: 0.1, train: TrainSize, test: 2_000);

    public ModelSpec Model => ModelSpec.RandomFeatures(Features);

    public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-3);

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    [Evaluate]
    public ShiftSpec Wider => ShiftSpec.Covariate(scale: 1.5);

    [Law]
    public LawSpec LossVsFeatures => LawSpec.PowerLaw(x: nameof(Features), y: Metric.TestLoss, by: nameof(TrainSize));
}
