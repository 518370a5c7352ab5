namespace Sweep.Analysis;

/// <summary>
/// A fit's data in the form the objective kernels read: logarithms of the inputs and of the target, plus a weight per
/// point (1 for a plain fit, the resampling count for a bootstrap replica). Structure of arrays, so a kernel
/// (managed or accelerator) streams each column once.
/// </summary>
internal sealed class LawArrays
{
    public LawArrays(double[] logX1, double[] logX2, double[] logY, double[] weights)
    {
        LogX1 = logX1;
        LogX2 = logX2;
        LogY = logY;
        Weights = weights;
        Count = logY.Length;
    }

    /// <summary>log x (single-variable laws) or log N (joint laws).</summary>
    public double[] LogX1 { get; }

    /// <summary>log D for joint laws; empty otherwise.</summary>
    public double[] LogX2 { get; }

    /// <summary>log of the fitted quantity (the loss).</summary>
    public double[] LogY { get; }

    /// <summary>Weight of each point in the summed objective.</summary>
    public double[] Weights { get; }

    public int Count { get; }

    public double TotalWeight => Weights.Sum();

    /// <summary>Keeps the points with a positive count, weighted by it (a bootstrap replica without the zeros).</summary>
    public LawArrays Compact(ReadOnlySpan<int> counts)
    {
        int kept = 0;
        foreach (int c in counts)
        {
            kept += c > 0 ? 1 : 0;
        }

        bool joint = LogX2.Length > 0;
        var x1 = new double[kept];
        var x2 = joint ? new double[kept] : [];
        var y = new double[kept];
        var w = new double[kept];
        int j = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] <= 0)
            {
                continue;
            }

            x1[j] = LogX1[i];
            if (joint)
            {
                x2[j] = LogX2[i];
            }

            y[j] = LogY[i];
            w[j] = counts[i] * Weights[i];
            j++;
        }

        return new LawArrays(x1, x2, y, w);
    }
}
