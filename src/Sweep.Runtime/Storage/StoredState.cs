namespace Sweep.Storage;

/// <summary>What the store holds of a trial key: its current row's status, description and whether a run marked it stale.</summary>
/// <param name="Status">Done or failed.</param>
/// <param name="Identity">The stored description's identity, or null for a row stored without one (by an older Sweep).</param>
/// <param name="DescriptionJson">The stored description, or null.</param>
/// <param name="MarkedStale">Whether a run found the study's current description of this trial different and marked it.</param>
public sealed record StoredState(TrialStatus Status, string? Identity, string? DescriptionJson, bool MarkedStale);
