namespace Sweep.Kernels;

/// <summary>
/// Synthetic data, generated from Philox keyed by the trial's seed (samples) and a task seed (the teacher or the
/// class means, shared by every trial so all see the same task). The runtime maps Sweep.Dsl's <c>DataSpec</c>
/// onto these records one to one.
/// </summary>
/// <param name="Inputs">Input dimension d.</param>
/// <param name="Train">Training samples n.</param>
/// <param name="Test">Test samples per evaluation.</param>
public abstract record DatasetConfig(int Inputs, int Train, int Test)
{
    /// <summary>Validation samples (0 for none), drawn from the training distribution on their own stream.</summary>
    public int Validation { get; init; }

    /// <summary>Outputs a model must produce: 1 for regression, the class count for classification.</summary>
    public abstract int Outputs { get; }

    /// <summary>Whether targets are class labels (softmax cross-entropy) rather than real values (squared error).</summary>
    public abstract bool IsClassification { get; }

    /// <summary>Linear regression with a Gaussian design: x ~ N(0, I), y = w·x + noise·ε with w ~ N(0, I/d).</summary>
    /// <param name="inputs">d.</param>
    /// <param name="noise">Standard deviation of the target noise.</param>
    /// <param name="train">Training samples.</param>
    /// <param name="test">Test samples.</param>
    /// <param name="teacherSeed">Seed of w.</param>
    /// <returns>The configuration (a teacher-student task with a linear teacher).</returns>
    public static TeacherStudentConfig LinearRegression(int inputs, double noise, int train, int test, long teacherSeed = 12345)
        => new(inputs, 0, noise, train, test, 0, teacherSeed);

    /// <summary>Throws when a size is not positive.</summary>
    protected void ValidateSizes()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Inputs, 1, nameof(Inputs));
        ArgumentOutOfRangeException.ThrowIfLessThan(Train, 1, nameof(Train));
        ArgumentOutOfRangeException.ThrowIfLessThan(Test, 1, nameof(Test));
        ArgumentOutOfRangeException.ThrowIfNegative(Validation, nameof(Validation));
    }
}

/// <summary>
/// Teacher-student data: x ~ N(0, I_d); the teacher is linear (<paramref name="TeacherWidth"/> = 0) or a
/// one-hidden-layer ReLU network <c>f(x) = a·relu(Wx)</c> with W ~ N(0, I/d) and a ~ N(0, 2/width), so
/// Var f ≈ 1. Regression: y = f(x) + noise·ε. Classification (<paramref name="Classes"/> ≥ 2): the teacher has
/// one output per class and the label is the argmax, replaced by a uniform random label with probability noise.
/// </summary>
/// <param name="Inputs">Input dimension d.</param>
/// <param name="TeacherWidth">Hidden width of the teacher; 0 for a linear teacher.</param>
/// <param name="Noise">Target noise standard deviation, or the label-flip probability for classification.</param>
/// <param name="Train">Training samples.</param>
/// <param name="Test">Test samples.</param>
/// <param name="Classes">0 for regression; the class count otherwise.</param>
/// <param name="TeacherSeed">Seed of the teacher's weights.</param>
/// <example>
/// <code>
/// var data = new TeacherStudentConfig(Inputs: 32, TeacherWidth: 128, Noise: 0.05, Train: 4_000, Test: 2_000);
/// </code>
/// </example>
public sealed record TeacherStudentConfig(int Inputs, int TeacherWidth, double Noise, int Train, int Test, int Classes = 0, long TeacherSeed = 12345)
    : DatasetConfig(Inputs, Train, Test)
{
    /// <inheritdoc />
    public override int Outputs => Classes == 0 ? 1 : Classes;

    /// <inheritdoc />
    public override bool IsClassification => Classes != 0;

    /// <summary>Throws when the configuration is invalid.</summary>
    public void Validate()
    {
        ValidateSizes();
        ArgumentOutOfRangeException.ThrowIfNegative(TeacherWidth, nameof(TeacherWidth));
        if (Classes is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "classes is 0 (regression) or at least 2.");
        }

        if (Noise < 0 || (Classes >= 2 && Noise > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "noise is a standard deviation ≥ 0, or a flip probability in [0, 1].");
        }
    }
}

/// <summary>
/// Gaussian-mixture classification: class c ~ U{0…C−1}, x = μ_c + ε with ε ~ N(0, I) and the means at distance
/// <paramref name="Separation"/> from the origin in random directions.
/// </summary>
/// <param name="Inputs">Input dimension d.</param>
/// <param name="Classes">Number of classes, at least 2.</param>
/// <param name="Separation">‖μ_c‖, in units of the noise's standard deviation.</param>
/// <param name="Train">Training samples.</param>
/// <param name="Test">Test samples.</param>
/// <param name="MeansSeed">Seed of the means.</param>
/// <example>
/// <code>
/// var data = new GaussianMixtureConfig(Inputs: 16, Classes: 4, Separation: 2.5, Train: 2_000, Test: 2_000);
/// </code>
/// </example>
public sealed record GaussianMixtureConfig(int Inputs, int Classes, double Separation, int Train, int Test, long MeansSeed = 12345)
    : DatasetConfig(Inputs, Train, Test)
{
    /// <inheritdoc />
    public override int Outputs => Classes;

    /// <inheritdoc />
    public override bool IsClassification => true;

    /// <summary>Throws when the configuration is invalid.</summary>
    public void Validate()
    {
        ValidateSizes();
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 2, nameof(Classes));
        ArgumentOutOfRangeException.ThrowIfNegative(Separation, nameof(Separation));
    }
}

