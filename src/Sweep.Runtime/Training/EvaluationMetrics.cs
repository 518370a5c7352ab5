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
public sealed record EvaluationResult(string Name, double Loss, double? Accuracy, double? CalibrationError)
{
    /// <summary>Maximum calibration error over the non-empty bins of <see cref="CalibrationError"/> (probabilistic classifiers), else null.</summary>
    public double? MaxCalibrationError { get; init; }

    /// <summary>Brier score, the mean of Σ_k (p_k − 1[k = label])² (probabilistic classifiers), else null.</summary>
    public double? Brier { get; init; }

    /// <summary>The temperature fitted on the validation split (<see cref="DataSpec.Validation"/>), else null.</summary>
    public double? Temperature { get; init; }

    /// <summary>The expected calibration error of the logits divided by <see cref="Temperature"/>, else null.</summary>
    public double? CalibratedError { get; init; }

    /// <summary>The NLL of the logits divided by <see cref="Temperature"/>, else null.</summary>
    public double? CalibratedLoss { get; init; }

    /// <summary>The AUROC of the maximum softmax probability separating clean test inputs from this evaluation's (a shifted evaluation of a probabilistic classifier), else null.</summary>
    public double? MspAuroc { get; init; }

    /// <summary>
    /// The reliability diagram behind <see cref="CalibrationError"/>: its <see cref="EvaluationMetrics.CalibrationBins"/> bins'
    /// counts, mean confidences and accuracies (probabilistic classifiers), else null.
    /// </summary>
    public ReliabilityDiagram? Reliability { get; init; }

