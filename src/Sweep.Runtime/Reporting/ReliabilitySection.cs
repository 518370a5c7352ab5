using System.Text;
using Sweep.Reporting.Figures;

namespace Sweep.Reporting;

/// <summary>
/// The <c>## Calibration</c> part of a study's report: a reliability diagram per evaluation with one line per scale,
/// and a second one after temperature scaling where the trials fitted a temperature (<see cref="ReliabilityFigures"/>),
/// for studies whose trials stored diagrams (probabilistic classifiers); nothing for any other study.
/// </summary>
internal static class ReliabilitySection
{
    /// <summary>The section, its figures written into <paramref name="directory"/>; null when no trial stored a diagram.</summary>
    public static string? Markdown(StudySummary summary, string directory)
    {
        IReadOnlyList<Figure> figures = ReliabilityFigures.Build(summary);
        if (figures.Count == 0)
        {
            return null;
        }

        StringBuilder md = new();
        md.AppendLine("## Calibration: reliability diagrams");
        md.AppendLine();
        foreach (Figure figure in figures)
        {
            FigureRenderer.Save(figure, directory);
            md.Append(MarkdownReport.Image(figure));
        }

        return md.ToString();
    }
}
