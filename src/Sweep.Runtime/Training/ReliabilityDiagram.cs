namespace Sweep.Training;

/// <summary>One equal-width confidence bin of a <see cref="ReliabilityDiagram"/>.</summary>
/// <param name="Bin">The bin's index b, covering confidences [b/B, (b+1)/B) (the last bin includes 1).</param>
/// <param name="Count">How many predictions fell in it.</param>
/// <param name="Confidence">Their mean confidence (top softmax probability), or NaN for an empty bin.</param>
/// <param name="Accuracy">The fraction of them that were right, or NaN for an empty bin.</param>
/// <example>
/// <code>
/// foreach (ReliabilityBin bin in diagram.Bins.Where(b =&gt; b.Count &gt; 0))
///     Console.WriteLine($"{bin.Lower:F2}–{bin.Upper:F2}: {bin.Count} predictions, confidence {bin.Confidence:F3}, accuracy {bin.Accuracy:F3}");
/// </code>
/// </example>
public readonly record struct ReliabilityBin(int Bin, int Count, double Confidence, double Accuracy)
{
    /// <summary>The bin's lower edge, b/B.</summary>
    public double Lower => (double)Bin / EvaluationMetrics.CalibrationBins;

    /// <summary>The bin's upper edge, (b+1)/B.</summary>
    public double Upper => (double)(Bin + 1) / EvaluationMetrics.CalibrationBins;
}

/// <summary>
/// A reliability diagram (Guo et al. 2017): a classifier's predictions grouped into <see cref="EvaluationMetrics.CalibrationBins"/>
/// equal-width bins of confidence, each with its count, mean confidence and accuracy; a calibrated model's bins lie on
/// the diagonal. The expected calibration error is the count-weighted gap Σ_b (n_b/n)·|acc_b − conf_b|. Diagrams compare
/// by their bins' values.
/// </summary>
/// <example>
/// <code>
/// ReliabilityDiagram diagram = EvaluationMetrics.Reliability(confidence, correct);
/// ReliabilityDiagram pooled = ReliabilityDiagram.Pool([diagram, other]);   // count-weighted, bin by bin
/// Console.WriteLine($"ECE {pooled.ExpectedCalibrationError:F3} over {pooled.Count} predictions");
/// </code>
/// </example>
public sealed class ReliabilityDiagram : IEquatable<ReliabilityDiagram>
{
    /// <summary>A diagram of bins, one per index from 0 to <see cref="EvaluationMetrics.CalibrationBins"/> − 1, in order.</summary>
    /// <param name="bins">The bins.</param>
    /// <exception cref="ArgumentException">The bins are not exactly one per index, in order, with non-negative counts.</exception>
    public ReliabilityDiagram(IReadOnlyList<ReliabilityBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        if (bins.Count != EvaluationMetrics.CalibrationBins || bins.Select((b, i) => b.Bin != i || b.Count < 0).Any(bad => bad))
        {
            throw new ArgumentException($"a reliability diagram has {EvaluationMetrics.CalibrationBins} bins, indexed 0 to {EvaluationMetrics.CalibrationBins - 1} in order, with counts of 0 or more.", nameof(bins));
        }

        Bins = [.. bins];
    }

    /// <summary>The bins, by index (empty ones included, with NaN confidence and accuracy).</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }

    /// <summary>The predictions counted, over every bin.</summary>
    public int Count => Bins.Sum(b => b.Count);

    /// <summary>Σ_b (n_b/n)·|acc_b − conf_b| over the non-empty bins; NaN for a diagram of no predictions.</summary>
    public double ExpectedCalibrationError
    {
        get
        {
            int n = Count;
            return n == 0 ? double.NaN : Bins.Where(b => b.Count > 0).Sum(b => (double)b.Count / n * Math.Abs(b.Accuracy - b.Confidence));
        }
    }

    /// <summary>
    /// Pools diagrams of several models (seeds, other axes) into one, bin by bin: counts add, and each bin's
    /// confidence and accuracy are the count-weighted means of the diagrams' (what one diagram of all their predictions would show).
    /// </summary>
    /// <param name="diagrams">The diagrams.</param>
    /// <returns>The pooled diagram.</returns>
    public static ReliabilityDiagram Pool(IEnumerable<ReliabilityDiagram> diagrams)
    {
        ArgumentNullException.ThrowIfNull(diagrams);
        int bins = EvaluationMetrics.CalibrationBins;
        long[] counts = new long[bins];
        double[] confidence = new double[bins], accuracy = new double[bins];
        foreach (ReliabilityDiagram diagram in diagrams)
        {
            foreach (ReliabilityBin bin in diagram.Bins.Where(b => b.Count > 0))
            {
                counts[bin.Bin] += bin.Count;
                confidence[bin.Bin] += bin.Count * bin.Confidence;
                accuracy[bin.Bin] += bin.Count * bin.Accuracy;
            }
        }

        return new ReliabilityDiagram([.. Enumerable.Range(0, bins).Select(b => counts[b] == 0
            ? new ReliabilityBin(b, 0, double.NaN, double.NaN)
            : new ReliabilityBin(b, checked((int)counts[b]), confidence[b] / counts[b], accuracy[b] / counts[b]))]);
    }

    /// <inheritdoc />
    public bool Equals(ReliabilityDiagram? other) => other is not null && Bins.SequenceEqual(other.Bins);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ReliabilityDiagram);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = new();
        foreach (ReliabilityBin bin in Bins)
        {
            hash.Add(bin);
        }

        return hash.ToHashCode();
    }
}
