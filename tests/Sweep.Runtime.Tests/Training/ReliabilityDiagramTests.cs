using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>Reliability bins next to the ECE: where predictions fall, what each bin holds, and that the ECE is their weighted gap.</summary>
public sealed class ReliabilityDiagramTests
{
    [Fact]
    public void EveryConfidence09WithAccuracy08_IsOneBinWithConfidence09AndAccuracy08()
    {
        double[] confidence = [.. Enumerable.Repeat(0.9, 10)];
        bool[] correct = [.. Enumerable.Range(0, 10).Select(i => i < 8)];

        ReliabilityDiagram diagram = EvaluationMetrics.Reliability(confidence, correct);

        Assert.Equal(15, diagram.Bins.Count);
        ReliabilityBin bin = Assert.Single(diagram.Bins, b => b.Count > 0);
        Assert.Equal(13, bin.Bin); // 0.9·15 = 13.5
        Assert.Equal(10, bin.Count);
        Assert.Equal(0.9, bin.Confidence, 12);
        Assert.Equal(0.8, bin.Accuracy, 12);
        Assert.True(bin.Lower <= 0.9 && 0.9 < bin.Upper);
        Assert.All(diagram.Bins.Where(b => b.Count == 0), b => Assert.True(double.IsNaN(b.Confidence) && double.IsNaN(b.Accuracy)));
        Assert.Equal(0.1, diagram.ExpectedCalibrationError, 12);
        Assert.Equal(0.1, EvaluationMetrics.ExpectedCalibrationError(confidence, correct), 12);
    }

    [Fact]
    public void Evaluate_OfLogitsWithSoftmax09_StoresTheOneBin_AndTheEceIsItsGap()
    {
        // Two classes, logits (ln 9, 0): softmax 0.9 for class 0 on every row; 8 of 10 rows are class 0.
        const int rows = 10;
        float[] logits = [.. Enumerable.Range(0, rows).SelectMany(_ => new[] { (float)Math.Log(9), 0f })];
        float[] labels = [.. Enumerable.Range(0, rows).Select(i => i < 8 ? 0f : 1f)];
        var data = new Dataset(rows, 1, 2, isClassification: true, new float[rows], labels);

        EvaluationResult r = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);

