using System.Globalization;

namespace Sweep.Running;

/// <summary>How a sweep runs: which slice, how many trials, how many at once, how many trained together.</summary>
public sealed record RunOptions
{
    /// <summary>Run at most this many pending trials, or all when null.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Run only this shard of the grid, or all of it when null.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>
    /// Trials (or batches) run side by side, each on one thread (DESIGN: the trial is the CPU's unit of parallelism).
    /// Default: <see cref="DefaultParallelism()"/>.
    /// </summary>
    public int Parallelism { get; init; } = DefaultParallelism();

    /// <summary>
    /// The most trials trained together in one batch, or null for the engine's limit (<see cref="Training.ITrialEngine.MaxBatch"/>);
    /// 1 runs every trial on its own.
    /// </summary>
    public int? MaxBatch { get; init; }

    /// <summary>Keep stale trials' stored results as current instead of running them again (<c>--keep-stale</c>).</summary>
    public bool KeepStale { get; init; }

    /// <summary>The arguments, recorded with the run.</summary>
    public string CommandLine { get; init; } = string.Empty;

    /// <summary>
    /// The cores this process may use: <see cref="Environment.ProcessorCount"/> (which honours the process's CPU
    /// affinity and container limits), or fewer when Slurm says so in <c>SLURM_CPUS_PER_TASK</c>.
    /// </summary>
    /// <returns>At least 1.</returns>
    public static int DefaultParallelism() => DefaultParallelism(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), Environment.ProcessorCount);

    /// <summary>The default parallelism for a <c>SLURM_CPUS_PER_TASK</c> value and a processor count.</summary>
    /// <param name="slurmCpusPerTask">The variable's value, or null when unset.</param>
    /// <param name="processorCount">The cores the process may use.</param>
    /// <returns>At least 1.</returns>
    internal static int DefaultParallelism(string? slurmCpusPerTask, int processorCount)
    {
        int cores = Math.Max(1, processorCount);
        return int.TryParse(slurmCpusPerTask, NumberStyles.None, CultureInfo.InvariantCulture, out int slurm) && slurm >= 1 ? Math.Min(slurm, cores) : cores;
    }
}
