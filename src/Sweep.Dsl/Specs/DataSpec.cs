using System.Text.Json.Serialization;

namespace Sweep;

/// <summary>
/// The data a trial trains and evaluates on. Sweep's data is synthetic and generated from the trial's seed, so
/// every run is reproducible with no downloads. Build one with the static factories.
/// </summary>
/// <example>
/// <code>
/// public DataSpec Data => DataSpec.TeacherStudent(inputs: 32, teacherWidth: 128, noise: 0.05, train: TrainSize);
/// </code>
/// </example>
public abstract partial record DataSpec
{
    private protected DataSpec(int inputs, int train, int test)
    {
        SpecGuard.Positive(inputs, nameof(inputs));
        SpecGuard.Positive(train, nameof(train));
        SpecGuard.Positive(test, nameof(test));
        Inputs = inputs;
        Train = train;
        Test = test;
    }

    /// <summary>Input dimension.</summary>
    public int Inputs { get; }

    /// <summary>Training samples.</summary>
    public int Train { get; }

    /// <summary>Test samples per evaluation.</summary>
    public int Test { get; }

    /// <summary>
    /// Validation samples for temperature scaling (Guo et al. 2017), or null for none: the training stream's next
    /// <c>Validation</c> rows after the <see cref="Train"/> it trains on (a held-out split of the training data; the
    /// training rows are unchanged), on which a softmax classifier's temperature T is fitted by minimising the NLL.
    /// Every evaluation then also records <c>softmax_temperature</c>, <c>ece_calibrated</c> and <c>nll_calibrated</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// public DataSpec Data =&gt; DataSpec.GaussianMixture(inputs: 16, classes: 4, train: TrainSize) with { Validation = 1_000 };
    /// </code>
    /// </example>
    [SpecRange(1)]
    public int? Validation
    {
        get => _validation;
        init
        {
            if (value is int rows)
            {
                SpecGuard.Positive(rows, nameof(Validation));
            }

            _validation = value;
        }
    }

    private readonly int? _validation;

    /// <summary>
    /// A spurious feature, or null for none: the last input coordinate also carries a code of a "spurious class" that
    /// agrees with the label at the rate <see cref="SpuriousFeature.Agreement"/> (classification only). Evaluate under
    /// <see cref="ShiftSpec.Spurious"/> to decorrelate or flip it at test.
    /// </summary>
    /// <example>
    /// <code>
    /// public DataSpec Data =&gt; DataSpec.GaussianMixture(inputs: 8, classes: 2, train: 2_000) with { Spurious = new SpuriousFeature(agreement: 0.95, strength: 3) };
    /// </code>
    /// </example>
    public SpuriousFeature? Spurious { get; init; }

    /// <summary>Outputs the model must produce: 1 for regression, the class count for classification.</summary>
    [JsonIgnore]
    public abstract int Outputs { get; }

    /// <summary>Whether targets are classes (cross-entropy) or real values (squared error).</summary>
    [JsonIgnore]
    public abstract bool IsClassification { get; }

    /// <summary>
    /// Inputs x ~ N(0, I); targets from a fixed random teacher: linear (<paramref name="teacherWidth"/> = 0) or a
    /// one-hidden-layer ReLU network of that width, plus Gaussian noise of standard deviation
    /// <paramref name="noise"/>. With <paramref name="classes"/> ≥ 2 the teacher's outputs are logits and the
    /// label is their argmax (noise is then the probability of a uniformly random label).
    /// </summary>
    /// <param name="inputs">Input dimension.</param>
    /// <param name="teacherWidth">Hidden width of the teacher; 0 for a linear teacher.</param>
    /// <param name="noise">Target noise: standard deviation (regression) or label-flip probability (classification).</param>
    /// <param name="train">Training samples.</param>
    /// <param name="test">Test samples.</param>
    /// <param name="classes">0 for regression; at least 2 for classification.</param>
    /// <param name="teacherSeed">Seed of the teacher's weights, shared by every trial so all see the same task.</param>
    public static TeacherStudentData TeacherStudent(
        [SpecRange(1)] int inputs, [SpecRange(0)] int teacherWidth = 0, [SpecRange(0)] double noise = 0.0, [SpecRange(1)] int train = 1_000, [SpecRange(1)] int test = 2_000, int classes = 0, int teacherSeed = 12345)
        => new(inputs, teacherWidth, noise, train, test, classes, teacherSeed);

