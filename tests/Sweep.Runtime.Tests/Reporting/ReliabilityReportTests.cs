using Sweep.Reporting;
using Sweep.Reporting.Figures;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>Reliability diagrams in the report: one per evaluation with diagrams, a count-weighted line per scale, and none for a regression study.</summary>
public sealed class ReliabilityReportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The golden trials as a classifier's: each seed's Clean predictions in two bins, differently filled per seed.</summary>
    private static IReadOnlyList<StoredTrial> Classified() =>
    [
        .. GoldenInputs.Trials.Select(t => t.Status != TrialStatus.Done ? t : t with
        {
            Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal)
            {
                ["Clean"] = t.Seed == 0
                    ? EvaluationMetrics.Reliability([0.9, 0.9, 0.9, 0.9, 0.5], [true, true, true, false, true])
                    : EvaluationMetrics.Reliability([0.95, 0.5, 0.5, 0.5], [true, false, false, true]),
            },
        }),
    ];

    [Fact]
    public void ADiagramPerEvaluationThatHasThem_OneCountWeightedLinePerScale_AndTheDiagonal()
    {
        StudySummary summary = StudySummary.From(GoldenInputs.Study, Classified(), GoldenInputs.Runs, "sweep.db");

        Figure figure = Assert.Single(ReliabilityFigures.Build(summary));

        Assert.Equal("demo-Clean-reliability", figure.Stem);
        Assert.False(figure.LogX || figure.LogY);
        Assert.Equal(["perfect calibration", "Width = 16 (ECE 0.072)", "Width = 256 (ECE 0.072)"], figure.Series.Select(s => s.Label));
        FigureSeries diagonal = figure.Series[0];
        Assert.Equal([0.0, 1.0], diagonal.X);
        Assert.Equal([0.0, 1.0], diagonal.Y);
        Assert.Equal(SeriesStyle.Fitted, diagonal.Style);

        // Width 16 pools seeds 0 and 1: bin 7 holds 1 + 3 predictions at 0.5 with 1 + 1 right; bin 13 holds 4 at 0.9 with
        // 3 right; bin 14 one at 0.95, right.
        FigureSeries width16 = figure.Series[1];
        Assert.Equal(3, width16.X.Length);
        Assert.Equal(0.5, width16.X[0], 12);
        Assert.Equal(0.5, width16.Y[0], 12);
        Assert.Equal(0.9, width16.X[1], 12);
        Assert.Equal(0.75, width16.Y[1], 12);
        Assert.Equal(0.95, width16.X[2], 12);
        Assert.Equal(1.0, width16.Y[2], 12);
        double ece = (4.0 / 9 * 0.0) + (4.0 / 9 * 0.15) + (1.0 / 9 * 0.05);
        Assert.Equal(0.072, Math.Round(ece, 3));
        Assert.Contains("count-weighting", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReport_OfAClassifier_HasTheFigure()
    {
        StudySummary summary = StudySummary.From(GoldenInputs.Study, Classified(), GoldenInputs.Runs, _folder.File("sweep.db"));

        string markdownPath = StudyReport.Write(summary, _folder.Path);

        string markdown = File.ReadAllText(markdownPath);
        Assert.Contains("## Calibration: reliability diagrams", markdown, StringComparison.Ordinal);
        Assert.Contains("![demo-Clean-reliability](demo-Clean-reliability.png)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-Shifted-reliability", markdown, StringComparison.Ordinal);
        Assert.True(new FileInfo(_folder.File("demo-Clean-reliability.png")).Length > 0);
        Assert.Contains("data-stem=\"demo-Clean-reliability\"", File.ReadAllText(_folder.File("report-demo.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheReport_OfARegressionStudy_HasNone()
    {
        StudySummary summary = StudySummary.From(GoldenInputs.Study, GoldenInputs.Trials, GoldenInputs.Runs, _folder.File("sweep.db"));

        string markdown = File.ReadAllText(StudyReport.Write(summary, _folder.Path));

        Assert.Empty(ReliabilityFigures.Build(summary));
        Assert.DoesNotContain("reliability", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*reliability*"));
    }
}
