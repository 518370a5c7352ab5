using System.Text;
using Sweep.Reporting.Figures;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// The report of one study in a results folder, built once from its <see cref="StudySummary"/>: a Markdown page
/// (<see cref="MarkdownReport"/>) and the same page as self-contained HTML with the figures inline (<see cref="HtmlReport"/>),
/// with the run's environment, a table of every cell's metrics, every outcome metric against every scale axis
/// (<see cref="MetricFigures"/>), for a collapse chain its trajectories (<see cref="CollapseSection"/>), for a
/// probabilistic classifier a reliability diagram per evaluation with one line per scale, as trained and, with a
/// validation split, after temperature scaling (<see cref="ReliabilitySection"/>),
/// the fitted laws with their figures (<see cref="LawFigures"/>) and the failures.
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
        return Write(StudySummary.Read(store, study, metric), directory, sections, laws);
    }

    /// <summary>Writes <c>report-{study}.md</c>, <c>report-{study}.html</c> and their figures from a study's summary.</summary>
    /// <param name="summary">The study's summary.</param>
    /// <param name="directory">Where to write.</param>
    /// <param name="sections">Extra sections appended to the page, as Markdown.</param>
    /// <param name="laws">Fitted laws, or null.</param>
    /// <returns>The Markdown report's path.</returns>
    public static string Write(StudySummary summary, string directory, IReadOnlyList<string>? sections = null, Analysis.LawResults? laws = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Directory.CreateDirectory(directory);
        string slug = Slug(summary.Study);
        IReadOnlyList<Figure> figures = MetricFigures.Build(summary, laws?.Fits);
        foreach (Figure figure in figures)
        {
            FigureRenderer.Save(figure, directory);
        }

        List<string> extra = [.. summary.IsChain ? [CollapseSection.Markdown(summary.Trials, summary.Study, directory, slug)] : Array.Empty<string>(), .. sections ?? []];
        if (ReliabilitySection.Markdown(summary, directory) is string reliability)
        {
            extra.Add(reliability);
        }

        if (laws is not null && (laws.Fits.Count > 0 || laws.Peaks is { Count: > 0 }))
        {
            IReadOnlyDictionary<string, IReadOnlyList<Figure>> lawFigures = LawFigures.Build(summary.Study, laws);
            foreach (Figure figure in lawFigures.Values.SelectMany(f => f))
            {
                FigureRenderer.Save(figure, directory);
            }

            extra.Add(LawSection.Markdown(laws, lawFigures));
        }

        extra.AddRange(RobustnessSection.Markdown(laws?.Robustness, summary.Trials, summary.Study, directory, slug));

        string markdown = MarkdownReport.Render(summary, figures, extra, directory);
        string path = Path.Combine(directory, $"report-{slug}.md");
        File.WriteAllText(path, markdown);
        File.WriteAllText(Path.Combine(directory, $"report-{slug}.html"), HtmlReport.Render($"Study {summary.Study}", markdown, directory));
        return path;
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
