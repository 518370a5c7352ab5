namespace Sweep.Training;

/// <summary>One evaluation's metrics.</summary>
/// <param name="Name">The evaluation's name.</param>
/// <param name="Loss">Mean squared error (regression, and least-squares classifiers against one-hot targets) or mean cross-entropy.</param>
/// <param name="Accuracy">Fraction of correct argmax predictions (classification), else null.</param>
/// <param name="CalibrationError">Expected calibration error of the softmax confidence, 15 equal-width bins (probabilistic classifiers), else null.</param>
/// <example>
/// <code>
/// EvaluationResult clean = result.Evaluations[0];
/// Console.WriteLine($"{clean.Name}: loss {clean.Loss:F4}, accuracy {clean.Accuracy:P1}");
/// </code>
/// </example>
public sealed record EvaluationResult(string Name, double Loss, double? Accuracy, double? CalibrationError);

/// <summary>Loss, accuracy and calibration from predictions, in double precision on the host.</summary>
/// <example>
/// <code>
/// EvaluationResult r = EvaluationMetrics.Evaluate("test", predictions, test, MetricsMode.Probabilistic);
/// </code>
/// </example>
public static class EvaluationMetrics
{
    /// <summary>Bins of the expected calibration error.</summary>
    public const int CalibrationBins = 15;

    /// <summary>Metrics of predictions (rows×outputs) against a dataset's targets.</summary>
    /// <param name="name">The evaluation's name.</param>
    /// <param name="predictions">Model outputs: values (regression) or logits (classification).</param>
    /// <param name="data">The data.</param>
    /// <param name="mode">Whether a classifier's outputs are logits (cross-entropy, calibration) or least-squares scores.</param>
    /// <returns>The metrics.</returns>
    public static EvaluationResult Evaluate(string name, ReadOnlySpan<float> predictions, Dataset data, MetricsMode mode)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.Rows, outputs = data.Outputs;
        if (predictions.Length != (long)rows * outputs)
        {
            throw new ArgumentException($"expected {rows}×{outputs} predictions.", nameof(predictions));
        }

        if (!data.IsClassification)
        {
            double sum = 0;
            for (int i = 0; i < predictions.Length; i++)
            {
                double d = predictions[i] - data.Y[i];
                sum += d * d;
            }

            return new EvaluationResult(name, sum / predictions.Length, null, null);
        }

        double loss = 0;
        int correct = 0;
        var confidence = new double[rows];
        var hit = new bool[rows];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> p = predictions.Slice(i * outputs, outputs);
            int label = (int)data.Y[i];
            int best = 0;
            for (int j = 1; j < outputs; j++)
            {
                if (p[j] > p[best])
                {
                    best = j;
                }
            }

            hit[i] = best == label;
            correct += hit[i] ? 1 : 0;
            if (mode == MetricsMode.LeastSquares)
            {
                for (int j = 0; j < outputs; j++)
                {
                    double d = p[j] - (j == label ? 1.0 : 0.0);
                    loss += d * d / outputs;
                }

                continue;
            }

            double max = p[best];
            double z = 0;
            for (int j = 0; j < outputs; j++)
            {
                z += Math.Exp(p[j] - max);
            }

            double lse = max + Math.Log(z);
            loss += lse - p[label];
            confidence[i] = Math.Exp(max - lse);
        }

        double accuracy = (double)correct / rows;
        return mode == MetricsMode.LeastSquares
            ? new EvaluationResult(name, loss / rows, accuracy, null)
            : new EvaluationResult(name, loss / rows, accuracy, ExpectedCalibrationError(confidence, hit));
    }

    /// <summary>ECE = Σ_b (n_b/N)·|accuracy_b − confidence_b| over <see cref="CalibrationBins"/> equal-width confidence bins.</summary>
    /// <param name="confidence">Each prediction's confidence (its top softmax probability).</param>
    /// <param name="correct">Whether each prediction was right.</param>
    /// <returns>The expected calibration error.</returns>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct)
    {
        if (confidence.Length != correct.Length)
        {
            throw new ArgumentException("one flag per confidence.", nameof(correct));
        }

        Span<double> sumConfidence = stackalloc double[CalibrationBins];
        Span<double> sumCorrect = stackalloc double[CalibrationBins];
        Span<int> counts = stackalloc int[CalibrationBins];
        for (int i = 0; i < confidence.Length; i++)
        {
            int bin = Math.Clamp((int)(confidence[i] * CalibrationBins), 0, CalibrationBins - 1);
            counts[bin]++;
            sumConfidence[bin] += confidence[i];
            sumCorrect[bin] += correct[i] ? 1 : 0;
        }

        double ece = 0;
        for (int b = 0; b < CalibrationBins; b++)
        {
            if (counts[b] > 0)
            {
                ece += Math.Abs(sumCorrect[b] - sumConfidence[b]) / confidence.Length;
            }
        }

        return ece;
    }
}

/// <summary>How a classifier's outputs are read.</summary>
public enum MetricsMode
{
    /// <summary>Logits of a softmax classifier: cross-entropy, accuracy and calibration.</summary>
    Probabilistic = 0,

    /// <summary>Least-squares scores regressed on one-hot targets: squared error and accuracy, no calibration.</summary>
    LeastSquares = 1,
}
