namespace Sweep.Storage;

/// <summary>A trial read back from the store, with its metrics grouped by evaluation.</summary>
/// <param name="Study">The study's name.</param>
/// <param name="Key">The stable key.</param>
/// <param name="Index">The grid index it ran with.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Axes">Axis values by name, in declaration order.</param>
/// <param name="Derived">Derived values by name, in declaration order.</param>
/// <param name="Status">Done or failed.</param>
/// <param name="Error">The failure message, or null.</param>
/// <param name="WallSeconds">Wall time; for trials trained together in a batch, the batch's wall time divided by its size.</param>
/// <param name="Backend">The backend that ran it.</param>
/// <param name="RunId">The run it belongs to.</param>
/// <param name="Attempts">How many times it was attempted (failed attempts are retried).</param>
/// <param name="Metrics">Metrics: evaluation → metric → value.</param>
public sealed record StoredTrial(
    string Study,
    string Key,
    long Index,
    int Seed,
    IReadOnlyList<KeyValuePair<string, StoredValue>> Axes,
    IReadOnlyList<KeyValuePair<string, StoredValue>> Derived,
    TrialStatus Status,
    string? Error,
    double WallSeconds,
    string Backend,
    long? RunId,
    int Attempts,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics)
{
    /// <summary>The stored description's identity, or null for a row stored without one.</summary>
    public string? Identity { get; init; }

    /// <summary>The stored description (canonical JSON), or null.</summary>
    public string? DescriptionJson { get; init; }

    /// <summary>Whether a run marked this row stale (read only with <c>includeStale</c>).</summary>
    public bool MarkedStale { get; init; }

    /// <summary>Evaluation → its stored reliability diagram (probabilistic classifiers); empty when none was stored.</summary>
    public IReadOnlyDictionary<string, Training.ReliabilityDiagram> Reliability { get; init; } = new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal);

    /// <summary>Evaluation → the stored reliability diagram of the temperature-scaled model, softmax(logits / T); empty when none was stored.</summary>
    public IReadOnlyDictionary<string, Training.ReliabilityDiagram> CalibratedReliability { get; init; } = new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal);

    /// <summary>An axis value by name, or null.</summary>
    /// <param name="name">The axis name.</param>
    /// <returns>The value, or null.</returns>
    public StoredValue? Axis(string name)
    {
        foreach (KeyValuePair<string, StoredValue> axis in Axes)
        {
            if (string.Equals(axis.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return axis.Value;
            }
        }

        return null;
    }

    /// <summary>The cell key: the axis values without the seed.</summary>
    public string CellKey => string.Join(";", Axes.Select(a => $"{a.Key}={a.Value.Text}"));
}
