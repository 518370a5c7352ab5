using Sweep.Training;

namespace Sweep.Running;

/// <summary>What one runner thread takes at a time: a trial on its own, or trials the engine trains together.</summary>
/// <param name="Trials">The trials, in plan order.</param>
/// <param name="IsBatch">Whether the trials go to the engine together (they share a batch key).</param>
internal sealed record WorkItem(IReadOnlyList<PlannedTrial> Trials, bool IsBatch)
{

    /// <summary>The trials' total estimated cost.</summary>
    public double Cost => Trials.Sum(t => t.Cost);
}

/// <summary>
/// Groups a plan's pending trials into work items: spec-based trials with equal <see cref="ITrialEngine.BatchKey"/>s
/// go together, in batches of at most the limit and the engine's <see cref="ITrialEngine.BatchLimit"/> for their
/// shape (balanced: 20 trials under a limit of 16 run as 10 + 10), and when there are fewer items than lanes the
/// largest batches are halved until every lane has one, because side-by-side single-threaded work is how the CPU is
/// used best. Everything else, a [Trial]-method study, a trial whose spec
/// could not be read or is invalid, runs alone. Only pending trials are grouped, so limits, shards and resume are
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
        List<(List<PlannedTrial> Trials, bool Batchable)> items = [];
        Dictionary<string, int> open = new(StringComparer.Ordinal);
        foreach (PlannedTrial planned in pending)
        {
            string? key = maxBatch > 1 ? BatchKey(planned.Description, engine) : null;
            if (key is null)
            {
                items.Add(([planned], false));
            }
            else if (open.TryGetValue(key, out int index))
            {
                items[index].Trials.Add(planned);
            }
            else
            {
                open[key] = items.Count;
                items.Add(([planned], true));
            }
        }

        List<(PlannedTrial[] Trials, bool Batchable)> chunks = [];
        foreach ((List<PlannedTrial> trials, bool batchable) in items)
        {
            if (!batchable)
            {
                chunks.Add(([.. trials], false));
                continue;
            }

            int limit = Math.Max(1, Math.Min(maxBatch, engine.BatchLimit(trials[0].Description.Spec!)));
            int parts = (trials.Count + limit - 1) / limit;
            for (int part = 0, start = 0; part < parts; part++)
            {
                int size = (trials.Count - start) / (parts - part);
                chunks.Add(([.. trials.GetRange(start, size)], true));
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

            (PlannedTrial[] trials, bool batchable) = chunks[largest];
            int half = trials.Length / 2;
            chunks[largest] = (trials[..half], batchable);
            chunks.Insert(largest + 1, (trials[half..], batchable));
        }

        return [.. chunks.Select(c => new WorkItem(c.Trials, c.Batchable && c.Trials.Length > 1))];
    }

    /// <summary>The trial's batch key, or null when it must run alone (a [Trial]-method study, a spec that could not be read).</summary>
    private static string? BatchKey(TrialDescription description, ITrialEngine engine)
        => description.Spec is TrialSpec spec ? engine.BatchKey(spec) : null;
}
