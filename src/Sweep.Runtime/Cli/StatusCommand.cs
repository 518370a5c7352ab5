using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary><c>status</c>: done / pending / failed per study in a results folder.</summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string?> study = new("study") { Description = "One study (default: every study in the store).", Arity = ArgumentArity.ZeroOrOne };
        Option<string> outDir = CommonOptions.Out();
        Command command = new("status", "Show done, pending and failed trials per study in a results folder (pending counts the declared grid).")
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

            Table table = new Table().Border(TableBorder.Rounded).AddColumns("study", "done", "failed", "pending", "last run");
            foreach (StoredStudy stored in studies)
            {
                table.AddRow(
                    Markup.Escape(stored.Name),
                    stored.Done.ToString(CultureInfo.InvariantCulture),
                    stored.Failed > 0 ? $"[red]{stored.Failed}[/]" : "0",
                    Pending(env, store, stored),
                    Markup.Escape(LastRun(store, stored.Name)));
            }

            env.Console.Write(table);
            foreach (StoredStudy stored in studies.Where(s => s.Failed > 0 && only is not null))
            {
                foreach (StoredTrial failed in store.ReadTrials(stored.Name).Where(t => t.Status == TrialStatus.Failed))
                {
                    env.Console.MarkupLine($"[red]failed[/] {Markup.Escape(failed.Key)}: {Markup.Escape((failed.Error ?? string.Empty).Split('\n')[0])}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Pending trials of the declared grid, when this program declares the study.</summary>
    private static string Pending(CliEnvironment env, ResultStore store, StoredStudy stored)
    {
        StudyDefinition? definition = env.Studies.FirstOrDefault(s => s.Descriptor.Name == stored.Name);
        if (definition is null)
        {
            return "?";
        }

        IReadOnlyDictionary<string, TrialStatus> states = store.TrialStates(stored.Name);
        int pending = definition.CreateGrid().Count(t => !states.TryGetValue(t.Key, out TrialStatus status) || status != TrialStatus.Done);
        return pending.ToString(CultureInfo.InvariantCulture);
    }

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
}
