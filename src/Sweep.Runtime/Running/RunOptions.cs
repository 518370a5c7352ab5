namespace Sweep.Running;

/// <summary>How a sweep runs: which slice, how many trials, how many at once, how many trained together.</summary>
public sealed record RunOptions
{
    /// <summary>Run at most this many pending trials, or all when null.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Run only this shard of the grid, or all of it when null.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>Trials (or batches) run side by side, each on one thread (DESIGN: the trial is the CPU's unit of parallelism).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The most trials trained together in one batch, or null for the engine's limit (<see cref="Training.ITrialEngine.MaxBatch"/>);
    /// 1 runs every trial on its own.
    /// </summary>
    public int? MaxBatch { get; init; }

    /// <summary>The arguments, recorded with the run.</summary>
    public string CommandLine { get; init; } = string.Empty;
}
