using System.CommandLine;
using Sweep.Reporting;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary><c>export</c>: a study's results as CSV or JSON, one row per trial × evaluation.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string?> study = new("study") { Description = "One study (default: every study in the store).", Arity = ArgumentArity.ZeroOrOne };
        Option<string> format = new("--format") { Description = "csv or json.", DefaultValueFactory = _ => "csv", HelpName = "csv|json" };
        Option<string> outDir = CommonOptions.Out();
        Option<string?> output = new("--output", "-o") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        Option<bool> reliability = new("--reliability") { Description = "With --format csv: the reliability bins instead, one row per trial × evaluation × model (as-trained, temperature-scaled) × bin (JSON rows already carry them)." };
        Command command = new("export", "Export stored results as CSV or JSON (one row per current trial × evaluation, failed trials included; stale ones left out).")
        {
            study, format, outDir, output, reliability,
        };
        command.SetAction(result =>
        {
            string kind = result.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("csv" or "json"))
            {
                throw new CliException($"--format: '{result.GetValue(format)}' is not csv or json.");
            }

            bool bins = result.GetValue(reliability);
            if (bins && kind == "json")
            {
                throw new CliException("--reliability: JSON rows already carry their bins (\"reliability\"); it applies to --format csv.");
            }

            using ResultStore store = CommonOptions.OpenExisting(result.GetValue(outDir)!);
            string? only = result.GetValue(study);
            IReadOnlyList<StoredStudy> studies = store.Studies();
            if (only is not null && !studies.Any(s => s.Name == only))
            {
                throw new CliException($"study '{only}' has no results in {store.Path}; stored: {string.Join(", ", studies.Select(s => s.Name))}.");
            }

            List<StoredTrial> trials = [];
            foreach (StoredStudy stored in studies.Where(s => only is null || s.Name == only))
            {
                if (StaleNotice.Reconcile(env, store, stored.Name) is string notice)
                {
                    env.Error.WriteLine(notice);
                }

                trials.AddRange(StudySummary.Read(store, stored.Name).Trials);
            }

            string? file = result.GetValue(output);
            if (kind == "json")
            {
                using Stream stream = file is null ? new MemoryStream() : File.Create(file);
                ResultExporter.WriteJson(trials, stream);
                if (stream is MemoryStream memory)
                {
                    env.Out.WriteLine(System.Text.Encoding.UTF8.GetString(memory.ToArray()));
                }
            }
            else
            {
                using StreamWriter? writer = file is null ? null : new(file);
                TextWriter target = writer ?? env.Out;
                if (!bins)
                {
                    ResultExporter.WriteCsv(trials, target);
                }
                else if (ResultExporter.WriteReliabilityCsv(trials, target) == 0)
                {
                    env.Error.WriteLine("no reliability bins: none of these trials is a softmax classifier with a stored diagram, so the CSV is its header only.");
                }
            }

            if (file is not null)
            {
                env.Error.WriteLine(bins ? $"wrote the reliability bins of {trials.Count} trials to {file}" : $"wrote {trials.Count} trials to {file}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
