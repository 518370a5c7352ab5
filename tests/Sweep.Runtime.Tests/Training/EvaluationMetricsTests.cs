using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>Loss, accuracy and calibration of predictions, against hand computations.</summary>

public sealed class EvaluationMetricsTests
{
    [Fact]
    public void ExpectedCalibrationError_IsTheWeightedGapPerBin()
    {
        // Bin [0.8, 0.867): confidences 0.8 ×4 with 2 correct → gap 0.3; bin [0.933, 1]: 0.95 ×2, both right → gap 0.05.
        double[] confidence = [0.8, 0.8, 0.8, 0.8, 0.95, 0.95];
        bool[] correct = [true, true, false, false, true, true];

        double ece = EvaluationMetrics.ExpectedCalibrationError(confidence, correct);

        Assert.Equal((4.0 / 6 * 0.3) + (2.0 / 6 * 0.05), ece, 12);
    }

    [Fact]
    public void Evaluate_Classification_ReportsCrossEntropyAccuracyAndCalibration()
    {
        var data = new Dataset(2, 1, 2, isClassification: true, [0f, 0f], [0f, 1f]);
        float[] logits = [2f, 0f, 2f, 0f]; // both predict class 0 with p = e²/(1+e²)

        EvaluationResult r = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);

        double p = Math.Exp(2) / (1 + Math.Exp(2));
        Assert.Equal((-Math.Log(p) - Math.Log(1 - p)) / 2, r.Loss, 6);
        Assert.Equal(0.5, r.Accuracy);
        Assert.Equal(Math.Abs(0.5 - p), r.CalibrationError!.Value, 6);
    }

    [Fact]
    public void Evaluate_Regression_ReportsMeanSquaredErrorOnly()
    {
        var data = new Dataset(2, 1, 1, isClassification: false, [0f, 0f], [1f, -1f]);

        EvaluationResult r = EvaluationMetrics.Evaluate("t", [0f, 1f], data, MetricsMode.Probabilistic);

        Assert.Equal(2.5, r.Loss, 12);
        Assert.Null(r.Accuracy);
        Assert.Null(r.CalibrationError);
    }
}
