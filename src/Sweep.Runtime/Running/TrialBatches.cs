using Sweep.Training;

namespace Sweep.Running;

/// <summary>What one runner thread takes at a time: a trial on its own, or trials the engine trains together.</summary>
/// <param name="Trials">The trials, in plan order.</param>
/// <param name="Specs">Their specs when batched (one per trial); empty for a trial on its own, which describes itself when it runs.</param>
internal sealed record WorkItem(IReadOnlyList<PlannedTrial> Trials, IReadOnlyList<TrialSpec> Specs)
{
    /// <summary>Whether the trials go to the engine together.</summary>
    public bool IsBatch => Specs.Count > 0;

    /// <summary>The trials' total estimated cost.</summary>
    public double Cost => Trials.Sum(t => t.Cost);
}

/// <summary>
/// Groups a plan's pending trials into work items: spec-based trials with equal <see cref="ITrialEngine.BatchKey"/>s
/// go together, in batches of at most the limit and the engine's <see cref="ITrialEngine.BatchLimit"/> for their
/// shape (balanced: 20 trials under a limit of 16 run as 10 + 10), and when there are fewer items than lanes the
/// largest batches are halved until every lane has one, because side-by-side single-threaded work is how the CPU is
/// used best. Everything else, a [Trial]-method study, a trial whose spec
/// cannot be built or is invalid, runs alone. Only pending trials are grouped, so limits, shards and resume are
/// respected by construction. Items keep the plan's order of their first trial.
/// </summary>
internal static class TrialBatches
{
    /// <summary>Groups pending trials.</summary>
    /// <param name="pending">The plan's pending trials, in order.</param>
    /// <param name="engine">Decides which trials can run together.</param>
    /// <param name="maxBatch">The most trials in one batch; 1 or less: none are batched.</param>
    /// <param name="lanes">Threads that will take items.</param>
    /// <returns>The work items.</returns>
    public static IReadOnlyList<WorkItem> Group(IReadOnlyList<PlannedTrial> pending, ITrialEngine engine, int maxBatch, int lanes)
    {
        List<(List<PlannedTrial> Trials, List<TrialSpec> Specs)> items = [];
        Dictionary<string, int> open = new(StringComparer.Ordinal);
        foreach (PlannedTrial planned in pending)
        {
            (TrialSpec Spec, string Key)? batchable = maxBatch > 1 ? Batchable(planned.Trial, engine) : null;
            if (batchable is not (TrialSpec spec, string key))
            {
                items.Add(([planned], []));
                continue;
            }

            if (open.TryGetValue(key, out int index))
            {
                items[index].Trials.Add(planned);
                items[index].Specs.Add(spec);
            }
            else
            {
                open[key] = items.Count;
                items.Add(([planned], [spec]));
            }
        }

        List<(PlannedTrial[] Trials, TrialSpec[] Specs)> chunks = [];
        foreach ((List<PlannedTrial> trials, List<TrialSpec> specs) in items)
        {
            if (specs.Count == 0)
            {
                chunks.Add(([.. trials], []));
                continue;
            }

            int limit = Math.Max(1, Math.Min(maxBatch, engine.BatchLimit(specs[0])));
            int parts = (trials.Count + limit - 1) / limit;
            for (int part = 0, start = 0; part < parts; part++)
            {
                int size = (trials.Count - start) / (parts - part);
                chunks.Add(([.. trials.GetRange(start, size)], [.. specs.GetRange(start, size)]));
                start += size;
            }
        }

        // Fewer items than lanes: halve the largest batch until each lane has work or nothing is left to split.
        while (chunks.Count < lanes)
        {
            int largest = -1;
            for (int c = 0; c < chunks.Count; c++)
            {
                if (chunks[c].Trials.Length > 1 && (largest < 0 || chunks[c].Trials.Length > chunks[largest].Trials.Length))
                {
                    largest = c;
                }
            }

            if (largest < 0)
            {
                break;
            }

            (PlannedTrial[] trials, TrialSpec[] specs) = chunks[largest];
            int half = trials.Length / 2;
            chunks[largest] = (trials[..half], specs[..half]);
            chunks.Insert(largest + 1, (trials[half..], specs[half..]));
        }

        return [.. chunks.Select(c => new WorkItem(c.Trials, c.Trials.Length > 1 ? c.Specs : []))];
    }

    /// <summary>The trial's spec and batch key, or null when it must run alone.</summary>
    private static (TrialSpec Spec, string Key)? Batchable(Trial trial, ITrialEngine engine)
    {
        if (trial.Definition.Descriptor.RunMode != StudyRunMode.Specs)
        {
            return null;
        }

        try
        {
            return trial.Describe() is TrialSpec spec && engine.BatchKey(spec) is string key ? (spec, key) : null;
        }
#pragma warning disable CA1031 // Whatever the study's spec code throws belongs to the trial: it runs alone and is stored as failed with it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
