using Sweep.Storage;

namespace Sweep.Running;

/// <summary>A trial of a plan with its estimated cost and what the store already has of it.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Cost">Its estimated cost, in <see cref="SweepPlan.CostUnit"/>.</param>
/// <param name="Stored">Its status in the store, or null if never run.</param>
public sealed record PlannedTrial(Trial Trial, double Cost, TrialStatus? Stored);

/// <summary>One grid point (all its seeds) of a plan.</summary>
/// <param name="Axes">The point's axis values.</param>
/// <param name="Trials">Its trials (one per seed) in this plan.</param>
/// <param name="Done">How many the store has done.</param>
/// <param name="CostPerTrial">Estimated cost of one trial.</param>
public sealed record PlannedCell(IReadOnlyList<AxisValue> Axes, int Trials, int Done, double CostPerTrial)
{
    /// <summary>The cell's axis values as <c>A=1 B=2</c>.</summary>
    public string Label => Axes.Count == 0 ? "(no axes)" : string.Join(" ", Axes.Select(a => $"{a.Name}={a.Text}"));
}

/// <summary>
/// What a run will do before it starts: the trials of the grid (after constraints, overrides and the shard),
/// which are already done, which will run, and what each costs.
/// </summary>
/// <param name="Study">The study.</param>
/// <param name="Grid">The grid it was planned from.</param>
/// <param name="Trials">Every trial of the grid in this shard.</param>
/// <param name="Pending">The trials that will run, in order.</param>
/// <param name="CostUnit">What costs are measured in: <c>FLOPs</c>, or <c>trials</c> when nothing estimates them.</param>
public sealed record SweepPlan(StudyDescriptor Study, TrialGrid Grid, IReadOnlyList<PlannedTrial> Trials, IReadOnlyList<PlannedTrial> Pending, string CostUnit)
{
    /// <summary>Trials the store has done.</summary>
    public int AlreadyDone => Trials.Count(t => t.Stored == TrialStatus.Done);

    /// <summary>Trials the store has as failed (they run again).</summary>
    public int PreviouslyFailed => Trials.Count(t => t.Stored == TrialStatus.Failed);

    /// <summary>The pending trials' total cost.</summary>
    public double PendingCost => Pending.Sum(t => t.Cost);

    /// <summary>The plan's trials grouped by grid point, in grid order.</summary>
    public IReadOnlyList<PlannedCell> Cells
        => Trials
            .GroupBy(t => string.Join(";", t.Trial.Axes.Select(a => a.Text)), StringComparer.Ordinal)
            .Select(g => new PlannedCell(g.First().Trial.Axes, g.Count(), g.Count(t => t.Stored == TrialStatus.Done), g.First().Cost))
            .ToArray();
}

/// <summary>Builds a <see cref="SweepPlan"/> from a grid, the store's states and the run options.</summary>
public static class SweepPlanner
{
    /// <summary>Plans a run.</summary>
    /// <param name="grid">The grid (overrides applied).</param>
    /// <param name="stored">The store's status of each trial key.</param>
    /// <param name="options">The shard and trial limit.</param>
    /// <param name="estimate">Estimates a spec-based trial's cost in FLOPs, or null.</param>
    /// <returns>The plan.</returns>
    public static SweepPlan Plan(TrialGrid grid, IReadOnlyDictionary<string, TrialStatus> stored, RunOptions options, Func<TrialSpec, double>? estimate)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(options);
        List<(Trial Trial, double? Flops)> inShard = [];
        foreach (Trial trial in grid)
        {
            if (options.Shard is not ShardSpec shard || shard.Includes(trial.Index))
            {
                double? flops = trial.EstimatedFlops;
                if (flops is null && estimate is not null)
                {
                    flops = TryEstimate(trial, estimate);
                }

                inShard.Add((trial, flops));
            }
        }

        bool allEstimated = inShard.Count > 0 && inShard.All(t => t.Flops is > 0);
        string unit = allEstimated ? "FLOPs" : "trials";
        List<PlannedTrial> trials = inShard
            .Select(t => new PlannedTrial(t.Trial, allEstimated ? t.Flops!.Value : 1.0, stored.TryGetValue(t.Trial.Key, out TrialStatus status) ? status : null))
            .ToList();
        IEnumerable<PlannedTrial> pending = trials.Where(t => t.Stored != TrialStatus.Done);
        if (options.MaxTrials is int max)
        {
            pending = pending.Take(Math.Max(0, max));
        }

        return new SweepPlan(grid.Study, grid, trials, pending.ToArray(), unit);
    }

    /// <summary>
    /// The engine's estimate of a spec-based trial, or null when its spec cannot be built (a value the study's specs
    /// reject): planning must not throw for it; the trial fails when it runs and is stored with that message.
    /// </summary>
    private static double? TryEstimate(Trial trial, Func<TrialSpec, double> estimate)
    {
        try
        {
            return trial.Describe() is TrialSpec spec ? estimate(spec) : null;
        }
#pragma warning disable CA1031 // Whatever the study's spec code throws belongs to the trial, which the executor stores as failed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
