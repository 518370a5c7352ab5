namespace Sweep.Dsl.Tests;

/// <summary>
/// The spec records refuse values that cannot run (naming the parameter), count parameters as documented, and
/// compare by value, so two trials with the same description are equal.
/// </summary>
public sealed class SpecTests
{
    public static TheoryData<string, Func<object>> Invalid => new()
    {
        { "inputs", () => DataSpec.TeacherStudent(inputs: 0) },
        { "train", () => DataSpec.TeacherStudent(inputs: 4, train: 0) },
        { "test", () => DataSpec.TeacherStudent(inputs: 4, test: -1) },
        { "teacherWidth", () => DataSpec.TeacherStudent(inputs: 4, teacherWidth: -1) },
        { "noise", () => DataSpec.TeacherStudent(inputs: 4, noise: double.NaN) },
        { "classes", () => DataSpec.TeacherStudent(inputs: 4, classes: 1) },
        { "noise", () => DataSpec.TeacherStudent(inputs: 4, noise: 1.5, classes: 3) },
        { "classes", () => DataSpec.GaussianMixture(inputs: 4, classes: 1) },
        { "separation", () => DataSpec.GaussianMixture(inputs: 4, separation: -1) },
        { "features", () => ModelSpec.RandomFeatures(0) },
        { "hidden", () => ModelSpec.Mlp(16, 0) },
        { "ridge", () => TrainSpec.LeastSquares(-1e-3) },
        { "lr", () => TrainSpec.Sgd(lr: 0, steps: 10) },
        { "lr", () => TrainSpec.Adam(lr: double.PositiveInfinity, steps: 10) },
        { "steps", () => TrainSpec.AdamW(lr: 1e-3, steps: 0) },
        { "batch", () => TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 0) },
        { "scale", () => ShiftSpec.Covariate(0) },
        { "sigma", () => ShiftSpec.InputNoise(-0.1) },
        { "rate", () => ShiftSpec.LabelNoise(1.5) },
        { "epsilon", () => ShiftSpec.Fgsm(-1) },
        { "steps", () => ShiftSpec.Pgd(0.1, steps: 0) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValue_ThrowsNamingTheParameter(string parameter, Func<object> create)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void MlpWithoutLayers_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ModelSpec.Mlp());

        Assert.Equal("hidden", error.ParamName);
    }

    [Fact]
    public void Models_CountParametersWithBiases()
    {
        Assert.Equal(8, ModelSpec.Linear().Parameters(inputs: 3, outputs: 2));
        Assert.Equal(20, ModelSpec.RandomFeatures(10).Parameters(inputs: 3, outputs: 2));
        Assert.Equal(((3 + 1) * 4) + ((4 + 1) * 5) + ((5 + 1) * 1), ModelSpec.Mlp(4, 5).Parameters(inputs: 3, outputs: 1));
    }

    [Fact]
    public void Mlp_ComparesByLayersAndKeepsNoCallerArray()
    {
        int[] hidden = [8, 8];
        MlpModel model = ModelSpec.Mlp(hidden);
        hidden[0] = 99;

        Assert.Equal([8, 8], model.Hidden);
        Assert.Equal(ModelSpec.Mlp(8, 8), model);
        Assert.Equal(ModelSpec.Mlp(8, 8).GetHashCode(), model.GetHashCode());
        Assert.NotEqual(ModelSpec.Mlp(Activation.Gelu, 8, 8), model);
        Assert.Equal("MlpModel { Hidden = [8, 8], Activation = Relu }", model.ToString());
    }

    [Fact]
    public void Data_KnowsItsOutputs()
    {
        Assert.Equal((1, false), (DataSpec.TeacherStudent(inputs: 4).Outputs, DataSpec.TeacherStudent(inputs: 4).IsClassification));
        Assert.Equal((3, true), (DataSpec.TeacherStudent(inputs: 4, classes: 3).Outputs, DataSpec.TeacherStudent(inputs: 4, classes: 3).IsClassification));
        Assert.Equal((5, true), (DataSpec.GaussianMixture(inputs: 4, classes: 5).Outputs, DataSpec.GaussianMixture(inputs: 4, classes: 5).IsClassification));
        Assert.Equal(DataSpec.TeacherStudent(inputs: 4, noise: 0.1), DataSpec.TeacherStudent(inputs: 4, noise: 0.1));
    }

    [Fact]
    public void Pgd_DefaultsItsStepToTwoAndAHalfEpsilonsOverTheSteps()
    {
        AdversarialShift shift = ShiftSpec.Pgd(0.1, steps: 5);

        Assert.Equal(0.05, shift.StepSize, 12);
        Assert.Equal(1, ShiftSpec.Fgsm(0.1).Steps);
        Assert.Same(ShiftSpec.None, ShiftSpec.None);
    }

    [Fact]
    public void Laws_RefuseBlankColumnsAndDefaultToTheFirstEvaluation()
    {
        Assert.Throws<ArgumentException>(() => LawSpec.PowerLaw(x: " ", y: Metric.TestLoss));
        Assert.Throws<ArgumentException>(() => LawSpec.Chinchilla(n: Metric.Parameters, d: string.Empty, loss: Metric.TestLoss));
        Assert.Throws<ArgumentNullException>(() => LawSpec.Peak(x: null!, y: Metric.TestLoss));
        Assert.Throws<ArgumentException>(() => LawSpec.PowerLaw(x: "N", y: Metric.TestLoss, evaluation: string.Empty));

        JointLawSpec kaplan = LawSpec.Kaplan(n: Metric.Parameters, d: Metric.Tokens, loss: Metric.TestLoss);
        Assert.Equal((JointLawForm.Kaplan, LawSpec.FirstEvaluation), (kaplan.Form, kaplan.Evaluation));
        PowerLawSpec power = LawSpec.PowerLaw(x: "N", y: Metric.TestLoss, by: "Arm", irreducible: false, evaluation: "Clean");
        Assert.Equal(("N", Metric.TestLoss, "Arm", false, "Clean"), (power.X, power.Y, power.By, power.Irreducible, power.Evaluation));
    }
}