    /// <summary>
    /// Gaussian-mixture classification: one spherical Gaussian per class, means at distance
    /// <paramref name="separation"/> from the origin in random directions.
    /// </summary>
    /// <param name="inputs">Input dimension.</param>
    /// <param name="classes">Number of classes, at least 2.</param>
    /// <param name="separation">Distance of each class mean from the origin, in units of the noise's standard deviation.</param>
    /// <param name="train">Training samples.</param>
    /// <param name="test">Test samples.</param>
    /// <param name="meansSeed">Seed of the class means, shared by every trial.</param>
    public static GaussianMixtureData GaussianMixture([SpecRange(1)] int inputs, [SpecRange(2)] int classes = 2, [SpecRange(0)] double separation = 2.0, [SpecRange(1)] int train = 1_000, [SpecRange(1)] int test = 2_000, int meansSeed = 12345)
        => new(inputs, classes, separation, train, test, meansSeed);
}

/// <summary>Teacher-student data; see <see cref="DataSpec.TeacherStudent"/>.</summary>
public sealed record TeacherStudentData : DataSpec
{
    internal TeacherStudentData(int inputs, int teacherWidth, double noise, int train, int test, int classes, int teacherSeed)
        : base(inputs, train, test)
    {
        SpecGuard.NonNegative(teacherWidth, nameof(teacherWidth));
        SpecGuard.NonNegative(noise, nameof(noise));
        if (classes is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes is 0 (regression) or at least 2.");
        }

        if (classes >= 2 && noise > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "for classification, noise is a label-flip probability in [0, 1].");
        }

        TeacherWidth = teacherWidth;
        Noise = noise;
        Classes = classes;
        TeacherSeed = teacherSeed;
    }

    /// <summary>Hidden width of the teacher; 0 for a linear teacher.</summary>
    public int TeacherWidth { get; }

    /// <summary>Noise standard deviation (regression) or label-flip probability (classification).</summary>
    public double Noise { get; }

    /// <summary>0 for regression; the number of classes otherwise.</summary>
    public int Classes { get; }

    /// <summary>Seed of the teacher's weights.</summary>
    public int TeacherSeed { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override int Outputs => Classes == 0 ? 1 : Classes;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsClassification => Classes != 0;
}

/// <summary>Gaussian-mixture classification; see <see cref="DataSpec.GaussianMixture"/>.</summary>
public sealed record GaussianMixtureData : DataSpec
{
    internal GaussianMixtureData(int inputs, int classes, double separation, int train, int test, int meansSeed)
        : base(inputs, train, test)
    {
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "a mixture needs at least 2 classes.");
        }

        SpecGuard.NonNegative(separation, nameof(separation));
        Classes = classes;
        Separation = separation;
        MeansSeed = meansSeed;
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Distance of each class mean from the origin.</summary>
    public double Separation { get; }

    /// <summary>Seed of the class means.</summary>
    public int MeansSeed { get; }

    /// <inheritdoc />
    [JsonIgnore]
    public override int Outputs => Classes;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsClassification => true;
}

/// <summary>
/// A feature correlated with the label in training (Sagawa et al. 2020's spurious correlations, for feature vectors):
/// each row's spurious class is its label with probability <see cref="Agreement"/>, else a uniformly random other class,
/// and <c>Strength·(2·c/(C − 1) − 1)</c> for spurious class c is added to the last input coordinate.
/// </summary>
/// <example>
/// <code>
/// var cue = new SpuriousFeature(agreement: 0.9, strength: 2.0);
/// </code>
/// </example>
public sealed record SpuriousFeature
{
    /// <summary>Creates a spurious feature.</summary>
    /// <param name="agreement">How often the spurious class is the label, in [0, 1] (1/C is uncorrelated, 0 always wrong).</param>
    /// <param name="strength">The code's scale, in units of the inputs' noise standard deviation.</param>
    public SpuriousFeature([SpecRange(0, 1)] double agreement, [SpecRange(0, MinExclusive = true)] double strength)
    {
        if (!(agreement is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(agreement), agreement, "agreement is a probability in [0, 1].");
        }

        SpecGuard.Positive(strength, nameof(strength));
        Agreement = agreement;
        Strength = strength;
    }

    /// <summary>How often the spurious class is the label, in [0, 1].</summary>
    [SpecRange(0, 1)]
    public double Agreement
    {
        get => _agreement;
        init => _agreement = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Agreement), value, "agreement is a probability in [0, 1].");
    }

    /// <summary>The code's scale, positive.</summary>
    [SpecRange(0, MinExclusive = true)]
    public double Strength
    {
        get => _strength;
        init
        {
            SpecGuard.Positive(value, nameof(Strength));
            _strength = value;
        }
    }

    private readonly double _agreement;
    private readonly double _strength;
}
