namespace Sweep;

/// <summary>
/// Names of the columns Sweep records, for use in <see cref="LawSpec"/>s and queries. Axis and derived columns
/// are named after their properties; metrics are stored under these names. A study's columns (axes, derived
/// properties, the built-in engine's metrics and <see cref="ResultColumns.Reserved"/>) share one namespace, compared
/// ignoring case, so every column of a results table is unambiguous: the engine's counts are named for what they
/// measure (<c>train_flops</c>), leaving <c>Flops</c> free for a derived estimate.
/// </summary>
/// <example>
/// <code>
/// [Law] public LawSpec Loss =&gt; LawSpec.PowerLaw(x: Metric.Parameters, y: Metric.TestLoss);
/// </code>
/// </example>
public static class Metric
{
    /// <summary>Loss on the evaluation's test data (mean squared error or cross-entropy).</summary>
    public const string TestLoss = "test_loss";

    /// <summary>Loss on the training data at the end of training.</summary>
    public const string TrainLoss = "train_loss";

    /// <summary>Classification accuracy on the evaluation's test data, in [0, 1].</summary>
    public const string TestAccuracy = "test_accuracy";

    /// <summary>Expected calibration error on the evaluation's test data (classification).</summary>
    public const string CalibrationError = "ece";

    /// <summary>Maximum calibration error over the 15 equal-width confidence bins of <see cref="CalibrationError"/> (classification).</summary>
    public const string MaxCalibrationError = "mce";

    /// <summary>Brier score: the mean over test samples of Σ_k (p_k − 1[k = label])² (softmax classifiers).</summary>
    public const string Brier = "brier";

    /// <summary>Negative log-likelihood of the test labels under the softmax, in nats (softmax classifiers; equals their test loss).</summary>
    public const string NegativeLogLikelihood = "nll";

    /// <summary>The temperature T fitted on the validation split (<see cref="DataSpec.Validation"/>); the logits are divided by it.</summary>
    public const string Temperature = "softmax_temperature";

    /// <summary>The expected calibration error after temperature scaling (<see cref="DataSpec.Validation"/>).</summary>
    public const string CalibratedError = "ece_calibrated";

    /// <summary>The test NLL after temperature scaling (<see cref="DataSpec.Validation"/>).</summary>
    public const string CalibratedNegativeLogLikelihood = "nll_calibrated";

    /// <summary>
    /// Out-of-distribution detection (Hendrycks &amp; Gimpel 2017): the AUROC of the maximum softmax probability telling
    /// the clean test inputs (positive) from this evaluation's shifted ones, ties counted half; 0.5 is chance. Recorded for
    /// every shifted evaluation of a softmax classifier.
    /// </summary>
    public const string MspAuroc = "msp_auroc";

    /// <summary>The model's trainable parameter count, N.</summary>
    public const string Parameters = "model_parameters";

    /// <summary>Training samples processed, D (steps × batch, or the training-set size for least squares).</summary>
    public const string Tokens = "train_tokens";

    /// <summary>Training compute in FLOPs, C, counted exactly per layer.</summary>
    public const string Flops = "train_flops";

    /// <summary>
    /// Collapse chains: the fitted model's variance, per dimension (the mean of its covariance's diagonal) for
    /// densities, of its predictions over the real inputs for regression.
    /// </summary>
    public const string FittedVariance = "fitted_variance";

    /// <summary>
    /// Collapse chains: the probability the model (as a generator of samples, labels or tokens) gives the real
    /// distribution's rarest decile: for densities the 10% of real mass where the real density is lowest, for
    /// regression the real labels' outer 10% (beyond their 5% and 95% quantiles), for classes and tokens the rarest
    /// ones holding at most 10% of the real mass. The real distribution has 0.1 or just under.
    /// </summary>
    public const string TailMass = "tail_mass";

    /// <summary>Collapse chains of a Gaussian fitted to Gaussian data: the 2-Wasserstein distance to the real distribution, in closed form.</summary>
    public const string Wasserstein2 = "w2_distance";

    /// <summary>
    /// Collapse chains with discrete outputs (classes, tokens): the Kullback–Leibler divergence KL(real ‖ model) of the
    /// next class or token given its input or context, averaged over the real test set, in nats.
    /// </summary>
    public const string KlDivergence = "kl_divergence";

    /// <summary>Collapse chains with discrete outputs: the total variation distance between the real and the model's conditional distributions, averaged over the real test set.</summary>
    public const string TotalVariation = "tv_distance";

    /// <summary>Language-model collapse chains: exp(test loss), the perplexity of real test text under the model.</summary>
    public const string Perplexity = "perplexity";

    /// <summary>Language-model collapse chains: the share of the vocabulary that occurs in the generation's sample of M tokens.</summary>
    public const string VocabularyCoverage = "vocabulary_coverage";

    /// <summary>Linear-regression collapse chains: the test error above the noise floor, E(ŵ·x − w·x)² over real inputs, in closed form.</summary>
    public const string ExcessLoss = "excess_loss";

    /// <summary>Trial wall time in seconds.</summary>
    public const string WallSeconds = "wall_seconds";

    /// <summary>
    /// The metrics the built-in engine records for every evaluation of a <see cref="StudyRunMode.Specs"/> study
    /// (<see cref="TestAccuracy"/> and <see cref="CalibrationError"/> for classifiers only; the metrics from
    /// <see cref="FittedVariance"/> on for the checkpoints of collapse chains, each where it applies). The generator checks a
    /// study's column names and law columns against this list.
    /// </summary>
    public static IReadOnlyList<string> Engine { get; } =
    [
        TestLoss, TrainLoss, TestAccuracy, CalibrationError, Parameters, Tokens, Flops,
        MaxCalibrationError, Brier, NegativeLogLikelihood, Temperature, CalibratedError, CalibratedNegativeLogLikelihood, MspAuroc,
        FittedVariance, TailMass, Wasserstein2, KlDivergence, TotalVariation, Perplexity, VocabularyCoverage, ExcessLoss,
    ];
}
