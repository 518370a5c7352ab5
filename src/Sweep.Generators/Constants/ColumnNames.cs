using System.Collections.Immutable;

namespace Sweep.Generators.Constants;

/// <summary>
/// The column names Sweep.Dsl fixes, mirrored because the generator cannot reference Sweep.Dsl at run time (it loads
/// into the compiler without dependencies). tests/Sweep.Dsl.Tests checks that each list equals its Dsl original.
/// </summary>
internal static class ColumnNames
{
    /// <summary>
    /// The metrics the built-in engine records, mirroring <c>Sweep.Metric.Engine</c>: columns of every specs study,
    /// which its axes and derived properties must not take, and which its laws may name.
    /// </summary>
    public static readonly ImmutableArray<string> EngineMetrics =
        [
            "test_loss", "train_loss", "test_accuracy", "ece", "model_parameters", "train_tokens", "train_flops",
            "mce", "brier", "nll", "softmax_temperature", "ece_calibrated", "nll_calibrated", "msp_auroc",
            "fitted_variance", "tail_mass", "w2_distance", "kl_divergence", "tv_distance", "perplexity", "vocabulary_coverage", "excess_loss",
        ];

    /// <summary>
    /// The columns every results table has, mirroring <c>Sweep.ResultColumns.Reserved</c>: no axis or derived property
    /// may take one of these names.
    /// </summary>
    public static readonly ImmutableArray<string> Reserved =
        ["key", "seed", "evaluation", "wall_seconds", "backend", "status", "error"];

    /// <summary>The seed column (<c>Sweep.ResultColumns.Seed</c>), which a law may also name (seeds as replicates or groups).</summary>
    public const string Seed = "seed";
}
