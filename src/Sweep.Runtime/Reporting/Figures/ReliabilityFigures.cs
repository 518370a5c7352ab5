using System.Globalization;
using Sweep.Analysis;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Reporting.Figures;

/// <summary>
/// A reliability diagram per evaluation whose trials stored one (probabilistic classifiers): accuracy against mean
/// confidence in each of the 15 equal-width confidence bins, one line per value of the study's first scale axis, with the
/// diagonal of perfect calibration. A scale's line pools its trials (seeds and every other axis) by adding their bins'
/// counts and count-weighting their confidences and accuracies; empty bins are left out of the line. Where the trials
/// fitted a temperature (a validation split), a second diagram per evaluation shows the temperature-scaled model,
/// softmax(logits / T), each line's legend giving its trials' median T.
/// </summary>
internal static class ReliabilityFigures
{
    /// <summary>The figures, in the order the evaluations were recorded (each as trained, then temperature-scaled); none for a study that stored no diagram.</summary>
    public static IReadOnlyList<Figure> Build(StudySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        List<Figure> figures = [];
        StoredTrial[] done = [.. summary.Trials.Where(t => t.Status == TrialStatus.Done && t.Reliability.Count > 0)];
        if (done.Length == 0)
        {
            return figures;
        }

        IEnumerable<string> evaluations = summary.Evaluations.Concat(done.SelectMany(t => t.Reliability.Keys)).Distinct(StringComparer.Ordinal);
        foreach (string evaluation in evaluations)
        {
            if (Diagram(summary, done, evaluation, calibrated: false) is Figure asTrained)
            {
                figures.Add(asTrained);
            }

            if (Diagram(summary, done, evaluation, calibrated: true) is Figure scaled)
            {
                figures.Add(scaled);
            }
        }

        return figures;
    }

    private static Figure? Diagram(StudySummary summary, StoredTrial[] done, string evaluation, bool calibrated)
    {
        string? scale = summary.ScaleAxes.Count > 0 ? summary.ScaleAxes[0] : null;
        Func<StoredTrial, IReadOnlyDictionary<string, ReliabilityDiagram>> diagrams = calibrated ? t => t.CalibratedReliability : t => t.Reliability;
        var lines = done
            .Where(t => diagrams(t).ContainsKey(evaluation))
            .GroupBy(t => scale is null ? null : t.Axis(scale), EqualityComparer<StoredValue?>.Default)
            .OrderBy(g => g.Key?.Number ?? double.NaN)
            .Select(g => (Scale: g.Key, Temperature: calibrated ? MedianTemperature(g, evaluation) : double.NaN, Diagram: ReliabilityDiagram.Pool(g.Select(t => diagrams(t)[evaluation]))))
            .ToArray();
        if (lines.Length == 0)
        {
            return null;
        }

        List<FigureSeries> series = [new FigureSeries("perfect calibration", [0, 1], [0, 1], SeriesStyle.Fitted, Group: 7)];
        foreach ((var line, int index) in lines.Select((l, i) => (l, i)))
        {
            ReliabilityBin[] bins = [.. line.Diagram.Bins.Where(b => b.Count > 0)];
            string what = calibrated
                ? string.Create(CultureInfo.InvariantCulture, $"ECE {line.Diagram.ExpectedCalibrationError:F3}, T {line.Temperature:G3}")
                : string.Create(CultureInfo.InvariantCulture, $"ECE {line.Diagram.ExpectedCalibrationError:F3}");
            string label = line.Scale is { } value ? $"{scale} = {value.Text} ({what})" : $"all trials ({what})";
            series.Add(new FigureSeries(label, [.. bins.Select(b => b.Confidence)], [.. bins.Select(b => b.Accuracy)], SeriesStyle.Measured, index));
        }

        string pooled = scale is null
            ? "one line pooling every trial"
            : $"one line per `{scale}`, pooling its trials (seeds and the other axes)";
        string model = calibrated
            ? "the temperature-scaled model, softmax(logits / T) with T fitted on each trial's validation split (the argmax, so each prediction's hit, is the model's as trained; only the confidences move)"
            : "the model as trained";
        string legend = calibrated
            ? "The legend's ECE is the pooled bins' Σ (n_b/n)·|accuracy − confidence| and T the median of the line's trials' temperatures."
            : "The legend's ECE is the pooled bins' Σ (n_b/n)·|accuracy − confidence|.";
        string caption = string.Create(
            CultureInfo.InvariantCulture,
            $"Reliability diagram on `{evaluation}`, {model}: accuracy against mean confidence (the top softmax probability) in each non-empty bin of {EvaluationMetrics.CalibrationBins} equal-width confidence bins, {pooled} by adding bin counts and count-weighting each bin's confidence and accuracy; the diagonal is perfect calibration, points below it are overconfident. {legend}");
        string slug = $"{StudyReport.Slug(summary.Study)}-{StudyReport.Slug(evaluation)}-reliability{(calibrated ? "-calibrated" : string.Empty)}";
        string title = calibrated ? $"{summary.Study}: reliability after temperature scaling ({evaluation})" : $"{summary.Study}: reliability ({evaluation})";
        return new Figure(slug, title, "mean confidence", "accuracy", LogX: false, LogY: false, series, caption)
        {
            LegendUpperLeft = true,
        };
    }

    /// <summary>The median temperature the trials fitted for the evaluation, or NaN when none stored one.</summary>
    private static double MedianTemperature(IEnumerable<StoredTrial> trials, string evaluation)
    {
        double[] temperatures = [.. trials
            .Select(t => t.Metrics.TryGetValue(evaluation, out IReadOnlyDictionary<string, double>? values) && values.TryGetValue(Metric.Temperature, out double v) ? v : double.NaN)
            .Where(v => !double.IsNaN(v))];
        return temperatures.Length == 0 ? double.NaN : Statistics.Median(temperatures);
    }
}
