using Sweep.Storage;

namespace Sweep.Running;

/// <summary>A stored trial the study, as declared now, describes differently, and what changed.</summary>
/// <param name="Key">The trial's key.</param>
/// <param name="Change">What changed (<c>Data.Noise 0.1 → 0.2</c>), or why the study no longer describes it at all.</param>
/// <param name="Current">The study's description of it now, or null when it no longer has one (a constraint excludes it, an axis value no longer parses).</param>
public sealed record StaleTrial(string Key, string Change, TrialDescription? Current);

/// <summary>What <see cref="StaleTrials.Reconcile"/> found and did.</summary>
/// <param name="Stale">The stored trials that are stale, now marked so (or kept).</param>
/// <param name="Kept">How many of them took the current description (<c>--keep-stale</c>).</param>
/// <param name="Refreshed">Done trials whose derived values or stale mark were brought up to date in place.</param>
public sealed record StaleReport(IReadOnlyList<StaleTrial> Stale, int Kept, int Refreshed)
{
    /// <summary>The stale trials grouped by what changed, largest group first.</summary>
    public IReadOnlyList<StaleGroup> Groups
        => [.. Stale.GroupBy(t => t.Change, StringComparer.Ordinal)
                .Select(g => new StaleGroup(g.Key, g.Count(), g.First().Key))
                .OrderByDescending(g => g.Count)
                .ThenBy(g => g.Change, StringComparer.Ordinal)];
}

/// <summary>
/// Compares a store's done trials of a study with the study as this program declares it now. A stored trial is
/// described again from its own axis values and seed (one grid per stored cell), and is stale when that description's
/// identity differs from the stored one: its specs or source changed, it was stored without a description, or the
/// study no longer has it. Commands that read results (<c>run</c>, <c>report</c>, <c>export</c>) reconcile first, so
/// stale rows never mix with current ones; <c>status</c> only counts.
/// </summary>
public static class StaleTrials
{
    /// <summary>The stored trials (done or failed) the study describes differently now.</summary>
    /// <param name="definition">The study as declared now.</param>
    /// <param name="trials">Its stored trials.</param>
    /// <returns>One entry per stale trial; trials that still match are absent.</returns>
    public static IReadOnlyList<StaleTrial> Find(StudyDefinition definition, IReadOnlyList<StoredTrial> trials)
        => [.. Compare(definition, trials).Where(c => c.Stale is not null).Select(c => c.Stale!)];

    /// <summary>
    /// Marks the store's stale done trials of a study (or keeps those in <paramref name="keep"/> as current with the
    /// study's description), and refreshes in place the done trials that match but hold old derived values or a stale
    /// mark from a run of a since-reverted study.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="definition">The study as declared now.</param>
    /// <param name="keep">Keys of stale trials to keep (<c>--keep-stale</c>), or null for none.</param>
    /// <returns>What was found and done.</returns>
    public static StaleReport Reconcile(ResultStore store, StudyDefinition definition, IReadOnlySet<string>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(definition);
        string study = definition.Descriptor.Name;
        List<(StoredTrial Stored, TrialDescription? Current, StaleTrial? Stale)> done =
            [.. Compare(definition, store.ReadTrials(study, includeStale: true)).Where(c => c.Stored.Status == TrialStatus.Done)];
        List<StaleTrial> stale = [.. done.Where(c => c.Stale is not null).Select(c => c.Stale!)];
        List<StaleTrial> kept = [.. stale.Where(s => s.Current is not null && keep?.Contains(s.Key) == true)];
        int keptCount = store.KeepStale(study, kept.Select(s => (s.Key, s.Current!.Json, s.Current.Identity)));
        store.MarkStale(study, stale.Except(kept).Select(s => s.Key));
        int refreshed = store.RefreshDescriptions(
            study,
            done.Where(c => c.Stale is null && c.Current is not null && (c.Stored.MarkedStale || c.Stored.DescriptionJson != c.Current.Json))
                .Select(c => (c.Current!.Key, c.Current.Json, c.Current.Identity, ResultStore.DerivedJson(c.Current.Derived))));
        return new StaleReport(stale, keptCount, refreshed);
    }

    /// <summary>Each stored trial with the study's description of it now, and why it is stale if it is.</summary>
    private static IEnumerable<(StoredTrial Stored, TrialDescription? Current, StaleTrial? Stale)> Compare(StudyDefinition definition, IReadOnlyList<StoredTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(trials);
        foreach (IGrouping<string, StoredTrial> cell in trials.GroupBy(t => t.CellKey, StringComparer.Ordinal))
        {
            Dictionary<string, Trial> current = new(StringComparer.Ordinal);
            string? unavailable = null;
            try
            {
                foreach (Trial trial in definition.CreateGrid(CellGrid(definition.Descriptor, cell.First(), cell.Select(t => t.Seed).Distinct())))
                {
                    current[trial.Key] = trial;
                }
            }
            catch (GridException e)
            {
                unavailable = $"the study no longer has this cell ({e.Message.TrimEnd('.')})";
            }

            foreach (StoredTrial stored in cell)
            {
                if (!current.TryGetValue(stored.Key, out Trial? trial))
                {
                    yield return (stored, null, new StaleTrial(stored.Key, unavailable ?? "the study no longer has this trial (its constraints exclude it)", null));
                    continue;
                }

                TrialDescription description = TrialDescription.Describe(trial);
                yield return stored.Identity == description.Identity
                    ? (stored, description, null)
                    : (stored, description, new StaleTrial(stored.Key, description.DifferenceFrom(stored.DescriptionJson), description));
            }
        }
    }

    /// <summary>The one-cell grid of a stored trial's axis values, with the seeds stored for that cell.</summary>
    private static GridOptions CellGrid(StudyDescriptor study, StoredTrial trial, IEnumerable<int> seeds)
    {
        GridOptions options = GridOptions.Default.WithSeeds([.. seeds]);
        foreach (AxisDescriptor axis in study.Axes)
        {
            if (trial.Axis(axis.Name) is StoredValue value)
            {
                options = options.WithOverride(axis.Name, value.Text);
            }
        }

        return options;
    }
}
