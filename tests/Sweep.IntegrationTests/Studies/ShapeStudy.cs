namespace Sweep.IntegrationTests.Studies;

/// <summary>Zipped shapes, an enum axis and a compute-budget constraint on the built-in engine.</summary>
[Study("shapes"), Seeds(7, 11)]
public partial class ShapeStudy
{
    [Axis, Values(16, 64, 256), Zip("shape")]
    public int Features { get; init; }

    [Axis, Values(128, 256, 512), Zip("shape")]
    public int TrainSize { get; init; }

    [Axis]
    public FeatureMap Map { get; init; }

    [Derived(Quantity.Flops)]
    public double Flops => 2.0 * TrainSize * Features * Features;

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 8, teacherWidth: 16, noise: 0.05, train: TrainSize, test: 200);

    public ModelSpec Model => ModelSpec.RandomFeatures(Features, Map);

    public TrainSpec Train => TrainSpec.LeastSquares(ridge: 1e-3);

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    [Evaluate]
    public ShiftSpec Noisy => ShiftSpec.InputNoise(sigma: 0.5);

    [Constraint]
    public bool WithinBudget() => Flops <= 2.0 * 256 * 256 * 512 && !(Map == FeatureMap.Fourier && Features == 256);
}
