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
    public static CovariateShift Covariate(double scale) => new(scale);

    /// <summary>Additive Gaussian noise of standard deviation <paramref name="sigma"/> on test inputs.</summary>
    /// <param name="sigma">Noise standard deviation.</param>
    public static InputNoiseShift InputNoise(double sigma) => new(sigma);

    /// <summary>Each test label replaced by a uniformly random one with probability <paramref name="rate"/> (classification).</summary>
    /// <param name="rate">Replacement probability in [0, 1].</param>
    public static LabelNoiseShift LabelNoise(double rate) => new(rate);

    /// <summary>The fast gradient sign attack: each test input moved by ε·sign(∇ₓ loss).</summary>
    /// <param name="epsilon">L∞ radius of the perturbation.</param>
    public static AdversarialShift Fgsm(double epsilon) => new(epsilon, 1, epsilon);

    /// <summary>Projected gradient descent on the loss within an L∞ ball of radius ε.</summary>
    /// <param name="epsilon">L∞ radius.</param>
    /// <param name="steps">Attack steps.</param>
    /// <param name="stepSize">Step size; defaults to 2.5·ε/steps.</param>
    public static AdversarialShift Pgd(double epsilon, int steps = 10, double? stepSize = null)
        => new(epsilon, steps, stepSize ?? 2.5 * epsilon / steps);
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

/// <summary>An L∞ adversarial attack; see <see cref="ShiftSpec.Fgsm"/> and <see cref="ShiftSpec.Pgd"/>.</summary>
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
}
