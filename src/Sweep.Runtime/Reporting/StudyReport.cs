using System.Globalization;
using System.Text;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// The report of one study in a results folder: a Markdown page with the run's environment, a table of every
/// cell's metrics (mean ± sd over seeds), figures (PNG and SVG), for a collapse chain its trajectories
/// (<see cref="CollapseSection"/>, in place of the per-evaluation figures), the fitted laws and the failures.
/// </summary>
public static class StudyReport
{
    /// <summary>Writes <c>report-{study}.md</c> and its figures into a folder.</summary>
    /// <param name="store">The store.</param>
    /// <param name="study">The study's name.</param>
    /// <param name="directory">Where to write.</param>
    /// <param name="sections">Extra sections (e.g. fitted laws) appended to the page, as Markdown.</param>
    /// <param name="metric">The metric to plot and list first; null picks test loss, else the first metric by name.</param>
    /// <param name="laws">
    /// Fitted laws (<see cref="StudyLaws.Fit(StudyDescriptor, IReadOnlyList{NamedLaw}, IReadOnlyList{StoredTrial}, Analysis.LawFitSettings, string, string?)"/>):
    /// a <c>## Laws</c> section, and each single-variable fit drawn over the figure whose x-axis and metric it fits.
    /// </param>
    /// <returns>The report's path.</returns>
    public static string Write(
        ResultStore store, string study, string directory, IReadOnlyList<string>? sections = null, string? metric = null, Analysis.LawResults? laws = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        IReadOnlyList<StoredTrial> trials = store.ReadTrials(study);
        IReadOnlyList<CellSummary> cells = CellSummary.Summarize(trials);
        IReadOnlyList<StoredRun> runs = store.Runs(study);
        string slug = Slug(study);

        List<string> figures = [];
        string? headline = CellSummary.HeadlineMetric(cells, metric);
        bool chain = CollapseSection.IsChain(trials);
        if (headline is not null && !chain)
        {
            foreach (string evaluation in cells.Select(c => c.Evaluation).Distinct(StringComparer.Ordinal))
            {
                string stem = $"{slug}-{Slug(evaluation)}-{Slug(headline)}";
                if (MetricPlot.Save(cells, headline, evaluation, $"{study}: {headline} ({evaluation})",
                        Path.Combine(directory, stem + ".png"), Path.Combine(directory, stem + ".svg"), laws?.Fits))
                {
                    figures.Add(stem);
                }
            }
        }

        List<string> extra = [.. chain ? [CollapseSection.Markdown(trials, study, directory, slug)] : Array.Empty<string>(), .. sections ?? []];
        if (laws is not null && (laws.Fits.Count > 0 || laws.Peaks is { Count: > 0 }))
        {
            extra.Add(LawSection.Markdown(laws));
        }

        extra.AddRange(RobustnessSection.Markdown(laws?.Robustness, trials, study, directory, slug));

        string path = Path.Combine(directory, $"report-{slug}.md");
        File.WriteAllText(path, Markdown(study, trials, cells, runs, headline, figures, extra, store.Path, directory));
        return path;
    }

    internal static string Markdown(
        string study, IReadOnlyList<StoredTrial> trials, IReadOnlyList<CellSummary> cells, IReadOnlyList<StoredRun> runs,
        string? headline, IReadOnlyList<string> figures, IReadOnlyList<string> sections, string storePath, string directory)
    {
        StringBuilder md = new();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Study `{study}`");
        md.AppendLine();
        int done = trials.Count(t => t.Status == TrialStatus.Done);
        int failed = trials.Count(t => t.Status == TrialStatus.Failed);
        md.AppendLine(CultureInfo.InvariantCulture, $"- Trials: {done} done, {failed} failed, in `{Path.GetRelativePath(directory, storePath)}`");
        if (runs.Count > 0)
        {
            StoredRun last = runs[^1];
            RunEnvironment env = last.Environment;
            md.AppendLine(CultureInfo.InvariantCulture, $"- Runs: {runs.Count}; last started {last.StartedUtc} ({last.Status.ToString().ToLowerInvariant()}), backend `{last.Backend}`");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {env.Machine}, {env.Cpu} ({env.Cores} cores), {env.OperatingSystem}, {env.DotNet}");
            string commit = env.GitCommit is null ? string.Empty : $", commit `{env.GitCommit}`";
            md.AppendLine(CultureInfo.InvariantCulture, $"- Sweep {env.SweepVersion}{commit}");
        }

        md.AppendLine();
        if (cells.Count > 0)
        {
            string[] metrics = cells.SelectMany(c => c.Metrics.Keys).Distinct(StringComparer.Ordinal)
                .OrderBy(m => m == headline ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal).ToArray();
            string[] axes = cells[0].Axes.Select(a => a.Key).ToArray();
            string[] derived = cells[0].Derived.Select(d => d.Key).ToArray();
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
        }

        foreach (string figure in figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"![{figure}]({figure}.png)");
            md.AppendLine();
        }

        foreach (string section in sections)
        {
            md.AppendLine(section.TrimEnd());
            md.AppendLine();
        }

        List<StoredTrial> failures = trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        if (failures.Count > 0)
        {
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
        }

        return md.ToString();
    }

    internal static string Slug(string text)
    {
        StringBuilder slug = new(text.Length);
        foreach (char c in text)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return slug.ToString();
    }
}
