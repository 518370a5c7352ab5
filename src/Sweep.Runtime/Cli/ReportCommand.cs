using System.CommandLine;
using Spectre.Console;
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
        Command command = new("report", "Write report-<study>.md with tables and figures (PNG, SVG) into the results folder.")
        {
            study, outDir, metric,
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

            string folder = Path.GetDirectoryName(store.Path)!;
            foreach (StoredStudy stored in studies.Where(s => only is null || s.Name == only))
            {
                StudyDescriptor? declared = env.Studies.FirstOrDefault(s => s.Descriptor.Name == stored.Name)?.Descriptor;
                if (declared is not null)
                {
                    RunCommand.Summarize(env, store, declared, result.GetValue(metric));
                }

                env.Console.MarkupLine(Markup.Escape($"report: {WriteReport(store, stored.Name, folder, result.GetValue(metric))}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string WriteReport(ResultStore store, string study, string folder, string? metric)
    {
        try
        {
            return StudyReport.Write(store, study, folder, metric: metric);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, e);
        }
    }
}
