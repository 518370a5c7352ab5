using Sweep.Storage;

namespace Sweep.Running;

/// <summary>Where a planned trial stands against the store.</summary>
public enum PlannedStatus
{
    /// <summary>Never run.</summary>
    New = 0,

    /// <summary>Done, with the description the study gives it now.</summary>
    Done = 1,

    /// <summary>Done, but with another description (the study changed, or an older Sweep stored it without one).</summary>
    Stale = 2,

    /// <summary>Failed before; it runs again.</summary>
    Failed = 3,
}

/// <summary>A trial of a plan: its description, its estimated cost, and what the store already has of it.</summary>
/// <param name="Description">The trial, described once.</param>
/// <param name="Cost">Its estimated cost, in <see cref="SweepPlan.CostUnit"/>.</param>
/// <param name="Stored">Its current row in the store, or null if never run.</param>
public sealed record PlannedTrial(TrialDescription Description, double Cost, StoredState? Stored)
{
    /// <summary>The trial.</summary>
    public Trial Trial => Description.Trial;

    /// <summary>Where it stands against the store.</summary>
    public PlannedStatus Status => Stored switch
    {
        null => PlannedStatus.New,
        { Status: TrialStatus.Failed } => PlannedStatus.Failed,
        { Identity: string identity } when identity == Description.Identity => PlannedStatus.Done,
        _ => PlannedStatus.Stale,
    };

    /// <summary>Done, but its stored description holds other derived values (or a stale mark from a run of a since-reverted study): refreshed in place, not re-run.</summary>
    public bool NeedsRefresh => Status == PlannedStatus.Done && (Stored!.DescriptionJson != Description.Json || Stored.MarkedStale);

    /// <summary>For a stale trial, what changed (<c>Data.Noise 0.1 → 0.2</c>); otherwise null.</summary>
    public string? StaleReason => Status == PlannedStatus.Stale ? Description.DifferenceFrom(Stored!.DescriptionJson) : null;
}

/// <summary>One grid point (all its seeds) of a plan.</summary>
/// <param name="Axes">The point's axis values.</param>
/// <param name="Trials">Its trials (one per seed) in this plan.</param>
/// <param name="Done">How many the store has done with their current description.</param>
/// <param name="CostPerTrial">Estimated cost of one trial.</param>
/// <param name="Stale">How many the store has done with another description.</param>
public sealed record PlannedCell(IReadOnlyList<AxisValue> Axes, int Trials, int Done, double CostPerTrial, int Stale = 0)
{
    /// <summary>The cell's axis values as <c>A=1 B=2</c>.</summary>
    public string Label => Axes.Count == 0 ? "(no axes)" : string.Join(" ", Axes.Select(a => $"{a.Name}={a.Text}"));
}

/// <summary>Stale trials that changed the same way: how many, and what changed.</summary>
/// <param name="Change">What changed (<c>Data.Noise 0.1 → 0.2</c>).</param>
/// <param name="Count">How many trials.</param>
/// <param name="Example">One of their keys.</param>
public sealed record StaleGroup(string Change, int Count, string Example)
{
    /// <summary>
    /// One line on stale trials, or null when there are none: <c>12 trials are stale, the study changed since they ran
    /// (Data.Noise 0.1 → 0.2)</c>; with several kinds of change, the largest groups with their counts.
    /// </summary>
    /// <param name="groups">The groups, largest first.</param>
    /// <param name="limit">The most groups to name.</param>
    /// <returns>The line, or null.</returns>
    public static string? Summarize(IReadOnlyList<StaleGroup> groups, int limit = 3)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            return null;
        }

        int total = groups.Sum(g => g.Count);
        string changes = string.Join("; ", groups.Take(limit).Select(g => groups.Count == 1 ? g.Change : $"{g.Count}: {g.Change}"));
        string more = groups.Count > limit ? $"; and {groups.Count - limit} other changes" : string.Empty;
        return $"{total} trial{(total == 1 ? " is" : "s are")} stale, the study changed since they ran ({changes}{more})";
    }
}

/// <summary>
/// What a run will do before it starts: the trials of the grid (after constraints, overrides and the shard), each
/// described once, which are done, stale, failed or new, which will run, and what each costs.
/// </summary>
/// <param name="Study">The study.</param>
/// <param name="Grid">The grid it was planned from.</param>
/// <param name="Trials">Every trial of the grid in this shard.</param>
/// <param name="Pending">The trials that will run, in order.</param>
/// <param name="CostUnit">What costs are measured in: <c>FLOPs</c>, or <c>trials</c> when nothing estimates them.</param>
/// <param name="KeepStale">Whether stale trials keep their stored results (<c>--keep-stale</c>) instead of running again.</param>
public sealed record SweepPlan(StudyDescriptor Study, TrialGrid Grid, IReadOnlyList<PlannedTrial> Trials, IReadOnlyList<PlannedTrial> Pending, string CostUnit, bool KeepStale = false)
{
    /// <summary>Trials the run skips because the store has them: done, and stale ones too with <see cref="KeepStale"/>.</summary>
    public int AlreadyDone => Trials.Count(t => t.Status == PlannedStatus.Done || (KeepStale && t.Status == PlannedStatus.Stale));

