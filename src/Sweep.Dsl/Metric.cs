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

    /// <summary>The model's trainable parameter count, N.</summary>
    public const string Parameters = "model_parameters";

    /// <summary>Training samples processed, D (steps × batch, or the training-set size for least squares).</summary>
    public const string Tokens = "train_tokens";

    /// <summary>Training compute in FLOPs, C, counted exactly per layer.</summary>
    public const string Flops = "train_flops";

    /// <summary>Trial wall time in seconds.</summary>
    public const string WallSeconds = "wall_seconds";

    /// <summary>
    /// The metrics the built-in engine records for every evaluation of a <see cref="StudyRunMode.Specs"/> study
    /// (<see cref="TestAccuracy"/> and <see cref="CalibrationError"/> for classifiers only). The generator checks a
    /// study's column names and law columns against this list.
    /// </summary>
    public static IReadOnlyList<string> Engine { get; } = [TestLoss, TrainLoss, TestAccuracy, CalibrationError, Parameters, Tokens, Flops];
}
