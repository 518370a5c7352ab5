namespace Sweep;

/// <summary>
/// Names of the columns Sweep records, for use in <see cref="LawSpec"/>s and queries. Axis and derived columns
/// are named after their properties; metrics are stored under these names.
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
    public const string Parameters = "parameters";

    /// <summary>Training samples seen, D.</summary>
    public const string Tokens = "tokens";

    /// <summary>Training compute in FLOPs, C.</summary>
    public const string Flops = "flops";

    /// <summary>Trial wall time in seconds.</summary>
    public const string WallSeconds = "wall_seconds";
}
