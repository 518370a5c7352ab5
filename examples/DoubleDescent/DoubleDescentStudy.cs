using Sweep;

namespace DoubleDescent;

/// <summary>
/// Where does test error peak as model size passes the interpolation threshold, and does regularisation remove the
/// peak? Random-features regression (a fixed random ReLU layer of <see cref="Features"/> units, least-squares
/// readout) on a noisy teacher-student task with a fixed training set of <see cref="TrainSize"/> samples, swept from
/// n/8 to 8n features, densely around p = n.
/// </summary>
/// <remarks>
/// Expected: with the minimum-norm fit (<see cref="Ridge"/> = 0) test loss first falls, then rises sharply to a peak
/// at p ≈ n, where the model just interpolates the noisy labels with a badly conditioned feature matrix, then falls
/// again as the extra features let the minimum-norm solution spread the noise thin (double descent). A small ridge
/// penalty bounds the readout's norm near p = n and the peak disappears: with λ = 1e-2 the curve falls and then stays
/// flat; λ = 1e-3 leaves a low bump. Far past the threshold (p = 8n) the minimum-norm fit beats every
/// under-parameterised one. The report's <see cref="Threshold"/> table locates each ridge's peak with an interval.
/// </remarks>
[Study("double-descent", Seeds = 10, Description = "Min-norm vs ridge random-features regression: test loss peaks at features = samples")]
public partial class DoubleDescentStudy
{
    /// <summary>Training samples, n: the interpolation threshold is at <see cref="Features"/> = n.</summary>
    public const int TrainSize = 200;

    /// <summary>Random features p, from n/8 to 8n, denser within ±25% of n.</summary>
    [Axis, Values(25, 50, 100, 140, 170, 185, 195, 200, 205, 215, 230, 260, 300, 400, 800, 1600)]
    public int Features { get; init; }

    /// <summary>The ridge penalty λ on the readout (the loss is the mean squared error + λ‖w‖²); 0 is the minimum-norm fit.</summary>
    [Axis, Values(0.0, 1e-3, 1e-2)]
    public double Ridge { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => Features;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 8, teacherWidth: 32, noise: 0.2, train: TrainSize, test: 2_000);

    public ModelSpec Model => ModelSpec.RandomFeatures(Features);

    public TrainSpec Train => TrainSpec.LeastSquares(Ridge);

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    /// <summary>Where test loss peaks along the features for each ridge, with intervals over seeds (the report's table).</summary>
    [Law]
    public LawSpec Threshold => LawSpec.Peak(x: nameof(Features), y: Metric.TestLoss, by: nameof(Ridge));
}
