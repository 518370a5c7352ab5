namespace Sweep;

/// <summary>
/// How an evaluation's test data differ from the training distribution. Mark properties of this type with
/// <see cref="EvaluateAttribute"/> to evaluate every trained model under each.
/// </summary>
/// <example>
/// <code>
/// [Evaluate] public ShiftSpec Clean   => ShiftSpec.None;
/// [Evaluate] public ShiftSpec Noisy   => ShiftSpec.InputNoise(sigma: 0.5);
/// [Evaluate] public ShiftSpec Attack  => ShiftSpec.Fgsm(epsilon: 0.1);
/// </code>
/// </example>
public abstract record ShiftSpec
{
    private protected ShiftSpec()
    {
    }

    /// <summary>Clean test data from the training distribution.</summary>
    public static NoShift None { get; } = new();

    /// <summary>Covariate shift: test inputs drawn with their scale multiplied by <paramref name="scale"/>.</summary>
    /// <param name="scale">Multiplier of the input distribution's standard deviation.</param>
    public static CovariateShift Covariate([SpecRange(0, MinExclusive = true)] double scale) => new(scale);

    /// <summary>Additive Gaussian noise of standard deviation <paramref name="sigma"/> on test inputs.</summary>
    /// <param name="sigma">Noise standard deviation.</param>
    public static InputNoiseShift InputNoise([SpecRange(0)] double sigma) => new(sigma);

    /// <summary>Each test label replaced by a uniformly random one with probability <paramref name="rate"/> (classification).</summary>
    /// <param name="rate">Replacement probability in [0, 1].</param>
    public static LabelNoiseShift LabelNoise([SpecRange(0, 1)] double rate) => new(rate);

    /// <summary>
    /// Label shift: the class priors change at test while each class's inputs stay as they were (Lipton et al. 2018).
    /// Each test row draws its class from <paramref name="priors"/>, then a random clean test row of that class.
    /// </summary>
    /// <param name="priors">One probability per class, summing to 1.</param>
    /// <example>
    /// <code>
    /// [Evaluate] public ShiftSpec Skewed =&gt; ShiftSpec.LabelShift(0.7, 0.1, 0.1, 0.1);
    /// </code>
    /// </example>
    public static LabelShift LabelShift(params double[] priors) => new(priors);

    /// <summary>
    /// An input corruption at a severity from 1 (mild) to 5 (severe), in the manner of Hendrycks &amp; Dietterich's
    /// ImageNet-C for feature vectors: Gaussian noise of σ = 0.2·severity; impulse noise setting 4, 8, 12, 16 or 20% of
    /// the coordinates to ±3; dropout zeroing 10 to 50% of them; contrast shrinking inputs towards 0 by 0.8, 0.6, 0.45,
    /// 0.3 or 0.2.
    /// </summary>
    /// <param name="kind">The corruption.</param>
    /// <param name="severity">1 to 5.</param>
    /// <example>
    /// <code>
    /// [Evaluate] public ShiftSpec Impulse3 =&gt; ShiftSpec.Corruption(Corruption.Impulse, severity: 3);
    /// </code>
    /// </example>
    public static CorruptionShift Corruption(Corruption kind, [SpecRange(1, 5)] int severity) => new(kind, severity);

    /// <summary>
    /// The data's spurious feature (<see cref="DataSpec.Spurious"/>) at another agreement at test: 1/C decorrelates it,
    /// 0 flips it (the spurious class is never the label); the rest of every input is as in the clean test set.
    /// </summary>
    /// <param name="agreement">The test-time agreement in [0, 1].</param>
    /// <example>
    /// <code>
    /// [Evaluate] public ShiftSpec Flipped =&gt; ShiftSpec.Spurious(agreement: 0);
    /// </code>
    /// </example>
    public static SpuriousShift Spurious([SpecRange(0, 1)] double agreement) => new(agreement);

    /// <summary>The fast gradient sign attack: each test input moved by ε·sign(∇ₓ loss).</summary>
    /// <param name="epsilon">L∞ radius of the perturbation.</param>
    public static AdversarialShift Fgsm([SpecRange(0)] double epsilon) => new(epsilon, 1, epsilon);

    /// <summary>Projected gradient descent on the loss within an L∞ (or L2) ball of radius ε.</summary>
    /// <param name="epsilon">The radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size; defaults to 2.5·ε/steps.</param>
    /// <param name="norm">L∞ (signed-gradient steps, the default) or L2 (normalised-gradient steps; MLPs trained by gradient only).</param>
    public static AdversarialShift Pgd([SpecRange(0)] double epsilon, [SpecRange(1)] int steps = 10, [SpecRange(0)] double? stepSize = null, AttackNorm norm = AttackNorm.LInfinity)
        => new(epsilon, steps, stepSize ?? 2.5 * epsilon / steps) { Norm = norm == AttackNorm.LInfinity ? null : norm };
}

/// <summary>No shift; see <see cref="ShiftSpec.None"/>.</summary>
public sealed record NoShift : ShiftSpec
{
    internal NoShift()
    {
    }
}

/// <summary>Covariate shift; see <see cref="ShiftSpec.Covariate"/>.</summary>
public sealed record CovariateShift : ShiftSpec
{
    internal CovariateShift(double scale)
    {
        SpecGuard.Positive(scale, nameof(scale));
        Scale = scale;
    }