/// <summary>What an evaluation changes about the test data.</summary>
public enum ShiftKind
{
    /// <summary>Clean test data.</summary>
    None = 0,

    /// <summary>Inputs drawn with their noise scaled (x ~ N(0, s²I) for a teacher; μ_c + s·ε for a mixture); labels follow the new inputs.</summary>
    Covariate = 1,

    /// <summary>Gaussian noise of standard deviation σ added to clean inputs; labels stay those of the clean inputs.</summary>
    InputNoise = 2,

    /// <summary>Each label replaced with probability r: by a uniform class, or for regression by the target of a random other test sample.</summary>
    LabelNoise = 3,

    /// <summary>An L∞ attack on the clean inputs: FGSM (one step of ε) or PGD (steps of a given size, projected onto the ε-ball).</summary>
    Adversarial = 4,
}

/// <summary>How an evaluation's test data differ from the training distribution.</summary>
/// <param name="Kind">The shift.</param>
/// <param name="Amount">Scale (covariate), σ (input noise), rate (label noise) or ε (adversarial).</param>
/// <param name="Steps">Attack steps (1 for FGSM).</param>
/// <param name="StepSize">Attack step size.</param>
/// <example>
/// <code>
/// var evaluations = new[] { new EvaluationConfig("clean", ShiftConfig.None), new EvaluationConfig("pgd", ShiftConfig.Pgd(0.1, steps: 10)) };
/// </code>
/// </example>
public sealed record ShiftConfig(ShiftKind Kind, double Amount = 0, int Steps = 1, double StepSize = 0)
{
    /// <summary>Clean test data.</summary>
    public static ShiftConfig None { get; } = new(ShiftKind.None);

    /// <summary>Covariate shift: the input distribution's scale multiplied by <paramref name="scale"/>.</summary>
    /// <param name="scale">The multiplier.</param>
    /// <returns>The shift.</returns>
    public static ShiftConfig Covariate(double scale) => new(ShiftKind.Covariate, scale);

    /// <summary>Additive Gaussian input noise.</summary>
    /// <param name="sigma">Its standard deviation.</param>
    /// <returns>The shift.</returns>
    public static ShiftConfig InputNoise(double sigma) => new(ShiftKind.InputNoise, sigma);

    /// <summary>Label noise on the test set.</summary>
    /// <param name="rate">Replacement probability.</param>
    /// <returns>The shift.</returns>
    public static ShiftConfig LabelNoise(double rate) => new(ShiftKind.LabelNoise, rate);

    /// <summary>The fast gradient sign method: one step of size ε.</summary>
    /// <param name="epsilon">L∞ radius.</param>
    /// <returns>The shift.</returns>
    public static ShiftConfig Fgsm(double epsilon) => new(ShiftKind.Adversarial, epsilon, 1, epsilon);

    /// <summary>Projected gradient descent on the loss within the L∞ ball (no random start).</summary>
    /// <param name="epsilon">L∞ radius.</param>
    /// <param name="steps">Steps.</param>
    /// <param name="stepSize">Step size; 2.5·ε/steps when null.</param>
    /// <returns>The shift.</returns>
    public static ShiftConfig Pgd(double epsilon, int steps = 10, double? stepSize = null)
        => new(ShiftKind.Adversarial, epsilon, steps, stepSize ?? (2.5 * epsilon / steps));
}

/// <summary>A named evaluation of a trained model.</summary>
/// <param name="Name">The name its metrics are stored under.</param>
/// <param name="Shift">The test data's shift.</param>
public sealed record EvaluationConfig(string Name, ShiftConfig Shift)
{
    /// <summary>The default single evaluation: clean test data, named "test".</summary>
    public static IReadOnlyList<EvaluationConfig> CleanOnly { get; } = [new("test", ShiftConfig.None)];
}

/// <summary>
/// Data the caller already has (for example, samples a previous generation's model produced in a model-collapse
/// study): training and clean test sets as given. Shifts that redraw inputs (covariate) are not available; input
/// noise, label noise and attacks apply to the given test set.
/// </summary>
/// <param name="TrainSet">The training set.</param>
/// <param name="TestSet">The clean test set.</param>
/// <example>
/// <code>
/// var data = new ProvidedDataConfig(generatedTrain, cleanTest);
/// TrialResult next = Trials.Run(backend, trial with { Data = data });
/// </code>
/// </example>
public sealed record ProvidedDataConfig(Dataset TrainSet, Dataset TestSet)
    : DatasetConfig(TrainSet?.Inputs ?? 0, TrainSet?.Rows ?? 0, TestSet?.Rows ?? 0)
{
    /// <inheritdoc />
    public override int Outputs => TrainSet.Outputs;

    /// <inheritdoc />
    public override bool IsClassification => TrainSet.IsClassification;

    /// <summary>Throws when the sets are missing or do not match.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TrainSet);
        ArgumentNullException.ThrowIfNull(TestSet);
        ValidateSizes();
        if (TestSet.Inputs != TrainSet.Inputs || TestSet.Outputs != TrainSet.Outputs || TestSet.IsClassification != TrainSet.IsClassification)
        {
            throw new ArgumentException("the test set's shape differs from the training set's.");
        }
    }
}