    /// <summary>
    /// The reliability diagram of the temperature-scaled model, softmax(logits / <see cref="Temperature"/>), behind
    /// <see cref="CalibratedError"/>: the same predictions in the same bins of their scaled confidence (the argmax, so
    /// each bin's hits, are the model's as trained), else null.
    /// </summary>
    public ReliabilityDiagram? CalibratedReliability { get; init; }
}

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
        => Evaluate(name, predictions, data, mode, temperature: null);

    /// <summary>
    /// Metrics of predictions, and with a <paramref name="temperature"/> (a probabilistic classifier's, from
    /// <see cref="FitTemperature"/>) the ECE and NLL of the logits divided by it. Accuracy is the argmax of the logits
    /// as given, so temperature scaling cannot change it.
    /// </summary>
    /// <param name="name">The evaluation's name.</param>
    /// <param name="predictions">Model outputs: values (regression) or logits (classification).</param>
    /// <param name="data">The data.</param>
    /// <param name="mode">Whether a classifier's outputs are logits or least-squares scores.</param>
    /// <param name="temperature">The fitted temperature, or null.</param>
    /// <returns>The metrics.</returns>
    public static EvaluationResult Evaluate(string name, ReadOnlySpan<float> predictions, Dataset data, MetricsMode mode, double? temperature)
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
        if (mode == MetricsMode.LeastSquares)
        {
            return new EvaluationResult(name, loss / rows, accuracy, null);
        }

        Calibration plain = Calibrate(predictions, data, hit, 1.0, diagram: false);
        EvaluationResult result = new(name, loss / rows, accuracy, ExpectedCalibrationError(confidence, hit))
        {
            MaxCalibrationError = plain.Mce,
            Brier = plain.Brier,
            Reliability = Reliability(confidence, hit),
        };
        if (temperature is double t)
        {
            Calibration scaled = Calibrate(predictions, data, hit, t, diagram: true);
            result = result with { Temperature = t, CalibratedError = scaled.Ece, CalibratedLoss = scaled.Nll, CalibratedReliability = scaled.Reliability };
        }

        return result;
    }

    /// <summary>
    /// Temperature scaling (Guo et al. 2017): the T &gt; 0 minimising the NLL of softmax(logits / T) on held-out data.
    /// The NLL is convex in 1/T, so a golden-section search over log T in [1e-3, 1e3] finds it; T = 1 is kept unless
    /// the search does better, so the fitted NLL on <paramref name="data"/> is never above the uncalibrated one.
    /// </summary>
    /// <param name="logits">Logits rows×classes on the validation split.</param>
    /// <param name="data">The validation split (class labels).</param>
    /// <returns>The temperature.</returns>
    public static double FitTemperature(ReadOnlySpan<float> logits, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsClassification || logits.Length != (long)data.Rows * data.Outputs)
        {
            throw new ArgumentException($"expected {data.Rows}×{data.Outputs} logits of a classification set.", nameof(logits));
        }

        float[] z = logits.ToArray();
        double Nll(double logT) => NegativeLogLikelihood(z, data, Math.Exp(logT));
        double lo = Math.Log(1e-3), hi = Math.Log(1e3);
        double phi = (Math.Sqrt(5) - 1) / 2;
        double c = hi - (phi * (hi - lo)), d = lo + (phi * (hi - lo));
        double fc = Nll(c), fd = Nll(d);
        for (int i = 0; i < 80; i++)
        {
            if (fc <= fd)
            {
                hi = d;
                d = c;
                fd = fc;
                c = hi - (phi * (hi - lo));
                fc = Nll(c);
            }
            else
            {
                lo = c;
                c = d;
                fc = fd;
                d = lo + (phi * (hi - lo));
                fd = Nll(d);
            }
        }

        double best = 0.5 * (lo + hi);
        return Nll(best) < Nll(0) ? Math.Exp(best) : 1.0;
    }

    /// <summary>Mean −log softmax(logits / T)[label].</summary>
    /// <param name="logits">Logits rows×classes.</param>
    /// <param name="data">The labels.</param>
    /// <param name="temperature">T &gt; 0.</param>
    public static double NegativeLogLikelihood(ReadOnlySpan<float> logits, Dataset data, double temperature)
    {
        ArgumentNullException.ThrowIfNull(data);
        int outputs = data.Outputs;
        double sum = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            ReadOnlySpan<float> p = logits.Slice(i * outputs, outputs);
            double max = double.NegativeInfinity;
            for (int j = 0; j < outputs; j++)
            {
                max = Math.Max(max, p[j] / temperature);
            }

            double zsum = 0;
            for (int j = 0; j < outputs; j++)
            {
                zsum += Math.Exp((p[j] / temperature) - max);
            }

            sum += max + Math.Log(zsum) - (p[(int)data.Y[i]] / temperature);
        }

        return sum / data.Rows;
    }

    /// <summary>
    /// Calibration of softmax(logits / T) with the predictions' hits fixed (so the argmax is the unscaled one): ECE and
    /// MCE over <see cref="CalibrationBins"/> equal-width bins of the top class's probability, Brier score and NLL.
    /// </summary>
    /// <param name="logits">Logits rows×classes.</param>
    /// <param name="data">The labels.</param>
    /// <param name="temperature">T &gt; 0 (1 for the model as trained).</param>
    /// <returns>The metrics.</returns>
    public static Calibration Calibrate(ReadOnlySpan<float> logits, Dataset data, double temperature)
    {
        ArgumentNullException.ThrowIfNull(data);
        int outputs = data.Outputs;
        var hit = new bool[data.Rows];
        for (int i = 0; i < data.Rows; i++)
        {
            hit[i] = ArgMax(logits.Slice(i * outputs, outputs)) == (int)data.Y[i];
        }

        return Calibrate(logits, data, hit, temperature, diagram: true);
    }

    /// <summary>The calibration at T, with its reliability diagram when asked (the model as trained has its own, from <see cref="Evaluate(string, ReadOnlySpan{float}, Dataset, MetricsMode, double?)"/>'s confidences).</summary>
    private static Calibration Calibrate(ReadOnlySpan<float> logits, Dataset data, bool[] hit, double temperature, bool diagram)
    {
        int rows = data.Rows, outputs = data.Outputs;
        var confidence = new double[rows];
        var prob = new double[outputs];
        double brier = 0, nll = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> p = logits.Slice(i * outputs, outputs);
            int best = ArgMax(p), label = (int)data.Y[i];
            double max = p[best] / temperature, z = 0;
            for (int j = 0; j < outputs; j++)
            {
                prob[j] = Math.Exp((p[j] / temperature) - max);
                z += prob[j];
            }

            for (int j = 0; j < outputs; j++)
            {
                prob[j] /= z;
                double e = prob[j] - (j == label ? 1.0 : 0.0);
                brier += e * e;
            }

            nll += max + Math.Log(z) - (p[label] / temperature);
            confidence[i] = prob[best];
        }

        (double ece, double mce) = CalibrationErrors(confidence, hit);
        return new Calibration(ece, mce, brier / rows, nll / rows) { Reliability = diagram ? Reliability(confidence, hit) : null };
    }

    private static int ArgMax(ReadOnlySpan<float> p)
    {
        int best = 0;
        for (int j = 1; j < p.Length; j++)
        {
            if (p[j] > p[best])
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>The maximum softmax probability of every row of logits rows×classes.</summary>
    /// <param name="logits">Logits.</param>
    /// <param name="classes">Classes per row.</param>
    /// <returns>One confidence per row.</returns>
    public static double[] MaxSoftmax(ReadOnlySpan<float> logits, int classes)
    {
        int rows = logits.Length / classes;
        var msp = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> p = logits.Slice(i * classes, classes);
            double max = p[ArgMax(p)], z = 0;
            for (int j = 0; j < classes; j++)
            {
                z += Math.Exp(p[j] - max);
            }

            msp[i] = 1 / z;
        }

        return msp;
    }

    /// <summary>
    /// The area under the ROC curve of a score telling <paramref name="positive"/> from <paramref name="negative"/>: the
    /// probability that a random positive scores above a random negative, ties counted half (the Mann–Whitney U over
    /// n₊·n₋), computed from ranks in O(n log n).
    /// </summary>
    /// <param name="positive">Scores of the positives (in-distribution inputs).</param>
    /// <param name="negative">Scores of the negatives (shifted inputs).</param>
    /// <returns>The AUROC in [0, 1].</returns>
    public static double Auroc(ReadOnlySpan<double> positive, ReadOnlySpan<double> negative)
    {
        if (positive.IsEmpty || negative.IsEmpty)
        {
            throw new ArgumentException("an AUROC needs at least one positive and one negative.");
        }

        var all = new (double Score, bool Positive)[positive.Length + negative.Length];
        for (int i = 0; i < positive.Length; i++)
        {
            all[i] = (positive[i], true);
        }

        for (int i = 0; i < negative.Length; i++)
        {
            all[positive.Length + i] = (negative[i], false);
        }

        Array.Sort(all, (a, b) => a.Score.CompareTo(b.Score));
        double rankSum = 0;
        for (int start = 0; start < all.Length;)
        {
            int end = start;
            while (end + 1 < all.Length && all[end + 1].Score == all[start].Score)
            {
                end++;
            }

            double rank = ((start + end) / 2.0) + 1;
            for (int k = start; k <= end; k++)
            {
                rankSum += all[k].Positive ? rank : 0;
            }

            start = end + 1;
        }

        double n1 = positive.Length, n0 = negative.Length;
        return (rankSum - (n1 * (n1 + 1) / 2)) / (n1 * n0);
    }

    /// <summary>The maximum calibration error: max over non-empty bins of |accuracy_b − confidence_b|, bins as <see cref="ExpectedCalibrationError"/>'s.</summary>
    /// <param name="confidence">Each prediction's confidence.</param>
    /// <param name="correct">Whether each prediction was right.</param>
    /// <returns>The maximum calibration error.</returns>
    public static double MaxCalibrationError(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct) => CalibrationErrors(confidence, correct).Mce;

    private static (double Ece, double Mce) CalibrationErrors(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct)
    {
        Span<double> sumConfidence = stackalloc double[CalibrationBins];
        Span<double> sumCorrect = stackalloc double[CalibrationBins];
        Span<int> counts = stackalloc int[CalibrationBins];
        Bin(confidence, correct, sumConfidence, sumCorrect, counts);
        double ece = 0, mce = 0;
        for (int b = 0; b < CalibrationBins; b++)
        {
            if (counts[b] > 0)
            {
                ece += Math.Abs(sumCorrect[b] - sumConfidence[b]) / confidence.Length;
                mce = Math.Max(mce, Math.Abs(sumCorrect[b] - sumConfidence[b]) / counts[b]);
            }
        }

        return (ece, mce);
    }

    /// <summary>
    /// The reliability diagram of predictions: their <see cref="CalibrationBins"/> equal-width confidence bins, as
    /// <see cref="ExpectedCalibrationError"/> and <see cref="MaxCalibrationError"/> bin them, with each bin's count,
    /// mean confidence and accuracy (so the ECE is Σ_b (n_b/N)·|accuracy_b − confidence_b| of these bins).
    /// </summary>
    /// <param name="confidence">Each prediction's confidence (its top softmax probability).</param>
    /// <param name="correct">Whether each prediction was right.</param>
    /// <returns>The diagram, empty bins included.</returns>
    public static ReliabilityDiagram Reliability(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct)
    {
        Span<double> sumConfidence = stackalloc double[CalibrationBins];
        Span<double> sumCorrect = stackalloc double[CalibrationBins];
        Span<int> counts = stackalloc int[CalibrationBins];
        Bin(confidence, correct, sumConfidence, sumCorrect, counts);
        var bins = new ReliabilityBin[CalibrationBins];
        for (int b = 0; b < CalibrationBins; b++)
        {
            bins[b] = counts[b] == 0
                ? new ReliabilityBin(b, 0, double.NaN, double.NaN)
                : new ReliabilityBin(b, counts[b], sumConfidence[b] / counts[b], sumCorrect[b] / counts[b]);
        }

        return new ReliabilityDiagram(bins);
    }

    /// <summary>Sums each bin's confidences and hits: bin ⌊confidence·B⌋, a confidence of 1 in the last bin.</summary>
    private static void Bin(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct, Span<double> sumConfidence, Span<double> sumCorrect, Span<int> counts)
    {
        if (confidence.Length != correct.Length)
        {
            throw new ArgumentException("one flag per confidence.", nameof(correct));
        }

        for (int i = 0; i < confidence.Length; i++)
        {
            int bin = Math.Clamp((int)(confidence[i] * CalibrationBins), 0, CalibrationBins - 1);
            counts[bin]++;
            sumConfidence[bin] += confidence[i];
            sumCorrect[bin] += correct[i] ? 1 : 0;
        }
    }

    /// <summary>ECE = Σ_b (n_b/N)·|accuracy_b − confidence_b| over <see cref="CalibrationBins"/> equal-width confidence bins.</summary>
    /// <param name="confidence">Each prediction's confidence (its top softmax probability).</param>
    /// <param name="correct">Whether each prediction was right.</param>
    /// <returns>The expected calibration error.</returns>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> confidence, ReadOnlySpan<bool> correct) => CalibrationErrors(confidence, correct).Ece;
}

/// <summary>Calibration of a softmax classifier's probabilities.</summary>
/// <param name="Ece">Expected calibration error, 15 equal-width bins.</param>
/// <param name="Mce">Maximum calibration error over the non-empty bins.</param>
/// <param name="Brier">Brier score.</param>
/// <param name="Nll">Mean negative log-likelihood, in nats.</param>
/// <example>
/// <code>
/// Calibration c = EvaluationMetrics.Calibrate(logits, test, temperature: 1.0);
/// Console.WriteLine($"ECE {c.Ece:F3}, Brier {c.Brier:F3}");
/// </code>
/// </example>
public sealed record Calibration(double Ece, double Mce, double Brier, double Nll)
{
    /// <summary>The reliability diagram behind <see cref="Ece"/> and <see cref="Mce"/>: the same bins of the scaled confidences.</summary>
    public ReliabilityDiagram? Reliability { get; init; }
}

/// <summary>How a classifier's outputs are read.</summary>
public enum MetricsMode
{
    /// <summary>Logits of a softmax classifier: cross-entropy, accuracy and calibration.</summary>
    Probabilistic = 0,

    /// <summary>Least-squares scores regressed on one-hot targets: squared error and accuracy, no calibration.</summary>
    LeastSquares = 1,
}