    /// <summary>Multiplier of the input distribution's standard deviation.</summary>
    public double Scale { get; }
}

/// <summary>Input noise; see <see cref="ShiftSpec.InputNoise"/>.</summary>
public sealed record InputNoiseShift : ShiftSpec
{
    internal InputNoiseShift(double sigma)
    {
        SpecGuard.NonNegative(sigma, nameof(sigma));
        Sigma = sigma;
    }

    /// <summary>Noise standard deviation.</summary>
    public double Sigma { get; }
}

/// <summary>Label noise; see <see cref="ShiftSpec.LabelNoise"/>.</summary>
public sealed record LabelNoiseShift : ShiftSpec
{
    internal LabelNoiseShift(double rate)
    {
        if (!(rate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate is a probability in [0, 1].");
        }

        Rate = rate;
    }

    /// <summary>Replacement probability.</summary>
    public double Rate { get; }
}

/// <summary>An L∞ or L2 adversarial attack; see <see cref="ShiftSpec.Fgsm"/> and <see cref="ShiftSpec.Pgd"/>.</summary>
public sealed record AdversarialShift : ShiftSpec
{
    internal AdversarialShift(double epsilon, int steps, double stepSize)
    {
        SpecGuard.NonNegative(epsilon, nameof(epsilon));
        SpecGuard.Positive(steps, nameof(steps));
        SpecGuard.NonNegative(stepSize, nameof(stepSize));
        Epsilon = epsilon;
        Steps = steps;
        StepSize = stepSize;
    }

    /// <summary>L∞ radius.</summary>
    public double Epsilon { get; }

    /// <summary>Attack steps (1 for FGSM).</summary>
    public int Steps { get; }

    /// <summary>Step size per attack step.</summary>
    public double StepSize { get; }

    /// <summary>The ball's norm: null for L∞ (so descriptions from before L2 attacks stay current), or <see cref="AttackNorm.L2"/>.</summary>
    public AttackNorm? Norm { get; init; }
}

/// <summary>Label shift; see <see cref="ShiftSpec.LabelShift"/>.</summary>
/// <example>
/// <code>
/// [Evaluate] public ShiftSpec Skewed =&gt; ShiftSpec.LabelShift(0.5, 0.5, 0, 0);
/// </code>
/// </example>
public sealed record LabelShift : ShiftSpec
{
    private readonly double[] _priors;

    internal LabelShift(double[] priors)
    {
        ArgumentNullException.ThrowIfNull(priors);
        if (priors.Length < 2 || priors.Any(p => !(p >= 0) || double.IsInfinity(p)) || Math.Abs(priors.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"priors are one probability per class (at least 2), each in [0, 1], summing to 1; got [{string.Join(", ", priors)}].", nameof(priors));
        }

        _priors = [.. priors];
    }

    /// <summary>The test-time class priors.</summary>
    public IReadOnlyList<double> Priors => _priors;

    /// <inheritdoc/>
    public bool Equals(LabelShift? other) => other is not null && _priors.AsSpan().SequenceEqual(other._priors);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (double p in _priors)
        {
            hash.Add(p);
        }

        return hash.ToHashCode();
    }

    /// <summary>Prints the priors themselves (batch keys compare evaluations by their text).</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Priors = [").Append(string.Join(", ", _priors.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Append(']');
        return true;
    }
}

/// <summary>The input corruptions of <see cref="ShiftSpec.Corruption"/>.</summary>
public enum Corruption
{
    /// <summary>Additive Gaussian noise, σ = 0.2·severity.</summary>
    GaussianNoise = 0,

    /// <summary>4·severity % of the coordinates set to +3 or −3.</summary>
    Impulse = 1,

    /// <summary>10·severity % of the coordinates set to 0.</summary>
    Dropout = 2,

    /// <summary>Inputs multiplied by 0.8, 0.6, 0.45, 0.3 or 0.2.</summary>
    Contrast = 3,
}

/// <summary>An input corruption; see <see cref="ShiftSpec.Corruption"/>.</summary>
/// <example>
/// <code>
/// [Evaluate] public ShiftSpec Dropout5 =&gt; ShiftSpec.Corruption(Corruption.Dropout, severity: 5);
/// </code>
/// </example>
public sealed record CorruptionShift : ShiftSpec
{
    internal CorruptionShift(Corruption kind, int severity)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a corruption.");
        }

        if (severity is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "severity is 1 (mild) to 5 (severe).");
        }

        Kind = kind;
        Severity = severity;
    }

    /// <summary>The corruption.</summary>
    public Corruption Kind { get; }

    /// <summary>1 to 5.</summary>
    public int Severity { get; }
}

/// <summary>A spurious feature's agreement changed at test; see <see cref="ShiftSpec.Spurious"/>.</summary>
/// <example>
/// <code>
/// [Evaluate] public ShiftSpec Decorrelated =&gt; ShiftSpec.Spurious(agreement: 0.5);
/// </code>
/// </example>
public sealed record SpuriousShift : ShiftSpec
{
    internal SpuriousShift(double agreement)
    {
        if (!(agreement is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(agreement), agreement, "agreement is a probability in [0, 1].");
        }

        Agreement = agreement;
    }

    /// <summary>The test-time agreement.</summary>
    public double Agreement { get; }
}
