using Sweep;

namespace MyStudy;

/// <summary>
/// How does test loss fall with model size and data? Random-features ridge regression on a teacher-student task: a
/// fixed random ReLU layer of <see cref="Features"/> units with a least-squares readout, trained on
/// <see cref="TrainSize"/> samples, evaluated on clean and on wider (shifted) inputs. Edit it: every change to an
/// axis, spec or evaluation is checked by the compiler, and results of an edited study are re-run, not reused.
/// </summary>
[Study("my-study", Seeds = 2, Description = "Random-features ridge regression: test loss vs features and samples")]
public partial class MyStudyStudy
{
    [Axis, Geometric(8, 256, Steps = 6)]
    public int Features { get; init; }

    [Axis, Values(256, 1024)]
    public int TrainSize { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => Features;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 16, teacherWidth: 32, noise: 0.1, train: TrainSize, test: 1_000);

    public ModelSpec Model => ModelSpec.RandomFeatures(Features);

    public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-3);

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    [Evaluate]
    public ShiftSpec Wider => ShiftSpec.Covariate(scale: 1.5);

    [Law]
    public LawSpec LossVsFeatures => LawSpec.PowerLaw(x: nameof(Features), y: Metric.TestLoss, by: nameof(TrainSize));
}
