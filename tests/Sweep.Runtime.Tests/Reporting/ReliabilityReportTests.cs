using Sweep.Reporting;
using Sweep.Reporting.Figures;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>
/// Reliability diagrams in the report: one per evaluation with diagrams, a count-weighted line per scale, a second one of
/// the temperature-scaled model where the trials fitted a temperature, and none for a regression study.
/// </summary>
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
    public void WhereTheTrialsFittedATemperature_ASecondDiagramShowsTheScaledModel_WithEachScalesMedianT()
    {
        StoredTrial[] trials = [.. Classified().Select(t => t.Status != TrialStatus.Done ? t : t with
        {
            Metrics = t.Metrics.ToDictionary(
                e => e.Key,
                e => e.Key != "Clean" ? e.Value : (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(e.Value, StringComparer.Ordinal) { [Metric.Temperature] = 1.5 + t.Seed },
                StringComparer.Ordinal),
            CalibratedReliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal)
            {
                ["Clean"] = EvaluationMetrics.Reliability([0.7, 0.7, 0.7, 0.7, 0.45], [true, true, true, false, true]),
            },
        })];
        StudySummary summary = StudySummary.From(GoldenInputs.Study, trials, GoldenInputs.Runs, _folder.File("sweep.db"));

        IReadOnlyList<Figure> figures = ReliabilityFigures.Build(summary);
        string markdown = File.ReadAllText(StudyReport.Write(summary, _folder.Path));

        Assert.Equal(["demo-Clean-reliability", "demo-Clean-reliability-calibrated"], figures.Select(f => f.Stem));
        Figure scaled = figures[1];
        int seeds = trials.Where(t => t.Status == TrialStatus.Done && t.Axis("Width")!.Value.Number == 16).Select(t => t.Seed).Distinct().Count();
        Assert.Equal(2, seeds);

        // Every trial of a width holds the same scaled diagram: bin 10 (0.7, 3 of 4 right) and bin 6 (0.45, right); the
        // median T of seeds 0 and 1 is 2.
        double ece = (4.0 / 5 * 0.05) + (1.0 / 5 * 0.55);
        Assert.Equal(["perfect calibration", $"Width = 16 (ECE {ece:F3}, T 2)", $"Width = 256 (ECE {ece:F3}, T 2)"], scaled.Series.Select(s => s.Label));
        Assert.Equal([0.45, 0.7], scaled.Series[1].X.Select(x => Math.Round(x, 12)));
        Assert.Equal([1.0, 0.75], scaled.Series[1].Y.Select(y => Math.Round(y, 12)));
        Assert.Contains("temperature-scaled", scaled.Caption, StringComparison.Ordinal);
        Assert.Contains("![demo-Clean-reliability-calibrated](demo-Clean-reliability-calibrated.png)", markdown, StringComparison.Ordinal);
        Assert.True(new FileInfo(_folder.File("demo-Clean-reliability-calibrated.png")).Length > 0);
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
