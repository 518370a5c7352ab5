using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary>
/// <c>status</c>: per study in a results folder, how many trials are done, stale (done before the study changed),
/// failed and pending (of the declared grid, never run), and the last run; then the failures grouped by message with
/// their keys, and what made the stale ones stale. It only reads.
/// </summary>
internal static class StatusCommand
{
    private const int KeysShown = 5;

    public static Command Create(CliEnvironment env)
    {
        Argument<string?> study = new("study") { Description = "One study (default: every study in the store).", Arity = ArgumentArity.ZeroOrOne };
        Option<string> outDir = CommonOptions.Out();
        Command command = new("status", "Show done, stale, failed and pending trials per study in a results folder (pending counts the declared grid), with failures grouped by message.")
        {
            study, outDir,
        };
        command.SetAction(result =>
        {
            using ResultStore store = CommonOptions.OpenExisting(result.GetValue(outDir)!);
            string? only = result.GetValue(study);
            IReadOnlyList<StoredStudy> studies = store.Studies().Where(s => only is null || string.Equals(s.Name, only, StringComparison.OrdinalIgnoreCase)).ToList();
            if (only is not null && studies.Count == 0)
            {
                throw new CliException($"study '{only}' has no results in {store.Path}; stored: {string.Join(", ", store.Studies().Select(s => s.Name))}.");
            }

            Table table = new Table().Border(TableBorder.Rounded).AddColumns("study", "done", "stale", "failed", "pending", "last run");
            List<(string Study, StudyCounts Counts)> details = [];
            foreach (StoredStudy stored in studies)
            {
                StudyCounts counts = Count(env, store, stored);
                details.Add((stored.Name, counts));
                table.AddRow(
                    Markup.Escape(stored.Name),
                    counts.Done.ToString(CultureInfo.InvariantCulture),
                    counts.Stale.Count > 0 ? $"[yellow]{counts.Stale.Count}[/]" : "0",
                    counts.Failed.Count > 0 ? $"[red]{counts.Failed.Count}[/]" : "0",
                    counts.Pending?.ToString(CultureInfo.InvariantCulture) ?? "?",
                    Markup.Escape(LastRun(store, stored.Name)));
            }

            env.Console.Write(table);
            foreach ((string name, StudyCounts counts) in details)
            {
                WriteFailures(env, name, counts.Failed);
                WriteStale(env, name, counts.Stale);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A study's counts. When this program declares the study, staleness is judged against its current declaration
    /// and pending counts its declared grid; otherwise the store's own marks are all there is.
    /// </summary>
    private static StudyCounts Count(CliEnvironment env, ResultStore store, StoredStudy stored)
    {
        IReadOnlyList<StoredTrial> trials = store.ReadTrials(stored.Name, includeStale: true);
        StoredTrial[] failed = [.. trials.Where(t => t.Status == TrialStatus.Failed)];
        StudyDefinition? definition = env.Studies.FirstOrDefault(s => s.Descriptor.Name == stored.Name);
        if (definition is null)
        {
            StaleTrial[] marked = [.. trials.Where(t => t.Status == TrialStatus.Done && t.MarkedStale).Select(t => new StaleTrial(t.Key, "marked stale by a run of a changed study", null))];
            return new StudyCounts(trials.Count(t => t.Status == TrialStatus.Done) - marked.Length, marked, failed, null);
        }

        IReadOnlyList<StaleTrial> stale = StaleTrials.Find(definition, [.. trials.Where(t => t.Status == TrialStatus.Done)]);
        HashSet<string> storedKeys = new(trials.Select(t => t.Key), StringComparer.Ordinal);
        int pending = definition.CreateGrid().Count(t => !storedKeys.Contains(t.Key));
        return new StudyCounts(trials.Count(t => t.Status == TrialStatus.Done) - stale.Count, stale, failed, pending);
    }

    private static void WriteFailures(CliEnvironment env, string study, IReadOnlyList<StoredTrial> failed)
    {
        foreach (IGrouping<string, StoredTrial> group in failed.GroupBy(t => (t.Error ?? string.Empty).Split('\n')[0].TrimEnd('\r'), StringComparer.Ordinal).OrderByDescending(g => g.Count()))
        {
            env.Console.MarkupLine($"[red]{Markup.Escape(study)}: {group.Count()} failed[/]: {Markup.Escape(group.Key)}");
            env.Out.WriteLine("  " + Keys(group.Select(t => t.Key).ToList()));
        }
    }

    private static void WriteStale(CliEnvironment env, string study, IReadOnlyList<StaleTrial> stale)
    {
        foreach (IGrouping<string, StaleTrial> group in stale.GroupBy(t => t.Change, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
        {
            env.Console.MarkupLine($"[yellow]{Markup.Escape(study)}: {group.Count()} stale[/]: {Markup.Escape(group.Key)}");
            env.Out.WriteLine("  " + Keys(group.Select(t => t.Key).ToList()));
        }
    }

    private static string Keys(IReadOnlyList<string> keys)
        => string.Join(", ", keys.Take(KeysShown)) + (keys.Count > KeysShown ? $", and {keys.Count - KeysShown} more" : string.Empty);

    private static string LastRun(ResultStore store, string study)
    {
        IReadOnlyList<StoredRun> runs = store.Runs(study);
        if (runs.Count == 0)
        {
            return "–";
        }

        StoredRun last = runs[^1];
        string status = last.Status == RunStatus.Running && last.FinishedUtc is null ? "killed or running" : last.Status.ToString().ToLowerInvariant();
        return $"{last.StartedUtc} ({status}{(last.Shard is null ? string.Empty : ", shard " + last.Shard)})";
    }

    /// <summary>One study's trials by state.</summary>
    private sealed record StudyCounts(int Done, IReadOnlyList<StaleTrial> Stale, IReadOnlyList<StoredTrial> Failed, int? Pending);
}
