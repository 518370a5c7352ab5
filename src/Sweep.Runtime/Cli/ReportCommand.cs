using System.CommandLine;
using Spectre.Console;
using Sweep.Analysis;
using Sweep.Reporting;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary><c>report</c>: writes the Markdown report and figures of stored studies.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string?> study = new("study") { Description = "One study (default: every study in the store).", Arity = ArgumentArity.ZeroOrOne };
        Option<string> outDir = CommonOptions.Out();
        Option<string?> metric = CommonOptions.Metric();
        Option<int> bootstrap = new("--bootstrap")
        {
            Description = $"Bootstrap replicas for the intervals of the study's [Law] fits (default {StudyLaws.DefaultReportReplicas}; 0 for none).",
            DefaultValueFactory = _ => StudyLaws.DefaultReportReplicas,
            HelpName = "B",
        };
        Command command = new("report", "Write report-<study>.md with tables, figures (PNG, SVG) and fitted [Law]s into the results folder.")
        {
            study, outDir, metric, bootstrap,
        };
        command.SetAction(result =>
        {
            string directory = result.GetValue(outDir)!;
            using ResultStore store = CommonOptions.OpenExisting(directory);
            string? only = result.GetValue(study);
            IReadOnlyList<StoredStudy> studies = store.Studies();
            if (only is not null && !studies.Any(s => s.Name == only))
            {
                throw new CliException($"study '{only}' has no results in {store.Path}; stored: {string.Join(", ", studies.Select(s => s.Name))}.");
            }

            int replicas = result.GetValue(bootstrap);
            if (replicas is < 0 or 1)
            {
                throw new CliException($"--bootstrap: {replicas} is not a number of replicas (0 for none, or at least 2).");
            }

            string folder = Path.GetDirectoryName(store.Path)!;
            foreach (StoredStudy stored in studies.Where(s => only is null || s.Name == only))
            {
                if (StaleNotice.Reconcile(env, store, stored.Name) is string notice)
                {
                    env.Out.WriteLine(notice);
                }

                StudySummary summary = RunCommand.ReadSummary(store, stored.Name, result.GetValue(metric));
                StudyDefinition? declared = env.Studies.FirstOrDefault(s => s.Descriptor.Name == stored.Name);
                LawResults? laws = null;
                if (declared is not null)
                {
                    RunCommand.Summarize(env, summary, declared.Descriptor);
                    laws = LawTable.FitAndPrint(env, summary, declared, replicas);
                }

                env.Console.MarkupLine(Markup.Escape($"report: {WriteReport(summary, folder, laws)}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Writes a study's report; a folder that cannot be written is a usage error naming it (the store is untouched).</summary>
    internal static string WriteReport(StudySummary summary, string folder, LawResults? laws)
    {
        try
        {
            return StudyReport.Write(summary, folder, laws: laws);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the report of '{summary.Study}' into {Path.GetFullPath(folder)}: {e.Message} (the results in {summary.StorePath} are unchanged).", e);
        }
    }
}
