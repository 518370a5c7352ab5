namespace Sweep;

/// <content>How the closed-form generative models of collapse chains are fitted.</content>
public abstract partial record TrainSpec
{
    /// <summary>
    /// Fits a <see cref="GaussianModel"/> by its sample moments: the mean, and the covariance with the
    /// maximum-likelihood divisor M or the unbiased M − 1.
    /// </summary>
    /// <param name="variance">The covariance's divisor.</param>
    /// <returns>The fit.</returns>
    /// <example>
    /// <code>
    /// public TrainSpec Train => TrainSpec.Moments(VarianceEstimator.Unbiased);
    /// </code>
    /// </example>
    public static MomentsTrain Moments(VarianceEstimator variance = VarianceEstimator.MaximumLikelihood) => new(variance);

    /// <summary>
    /// Fits a <see cref="GaussianMixtureModel"/> by expectation maximisation in double precision, from K distinct samples
    /// as means (drawn from the trial's seed), until the mean log-likelihood gains less than
    /// <paramref name="tolerance"/> or after <paramref name="iterations"/> rounds.
    /// </summary>
    /// <param name="iterations">Rounds at most.</param>
    /// <param name="tolerance">The gain in mean log-likelihood (nats per sample) below which it stops.</param>
    /// <returns>The fit.</returns>
    /// <example>
    /// <code>
    /// public TrainSpec Train => TrainSpec.Em(iterations: 200);
    /// </code>
    /// </example>
    public static EmTrain Em([SpecRange(1)] int iterations = 200, [SpecRange(0)] double tolerance = 1e-8) => new(iterations, tolerance);

    /// <summary>
    /// Fits an <see cref="NGramModel"/> from counts with add-k smoothing: p(v | c) = (n(c, v) + k) / (n(c) + k·V); a
    /// context never seen falls back to the unigram counts (smoothed the same way). With k = 0 a token missing from a
    /// generation's data has probability 0 from then on.
    /// </summary>
    /// <param name="smoothing">The pseudo-count k ≥ 0.</param>
    /// <returns>The fit.</returns>
    /// <example>
    /// <code>
    /// public TrainSpec Train => TrainSpec.Counts(smoothing: 0.01);
    /// </code>
    /// </example>
    public static CountsTrain Counts([SpecRange(0)] double smoothing = 0.0) => new(smoothing);
}

/// <summary>Sample moments; see <see cref="TrainSpec.Moments"/>.</summary>
/// <example>
/// <code>
/// MomentsTrain unbiased = TrainSpec.Moments(VarianceEstimator.Unbiased);
/// </code>
/// </example>
public sealed record MomentsTrain : TrainSpec
{
    internal MomentsTrain(VarianceEstimator variance) => Variance = variance;

    /// <summary>The covariance's divisor.</summary>
    public VarianceEstimator Variance { get; }
}

/// <summary>Expectation maximisation; see <see cref="TrainSpec.Em"/>.</summary>
/// <example>
/// <code>
/// EmTrain em = TrainSpec.Em(iterations: 500, tolerance: 1e-10);
/// </code>
/// </example>
public sealed record EmTrain : TrainSpec
{
    internal EmTrain(int iterations, double tolerance)
    {
        SpecGuard.Positive(iterations, nameof(iterations));
        SpecGuard.NonNegative(tolerance, nameof(tolerance));
        Iterations = iterations;
        Tolerance = tolerance;
    }

    /// <summary>Rounds at most.</summary>
    public int Iterations { get; }

    /// <summary>The gain in mean log-likelihood below which it stops.</summary>
    public double Tolerance { get; }
}

/// <summary>Smoothed counts; see <see cref="TrainSpec.Counts"/>.</summary>
/// <example>
/// <code>
/// CountsTrain addOne = TrainSpec.Counts(smoothing: 1.0);   // Laplace smoothing
/// </code>
/// </example>
public sealed record CountsTrain : TrainSpec
{
    internal CountsTrain(double smoothing)
    {
        SpecGuard.NonNegative(smoothing, nameof(smoothing));
        Smoothing = smoothing;
    }

    /// <summary>The pseudo-count k.</summary>
    public double Smoothing { get; }
}

/// <summary>The divisor of a <see cref="MomentsTrain"/>'s covariance.</summary>
/// <example>
/// <code>
/// [Axis] public VarianceEstimator Estimator { get; init; }
/// public TrainSpec Train => TrainSpec.Moments(Estimator);
/// </code>
/// </example>
public enum VarianceEstimator
{
    /// <summary>Divide by M: the maximum-likelihood estimate, biased low by (M − 1)/M.</summary>
    MaximumLikelihood = 0,

    /// <summary>Divide by M − 1: unbiased for the variance (its square root is still biased low, by c4(M)).</summary>
    Unbiased = 1,
}
