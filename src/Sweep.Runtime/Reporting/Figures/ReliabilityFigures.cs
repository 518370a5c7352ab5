using System.Globalization;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Reporting.Figures;

/// <summary>
/// A reliability diagram per evaluation whose trials stored one (probabilistic classifiers): accuracy against mean
/// confidence in each of the 15 equal-width confidence bins, one line per value of the study's first scale axis, with the
/// diagonal of perfect calibration. A scale's line pools its trials (seeds and every other axis) by adding their bins'
/// counts and count-weighting their confidences and accuracies; empty bins are left out of the line.
/// </summary>
internal static class ReliabilityFigures
{
    /// <summary>The figures, in the order the evaluations were recorded; none for a study that stored no diagram.</summary>
    public static IReadOnlyList<Figure> Build(StudySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        List<Figure> figures = [];
        StoredTrial[] done = [.. summary.Trials.Where(t => t.Status == TrialStatus.Done && t.Reliability.Count > 0)];
        if (done.Length == 0)
        {
            return figures;
        }

        string? scale = summary.ScaleAxes.Count > 0 ? summary.ScaleAxes[0] : null;
        string slug = StudyReport.Slug(summary.Study);
        IEnumerable<string> evaluations = summary.Evaluations.Concat(done.SelectMany(t => t.Reliability.Keys)).Distinct(StringComparer.Ordinal);
        foreach (string evaluation in evaluations)
        {
            var lines = done
                .Where(t => t.Reliability.ContainsKey(evaluation))
                .GroupBy(t => scale is null ? null : t.Axis(scale), EqualityComparer<StoredValue?>.Default)
                .OrderBy(g => g.Key?.Number ?? double.NaN)
                .Select(g => (Scale: g.Key, Trials: g.Count(), Diagram: ReliabilityDiagram.Pool(g.Select(t => t.Reliability[evaluation]))))
                .ToArray();
            if (lines.Length == 0)
            {
                continue;
            }

            List<FigureSeries> series = [new FigureSeries("perfect calibration", [0, 1], [0, 1], SeriesStyle.Fitted, Group: 7)];
            foreach ((var line, int index) in lines.Select((l, i) => (l, i)))
            {
                ReliabilityBin[] bins = [.. line.Diagram.Bins.Where(b => b.Count > 0)];
                string label = line.Scale is { } value
                    ? string.Create(CultureInfo.InvariantCulture, $"{scale} = {value.Text} (ECE {line.Diagram.ExpectedCalibrationError:F3})")
                    : string.Create(CultureInfo.InvariantCulture, $"all trials (ECE {line.Diagram.ExpectedCalibrationError:F3})");
                series.Add(new FigureSeries(label, [.. bins.Select(b => b.Confidence)], [.. bins.Select(b => b.Accuracy)], SeriesStyle.Measured, index));
            }

            string pooled = scale is null
                ? "one line pooling every trial"
                : $"one line per `{scale}`, pooling its trials (seeds and the other axes)";
            string caption = string.Create(
                CultureInfo.InvariantCulture,
                $"Reliability diagram on `{evaluation}`: accuracy against mean confidence (the top softmax probability) in each non-empty bin of {EvaluationMetrics.CalibrationBins} equal-width confidence bins, {pooled} by adding bin counts and count-weighting each bin's confidence and accuracy; the diagonal is perfect calibration, points below it are overconfident. The legend's ECE is the pooled bins' Σ (n_b/n)·|accuracy − confidence|.");
            figures.Add(new Figure(
                $"{slug}-{StudyReport.Slug(evaluation)}-reliability",
                $"{summary.Study}: reliability ({evaluation})",
                "mean confidence",
                "accuracy",
                LogX: false,
                LogY: false,
                series,
                caption)
            {
                LegendUpperLeft = true,
            });
        }

        return figures;
    }
}
