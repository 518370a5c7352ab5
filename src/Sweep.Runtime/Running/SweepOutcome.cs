namespace Sweep.Running;

/// <summary>What one <c>run</c> of a study did.</summary>
/// <param name="Study">The study's name.</param>
/// <param name="RunId">The run's id in the store.</param>
/// <param name="GridTrials">Trials in the grid (after constraints and the shard).</param>
/// <param name="AlreadyDone">Trials skipped because the store has them done (with <see cref="RunOptions.KeepStale"/>, stale ones too).</param>
/// <param name="Succeeded">Trials this run finished.</param>
/// <param name="Failed">Trials this run recorded as failed.</param>
/// <param name="NotStarted">Pending trials left for later (stopped, or over <see cref="RunOptions.MaxTrials"/>).</param>
/// <param name="Cancelled">Whether the run was stopped early.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record SweepOutcome(
    string Study, long RunId, int GridTrials, int AlreadyDone, int Succeeded, int Failed, int NotStarted, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>Pending trials another process sharing the results folder ran, or was running, when this run reached them.</summary>
    public int RunElsewhere { get; init; }

    /// <summary>Stale trials of this run's grid (re-run, or kept with <see cref="RunOptions.KeepStale"/>).</summary>
    public int Stale { get; init; }

    /// <summary>Stored trials outside this run's grid (other overrides) that are stale too: marked, left for a run that covers them.</summary>
    public int StaleOutsidePlan { get; init; }
}
