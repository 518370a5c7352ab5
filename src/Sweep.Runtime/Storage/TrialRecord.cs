namespace Sweep.Storage;

/// <summary>A finished trial, as the runner hands it to the store.</summary>
/// <param name="Study">The study's name.</param>
/// <param name="Key">The trial's stable key.</param>
/// <param name="Index">Its index in the grid it ran from.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Axes">Its axis values.</param>
/// <param name="Derived">Its derived columns.</param>
/// <param name="Status">Done or failed.</param>
/// <param name="Error">The failure message, or null.</param>
/// <param name="WallSeconds">Wall time of the trial; for trials trained together in a batch, the batch's wall time divided by its size.</param>
/// <param name="Backend">The backend that ran it.</param>
/// <param name="RunId">The run it belongs to.</param>
/// <param name="Metrics">Its metrics (empty when failed).</param>
public sealed record TrialRecord(
    string Study,
    string Key,
    long Index,
    int Seed,
    IReadOnlyList<AxisValue> Axes,
    IReadOnlyList<DerivedValue> Derived,
    TrialStatus Status,
    string? Error,
    double WallSeconds,
    string Backend,
    long? RunId,
    IReadOnlyList<MetricValue> Metrics)
{
    /// <summary>The trial's canonical description (<see cref="Running.TrialDescription.Json"/>), or null when unknown.</summary>
    public string? DescriptionJson { get; init; }

    /// <summary>The description's identity (<see cref="Running.TrialDescription.Identity"/>), or null when unknown.</summary>
    public string? Identity { get; init; }

    /// <summary>Evaluation → its reliability diagram (probabilistic classifiers), stored in the <c>reliability</c> table; empty for none.</summary>
    public IReadOnlyDictionary<string, Training.ReliabilityDiagram> Reliability { get; init; } = new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal);

    /// <summary>Evaluation → the temperature-scaled model's reliability diagram, stored in the <c>calibrated_reliability</c> table; empty for none.</summary>
    public IReadOnlyDictionary<string, Training.ReliabilityDiagram> CalibratedReliability { get; init; } = new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal);

    /// <summary>A finished trial of a description.</summary>
    /// <param name="description">The trial.</param>
    /// <param name="status">Done or failed.</param>
    /// <param name="error">The failure message, or null.</param>
    /// <param name="wallSeconds">Its wall time.</param>
    /// <param name="backend">The backend that ran it.</param>
    /// <param name="runId">The run.</param>
    /// <param name="metrics">Its metrics (empty when failed).</param>
    /// <returns>The record.</returns>
    public static TrialRecord From(
        Running.TrialDescription description, TrialStatus status, string? error, double wallSeconds, string backend, long? runId, IReadOnlyList<MetricValue> metrics)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new TrialRecord(
            description.Study, description.Key, description.Index, description.Seed, description.Axes, description.Derived, status, error, wallSeconds, backend, runId, metrics)
        {
            DescriptionJson = description.Json,
            Identity = description.Identity,
        };
    }
}
