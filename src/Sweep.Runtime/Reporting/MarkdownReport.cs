using System.Globalization;
using System.Text;
using Sweep.Reporting.Figures;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// A study's report as Markdown, from its <see cref="StudySummary"/>: the run's environment, a table of every cell's
/// metrics (mean ± sd over seeds), the figures with their captions, the extra sections (collapse, laws) and the failures.
/// </summary>
internal static class MarkdownReport
{
    public static string Render(StudySummary summary, IReadOnlyList<Figure> figures, IReadOnlyList<string> sections, string directory)
    {
        StringBuilder md = new();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Study `{summary.Study}`");
        md.AppendLine();
        int done = summary.Trials.Count(t => t.Status == TrialStatus.Done);
        md.AppendLine(CultureInfo.InvariantCulture, $"- Trials: {done} done, {summary.Failures.Count} failed, in `{Path.GetRelativePath(directory, summary.StorePath)}`");
        if (summary.Runs.Count > 0)
        {
            StoredRun last = summary.Runs[^1];
            RunEnvironment env = last.Environment;
            md.AppendLine(CultureInfo.InvariantCulture, $"- Runs: {summary.Runs.Count}; last started {last.StartedUtc} ({last.Status.ToString().ToLowerInvariant()}), backend `{last.Backend}`");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {env.Machine}, {env.Cpu} ({env.Cores} cores), {env.OperatingSystem}, {env.DotNet}");
            string commit = env.GitCommit is null ? string.Empty : $", commit `{env.GitCommit}`";
            md.AppendLine(CultureInfo.InvariantCulture, $"- Sweep {env.SweepVersion}{commit}");
        }

        md.AppendLine();
        md.Append(ResultsTable(summary));
        foreach (Figure figure in figures)
        {
            md.Append(Image(figure));
        }

        foreach (string section in sections)
        {
            md.AppendLine(section.TrimEnd());
            md.AppendLine();
        }

        md.Append(FailureTable(summary.Failures));
        return md.ToString();
    }

    /// <summary>A figure as a Markdown image with its caption below.</summary>
    public static string Image(Figure figure)
        => string.Create(CultureInfo.InvariantCulture, $"![{figure.Stem}]({figure.Stem}.png)\n\n*{figure.Caption}*\n\n");

    private static string ResultsTable(StudySummary summary)
    {
        IReadOnlyList<CellSummary> cells = summary.Cells;
        if (cells.Count == 0)
        {
            return string.Empty;
        }

        StringBuilder md = new();
        string? headline = summary.Headline;
        string[] metrics = [.. cells.SelectMany(c => c.Metrics.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(m => m == headline ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal)];
        string[] axes = [.. cells[0].Axes.Select(a => a.Key)];
        string[] derived = [.. cells[0].Derived.Select(d => d.Key)];
        md.AppendLine("## Results (mean ± sd over seeds)");
        md.AppendLine();
        List<string> header = [.. axes, .. derived, "evaluation", "seeds", .. metrics];
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (CellSummary cell in cells)
        {
            List<string> row = [.. cell.Axes.Select(a => a.Value.Text), .. cell.Derived.Select(d => d.Value.Number is double n ? NumberFormat.Short(n) : d.Value.Text)];
            row.Add(cell.Evaluation);
            row.Add(cell.Seeds.ToString(CultureInfo.InvariantCulture));
            row.AddRange(metrics.Select(m => cell.Metrics.TryGetValue(m, out MetricStat stat) ? NumberFormat.MeanSd(stat) : "–"));
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        md.AppendLine();
        return md.ToString();
    }

    private static string FailureTable(IReadOnlyList<StoredTrial> failures)
    {
        if (failures.Count == 0)
        {
            return string.Empty;
        }

        StringBuilder md = new();
        md.AppendLine("## Failures");
        md.AppendLine();
        md.AppendLine("| trial | attempts | error |");
        md.AppendLine("|---|---|---|");
        foreach (StoredTrial failure in failures)
        {
            string firstLine = (failure.Error ?? string.Empty).Split('\n')[0].Trim().Replace("|", "\\|", StringComparison.Ordinal);
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{failure.Key}` | {failure.Attempts} | {firstLine} |");
        }

        md.AppendLine();
        return md.ToString();
    }
}