        ReliabilityBin bin = Assert.Single(r.Reliability!.Bins, b => b.Count > 0);
        Assert.Equal((13, 10), (bin.Bin, bin.Count));
        Assert.Equal(0.9, bin.Confidence, 6);
        Assert.Equal(0.8, bin.Accuracy, 12);
        Assert.Equal(0.1, r.CalibrationError!.Value, 6);
    }

    [Fact]
    public void Ece_IsTheCountWeightedGapOfTheBins_WhichMatchANaiveBinning()
    {
        Random random = new(17);
        const int rows = 2_000, classes = 3;
        float[] logits = [.. Enumerable.Range(0, rows * classes).Select(_ => (float)(3 * random.NextDouble() - 1.5))];
        float[] labels = [.. Enumerable.Range(0, rows).Select(_ => (float)random.Next(classes))];
        var data = new Dataset(rows, 1, classes, isClassification: true, new float[rows], labels);

        EvaluationResult r = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);
        ReliabilityDiagram diagram = r.Reliability!;

        (int[] count, double[] sumConfidence, double[] sumCorrect) = NaiveBins(logits, labels, classes, temperature: 1);

        Assert.Equal(count, diagram.Bins.Select(b => b.Count));
        Assert.True(count.Count(c => c > 0) >= 5, "the random logits should fill several bins");
        double ece = 0;
        foreach (ReliabilityBin bin in diagram.Bins.Where(b => b.Count > 0))
        {
            Assert.Equal(sumConfidence[bin.Bin] / count[bin.Bin], bin.Confidence, 9);
            Assert.Equal(sumCorrect[bin.Bin] / count[bin.Bin], bin.Accuracy, 12);
            ece += (double)bin.Count / rows * Math.Abs(bin.Accuracy - bin.Confidence);
        }

        Assert.Equal(r.CalibrationError!.Value, ece, 12);
        Assert.Equal(r.CalibrationError!.Value, diagram.ExpectedCalibrationError, 12);
        Assert.Equal(r.MaxCalibrationError!.Value, diagram.Bins.Where(b => b.Count > 0).Max(b => Math.Abs(b.Accuracy - b.Confidence)), 12);
    }

    [Fact]
    public void TheTemperatureScaledDiagram_BinsTheScaledConfidences_OfTheSameHits_AndItsGapIsTheCalibratedEce()
    {
        Random random = new(29);
        const int rows = 3_000, classes = 4;
        const double temperature = 2.5;
        float[] logits = [.. Enumerable.Range(0, rows * classes).Select(_ => (float)(4 * random.NextDouble() - 2))];
        float[] labels = [.. Enumerable.Range(0, rows).Select(_ => (float)random.Next(classes))];
        var data = new Dataset(rows, 1, classes, isClassification: true, new float[rows], labels);

        EvaluationResult r = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic, temperature);
        ReliabilityDiagram scaled = r.CalibratedReliability!;

        (int[] count, double[] sumConfidence, double[] sumCorrect) = NaiveBins(logits, labels, classes, temperature);

        Assert.Equal(count, scaled.Bins.Select(b => b.Count));
        foreach (ReliabilityBin bin in scaled.Bins.Where(b => b.Count > 0))
        {
            Assert.Equal(sumConfidence[bin.Bin] / count[bin.Bin], bin.Confidence, 9);
            Assert.Equal(sumCorrect[bin.Bin] / count[bin.Bin], bin.Accuracy, 12);
        }

        Assert.Equal(r.CalibratedError!.Value, scaled.ExpectedCalibrationError, 12);
        Assert.Equal(r.Accuracy!.Value, scaled.Bins.Where(b => b.Count > 0).Sum(b => b.Count * b.Accuracy) / rows, 12);
        Assert.NotEqual(r.Reliability, scaled);
        Assert.True(scaled.Bins.Where(b => b.Count > 0).Sum(b => b.Count * b.Confidence) < r.Reliability!.Bins.Where(b => b.Count > 0).Sum(b => b.Count * b.Confidence),
            "T > 1 lowers every top probability");
    }

    [Fact]
    public void AtTemperatureOne_TheScaledDiagramIsTheDiagramAsTrained_AndWithoutATemperatureThereIsNone()
    {
        Random random = new(31);
        const int rows = 500, classes = 3;
        float[] logits = [.. Enumerable.Range(0, rows * classes).Select(_ => (float)(3 * random.NextDouble()))];
        float[] labels = [.. Enumerable.Range(0, rows).Select(_ => (float)random.Next(classes))];
        var data = new Dataset(rows, 1, classes, isClassification: true, new float[rows], labels);

        EvaluationResult one = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic, temperature: 1.0);
        EvaluationResult none = EvaluationMetrics.Evaluate("t", logits, data, MetricsMode.Probabilistic);

        Assert.Equal(one.Reliability!.Bins.Select(b => b.Count), one.CalibratedReliability!.Bins.Select(b => b.Count));
        foreach ((ReliabilityBin a, ReliabilityBin s) in one.Reliability.Bins.Zip(one.CalibratedReliability.Bins).Where(p => p.First.Count > 0))
        {
            Assert.Equal(a.Confidence, s.Confidence, 12);
            Assert.Equal(a.Accuracy, s.Accuracy, 12);
        }

        Assert.Null(none.CalibratedReliability);
    }

    [Fact]
    public void Pool_IsTheDiagramOfAllThePredictionsTogether()
    {
        Random random = new(3);
        double[] c1 = [.. Enumerable.Range(0, 300).Select(_ => 0.3 + 0.7 * random.NextDouble())];
        double[] c2 = [.. Enumerable.Range(0, 500).Select(_ => 0.5 + 0.5 * random.NextDouble())];
        bool[] h1 = [.. c1.Select(c => random.NextDouble() < c)];
        bool[] h2 = [.. c2.Select(c => random.NextDouble() < c - 0.2)];

        ReliabilityDiagram pooled = ReliabilityDiagram.Pool([EvaluationMetrics.Reliability(c1, h1), EvaluationMetrics.Reliability(c2, h2)]);
        ReliabilityDiagram together = EvaluationMetrics.Reliability([.. c1, .. c2], [.. h1, .. h2]);

        Assert.Equal(800, pooled.Count);
        Assert.Equal(together.Bins.Select(b => b.Count), pooled.Bins.Select(b => b.Count));
        foreach ((ReliabilityBin p, ReliabilityBin t) in pooled.Bins.Zip(together.Bins).Where(x => x.Second.Count > 0))
        {
            Assert.Equal(t.Confidence, p.Confidence, 12);
            Assert.Equal(t.Accuracy, p.Accuracy, 12);
        }

        Assert.Equal(EvaluationMetrics.ExpectedCalibrationError([.. c1, .. c2], [.. h1, .. h2]), pooled.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void RegressionAndLeastSquaresClassifiers_HaveNoDiagram()
    {
        var regression = new Dataset(2, 1, 1, isClassification: false, [0f, 0f], [1f, -1f]);
        var classes = new Dataset(2, 1, 2, isClassification: true, [0f, 0f], [0f, 1f]);

        Assert.Null(EvaluationMetrics.Evaluate("t", [0f, 1f], regression, MetricsMode.Probabilistic).Reliability);
        Assert.Null(EvaluationMetrics.Evaluate("t", [1f, 0f, 1f, 0f], classes, MetricsMode.LeastSquares).Reliability);
    }

    [Fact]
    public void Diagrams_CompareByTheirBins_AndRefuseAWrongNumberOfBins()
    {
        ReliabilityDiagram a = EvaluationMetrics.Reliability([0.9, 0.4], [true, false]);
        ReliabilityDiagram b = EvaluationMetrics.Reliability([0.9, 0.4], [true, false]);
        ReliabilityDiagram c = EvaluationMetrics.Reliability([0.9, 0.4], [true, true]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Throws<ArgumentException>(() => new ReliabilityDiagram([.. a.Bins.Take(14)]));
    }

    /// <summary>
    /// Independently of the product's binning: each row's top class (of the unscaled logits), its probability under
    /// softmax(z / T), and bin b when b/15 ≤ p &lt; (b+1)/15 (the last bin includes 1); each bin's count, summed
    /// confidence and summed hits.
    /// </summary>
    private static (int[] Count, double[] SumConfidence, double[] SumCorrect) NaiveBins(float[] logits, float[] labels, int classes, double temperature)
    {
        int[] count = new int[15];
        double[] sumConfidence = new double[15], sumCorrect = new double[15];
        for (int i = 0; i < labels.Length; i++)
        {
            float[] z = logits[(i * classes)..((i + 1) * classes)];
            int top = Array.IndexOf(z, z.Max());
            double p = 1 / z.Sum(v => Math.Exp(((double)v - z[top]) / temperature));
            int b = Enumerable.Range(0, 15).Single(k => k / 15.0 <= p && (p < (k + 1) / 15.0 || k == 14));
            count[b]++;
            sumConfidence[b] += p;
            sumCorrect[b] += top == (int)labels[i] ? 1 : 0;
        }

        return (count, sumConfidence, sumCorrect);
    }
}