    /// <summary>Trials the store has as failed (they run again).</summary>
    public int PreviouslyFailed => Trials.Count(t => t.Status == PlannedStatus.Failed);

    /// <summary>Trials the store has done with another description.</summary>
    public IReadOnlyList<PlannedTrial> Stale => [.. Trials.Where(t => t.Status == PlannedStatus.Stale)];

    /// <summary>The stale trials grouped by what changed, largest group first.</summary>
    public IReadOnlyList<StaleGroup> StaleGroups
        => [.. Stale.GroupBy(t => t.StaleReason ?? string.Empty, StringComparer.Ordinal)
                .Select(g => new StaleGroup(g.Key, g.Count(), g.First().Description.Key))
                .OrderByDescending(g => g.Count)
                .ThenBy(g => g.Change, StringComparer.Ordinal)];

    /// <summary>The pending trials' total cost.</summary>
    public double PendingCost => Pending.Sum(t => t.Cost);

    /// <summary>The plan's trials grouped by grid point, in grid order.</summary>
    public IReadOnlyList<PlannedCell> Cells
        => Trials
            .GroupBy(t => string.Join(";", t.Trial.Axes.Select(a => a.Text)), StringComparer.Ordinal)
            .Select(g => new PlannedCell(
                g.First().Trial.Axes, g.Count(), g.Count(t => t.Status == PlannedStatus.Done), g.First().Cost, g.Count(t => t.Status == PlannedStatus.Stale)))
            .ToArray();
}

/// <summary>Builds a <see cref="SweepPlan"/> from a grid, the store's states and the run options.</summary>
public static class SweepPlanner
{
    /// <summary>Plans a run: describes every trial of the grid in the shard once, and compares it with the store.</summary>
    /// <param name="grid">The grid (overrides applied).</param>
    /// <param name="stored">The store's current row of each trial key.</param>
    /// <param name="options">The shard, trial limit and whether stale trials are kept.</param>
    /// <param name="estimate">Estimates a spec-based trial's cost in FLOPs, or null.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="GridException">The study's constraints admit no point of the grid.</exception>
    public static SweepPlan Plan(TrialGrid grid, IReadOnlyDictionary<string, StoredState> stored, RunOptions options, Func<TrialSpec, double>? estimate)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(options);
        List<(TrialDescription Description, double? Flops)> inShard = [];
        long admitted = 0;
        foreach (Trial trial in grid)
        {
            admitted++;
            if (options.Shard is not ShardSpec shard || shard.Includes(trial.Index))
            {
                TrialDescription description = TrialDescription.Describe(trial);
                inShard.Add((description, description.DeclaredFlops ?? (description.Spec is TrialSpec spec ? TryEstimate(spec, estimate) : null)));
            }
        }

        if (admitted == 0 && grid.CandidateCount > 0)
        {
            throw new GridException(
                $"the constraints of study '{grid.Study.Name}' exclude every one of its {grid.PointCount} grid points, so there is nothing to run; " +
                "loosen the constraint or choose other axis values.");
        }

        bool allEstimated = inShard.Count > 0 && inShard.All(t => t.Flops is > 0);
        string unit = allEstimated ? "FLOPs" : "trials";
        List<PlannedTrial> trials = inShard
            .Select(t => new PlannedTrial(t.Description, allEstimated ? t.Flops!.Value : 1.0, stored.TryGetValue(t.Description.Key, out StoredState? state) ? state : null))
            .ToList();
        IEnumerable<PlannedTrial> pending = trials.Where(t => t.Status is PlannedStatus.New or PlannedStatus.Failed || (t.Status == PlannedStatus.Stale && !options.KeepStale));
        if (options.MaxTrials is int max)
        {
            pending = pending.Take(Math.Max(0, max));
        }

        return new SweepPlan(grid.Study, grid, trials, pending.ToArray(), unit, options.KeepStale);
    }

    /// <summary>The engine's estimate of a trial, or null when it cannot give one for these specs (the trial fails when it runs, with the reason).</summary>
    private static double? TryEstimate(TrialSpec spec, Func<TrialSpec, double>? estimate)
    {
        if (estimate is null)
        {
            return null;
        }

        try
        {
            return estimate(spec);
        }
#pragma warning disable CA1031 // An estimate that cannot be made belongs to the trial, which the executor stores as failed with its own reason.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
