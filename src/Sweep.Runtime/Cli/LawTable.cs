using System.Globalization;
using Spectre.Console;
using Sweep.Analysis;
using Sweep.Reporting;

namespace Sweep.Cli;

/// <summary>After <c>run</c> and in <c>report</c>: fits a study's <c>[Law]</c>s and prints them as one compact table.</summary>
internal static class LawTable
{
    /// <summary>Fits the laws <paramref name="definition"/> declares to its stored trials and prints them; null when it declares none.</summary>
    public static LawResults? FitAndPrint(CliEnvironment env, StudySummary summary, StudyDefinition definition, int replicas = StudyLaws.DefaultReportReplicas)
    {
        IReadOnlyList<NamedLaw> laws = definition.DescribeLaws();
        if (laws.Count == 0)
        {
            return null;
        }

        string name = definition.Descriptor.Name;
        LawResults results = StudyLaws.Fit(
            definition.Descriptor, laws, summary.Trials, StudyLaws.ReportSettings(replicas), $"{Path.GetFileName(summary.StorePath)} (study '{name}')");
        Print(env.Console, name, results);
        PrintPeaks(env.Console, name, results);
        RobustnessSection.Print(env.Console, name, results.Robustness);
        return results;
    }

    /// <summary>
    /// One table per law: a row per group with each parameter and its interval, and how the fit converged; below a
    /// law fitted per group, where each pair of groups' curves cross.
    /// </summary>
    public static void Print(IAnsiConsole console, string study, LawResults results)
    {
        BootstrapSummary? boot = results.Fits.Select(f => f.Report?.Bootstrap).FirstOrDefault(b => b is not null);
        string intervals = boot is null ? "no intervals" : string.Create(CultureInfo.InvariantCulture, $"{boot.Confidence * 100:G3}% bootstrap intervals");
        foreach (IGrouping<string, LawResult> law in results.Fits.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            LawResult first = law.First();
            string evaluation = first.Evaluation is null ? string.Empty : $", evaluation {first.Evaluation}";
            // A line rather than a table title: Spectre wraps titles to the table's width.
            console.WriteLine($"{study}, law {first.Name}: {first.Formula} ({first.DescribeColumns()}{evaluation}; {intervals})");
            Table table = new Table().Border(TableBorder.Rounded);
            IReadOnlyList<string> parameters = law.Select(f => f.Report).FirstOrDefault(r => r is not null)?.Parameters.Select(p => p.Name).ToArray() ?? [];
            table.AddColumn(Markup.Escape(first.Columns.By ?? "group"));
            table.AddColumn(new TableColumn("points").RightAligned());
            foreach (string parameter in parameters)
            {
                table.AddColumn(new TableColumn(Markup.Escape(parameter)).RightAligned());
            }

            table.AddColumn("convergence");
            foreach (LawResult fit in law)
            {
                List<string> row = [Markup.Escape(fit.Group ?? "all"), fit.Points.ToString(CultureInfo.InvariantCulture)];
                if (fit.Report is { } report)
                {
                    row.AddRange(report.Parameters.Select(p => Markup.Escape(LawSection.Estimate(p))));
                    row.Add(Markup.Escape(Short(report.Convergence)));
                }
                else
                {
                    row.AddRange(parameters.Select(_ => "–"));
                    row.Add(Markup.Escape($"not fitted: {fit.Error}"));
                }

                table.AddRow([.. row]);
            }

            console.Write(table);
            foreach (LawResult fit in law)
            {
                foreach (FitWarning warning in fit.Report?.Warnings ?? [])
                {
                    string group = fit.GroupLabel is null ? string.Empty : $"{fit.GroupLabel}: ";
                    console.WriteLine($"warning ({warning.Code}): {group}{warning.Message}");
                }
            }

            if (results.Crossovers?.Where(c => c.Law == law.Key).ToList() is { Count: > 0 } crossovers)
            {
                using StringWriter text = new(CultureInfo.InvariantCulture);
                AnalysisText.WriteCrossovers(crossovers, text);
                foreach (string line in text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                {
                    console.WriteLine(line);
                }
            }
        }
    }

    /// <summary>One table per declared peak: a row per group with the peak's location, height and how it stands over each side.</summary>
    public static void PrintPeaks(IAnsiConsole console, string study, LawResults results)
    {
        foreach (PeakResults peak in results.Peaks ?? [])
        {
            FitColumns columns = peak.Analysis.Columns;
            console.WriteLine($"{study}, peak {peak.Name}: of {columns.Y} along {columns.X} (evaluation {peak.Evaluation}; intervals from resampling whole seeds)");
            Table table = new Table().Border(TableBorder.Rounded);
            table.AddColumn(Markup.Escape(columns.By ?? "group"));
            table.AddColumn(new TableColumn("points").RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape($"peak at {columns.X}")).RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape($"peak {columns.Y}")).RightAligned());
            table.AddColumn(new TableColumn("× left valley").RightAligned());
            table.AddColumn(new TableColumn("× right valley").RightAligned());
            table.AddColumn("above noise");
            foreach (GroupedResult<DoubleDescentResult> group in peak.Analysis.Groups)
            {
                string label = Markup.Escape(group.Group ?? "all");
                string points = group.Points.ToString(CultureInfo.InvariantCulture);
                table.AddRow(group.Result switch
                {
                    null => [label, points, Markup.Escape($"not located: {group.Error}"), "–", "–", "–", "–"],
                    { Found: false } => [label, points, "no peak", "–", "–", "–", "–"],
                    { } r => [label, points, Markup.Escape(LawSection.Estimate(r.PeakX)), Markup.Escape(LawSection.Estimate(r.PeakY)),
                        Markup.Escape(LawSection.Estimate(r.RatioOverLeft)), Markup.Escape(LawSection.Estimate(r.RatioOverRight)), Markup.Escape(LawSection.AboveNoise(r.Significant))],
                });
            }

            console.Write(table);
        }
    }

    private static string Short(ConvergenceReport report)
        => string.Create(CultureInfo.InvariantCulture, $"{(report.Converged ? "converged" : $"NOT converged ({report.StopReason})")}, {report.Iterations} it., |g| {report.GradientNorm:0.#e+0}");
}
