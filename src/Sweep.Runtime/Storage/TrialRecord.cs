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
    IReadOnlyList<MetricValue> Metrics);
