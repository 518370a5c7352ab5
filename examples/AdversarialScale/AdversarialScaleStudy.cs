using Sweep;

namespace AdversarialScale;

/// <summary>
/// Does scale buy adversarial robustness, and does adversarial training's cost in clean accuracy shrink with scale?
/// MLP classifiers (16 → w → w → 4, Adam) of width <see cref="Width"/> learn a nonlinear teacher's four classes, trained
/// either normally (<see cref="TrainEpsilon"/> = 0) or adversarially on 3-step L∞ PGD of radius 0.2 (Madry et al.
/// 2018), and are evaluated clean and under a 10-step L∞ PGD attack of the same radius.
/// </summary>
/// <remarks>
/// Expected (Madry et al.): standard training buys clean accuracy with width but little accuracy under attack;
/// adversarial training buys accuracy under attack at every width, at a cost in clean accuracy, and capacity helps it.
/// The measured outcome is in README.md and tested in tests/Sweep.IntegrationTests/Examples/AdversarialScaleExampleTests.cs.
/// </remarks>
[Study("adversarial-scale", Seeds = 3, Description = "MLP classifiers: clean vs PGD accuracy per width, standard vs adversarial training")]
public partial class AdversarialScaleStudy
{
    [Axis, Geometric(8, 256, Steps = 6)]
    public int Width { get; init; }

    /// <summary>The training attack's L∞ radius; 0 trains normally.</summary>
    [Axis, Values(0.0, 0.1, 0.2)]
    public double TrainEpsilon { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => Model.Parameters(Data.Inputs, Data.Outputs);

    public DataSpec Data => DataSpec.TeacherStudent(inputs: 16, teacherWidth: 32, classes: 4, train: 4_096, test: 2_000);

    public ModelSpec Model => ModelSpec.Mlp(Width, Width);

    public TrainSpec Train => TrainSpec.Adam(lr: 3e-3, steps: 2_000, batch: 128)
        with { Adversarial = TrainEpsilon > 0 ? AdversarialTraining.Pgd(epsilon: TrainEpsilon, steps: 3) : null };

    [Evaluate]
    public ShiftSpec Clean => ShiftSpec.None;

    [Evaluate]
    public ShiftSpec Attacked => ShiftSpec.Pgd(epsilon: 0.2, steps: 10);
}
