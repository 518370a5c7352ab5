namespace Sweep.Analysis;

/// <summary>Small descriptive statistics used across the analysis (no allocation beyond what callers pass).</summary>
public static class Statistics
{
    /// <summary>The arithmetic mean.</summary>
    /// <param name="values">The values.</param>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? double.NaN : sum / values.Length;
    }

    /// <summary>Sample standard deviation (n − 1 denominator).</summary>
    /// <param name="values">The values.</param>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return double.NaN;
        }

        double mean = Mean(values), ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / (values.Length - 1));
    }

    /// <summary>Percentile of sorted values with linear interpolation between order statistics (type 7, numpy's default).</summary>
    /// <param name="sorted">Ascending values.</param>
    /// <param name="probability">In [0, 1].</param>
    public static double PercentileSorted(ReadOnlySpan<double> sorted, double probability)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double h = (sorted.Length - 1) * Math.Clamp(probability, 0, 1);
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Percentile of unsorted values (type 7).</summary>
    /// <param name="values">The values.</param>
    /// <param name="probability">In [0, 1].</param>
    public static double Percentile(IEnumerable<double> values, double probability)
    {
        double[] sorted = [.. values.Order()];
        return PercentileSorted(sorted, probability);
    }

    /// <summary>Median (type 7).</summary>
    /// <param name="values">The values.</param>
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>Ordinary least squares of y on x: intercept, slope and the residual root-mean-square.</summary>
    /// <param name="x">Regressor.</param>
    /// <param name="y">Response.</param>
    public static (double Intercept, double Slope, double Rms) LinearFit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        double mx = Mean(x), my = Mean(y), sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }

        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ss = 0;
        for (int i = 0; i < n; i++)
        {
            double r = y[i] - intercept - slope * x[i];
            ss += r * r;
        }

        return (intercept, slope, Math.Sqrt(ss / n));
    }
}
