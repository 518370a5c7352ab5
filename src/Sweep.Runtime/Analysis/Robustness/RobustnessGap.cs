namespace Sweep.Analysis.Robustness;

/// <summary>One model's clean and shifted metric at its scale.</summary>
/// <param name="Scale">The scale (positive).</param>
/// <param name="Clean">The clean metric.</param>
/// <param name="Shifted">The shifted metric.</param>
public sealed record GapPoint(double Scale, double Clean, double Shifted)
{
    /// <summary>clean − shifted.</summary>
    public double Gap => Clean - Shifted;
}

/// <summary>Whether the gap's magnitude falls, stays or grows with scale (the slope's interval decides).</summary>
public enum GapTrend
{
    /// <summary>The slope's interval excludes zero and the gap's magnitude falls with scale.</summary>
    Closes = 0,

    /// <summary>The slope's interval contains zero.</summary>
    Stays = 1,

    /// <summary>The slope's interval excludes zero and the gap's magnitude grows with scale.</summary>
    Widens = 2,
}

/// <summary>What <see cref="RobustnessGap.Fit"/> finds.</summary>
/// <param name="Points">Rows fitted.</param>
/// <param name="Scales">Distinct scales.</param>
/// <param name="Intercept">a in gap = a + b·log₁₀(x).</param>
/// <param name="Slope">b: the change of the gap per tenfold scale.</param>
/// <param name="MeanGap">The mean gap over the rows.</param>
/// <param name="Trend">Closes, stays or widens.</param>
/// <param name="ClosesAt">Where the line reaches zero, 10^(−a/b), with a percentile interval over the replicas that close; null unless it closes.</param>
/// <param name="ClosingReplicas">The share of bootstrap replicas whose line closes (slope against the mean gap's sign).</param>
/// <param name="Replicas">Bootstrap replicas that fitted.</param>
/// <param name="Confidence">The intervals' coverage.</param>
public sealed record RobustnessGapResult(
    int Points, int Scales, IntervalEstimate Intercept, IntervalEstimate Slope, double MeanGap, GapTrend Trend, IntervalEstimate? ClosesAt, double ClosingReplicas, int Replicas, double Confidence)
{
    /// <summary>The fitted gap at a scale.</summary>
    /// <param name="scale">A positive scale.</param>
    public double Predict(double scale) => Intercept.Estimate + (Slope.Estimate * Math.Log10(scale));
}

/// <summary>
/// The robustness gap as a function of scale: <c>gap = a + b·log₁₀(x)</c> by least squares over every row, with a
/// bootstrap that resamples whole scales' rows (cells) within each scale, so seeds stay the unit of noise. The
/// gap closes when b's interval excludes zero on the side against the mean gap, widens when it excludes zero on the
/// other side, and otherwise stays; a closing line reaches zero at x = 10^(−a/b), which may lie far beyond the data.
/// </summary>
/// <example>
/// <code>
/// RobustnessGapResult gap = RobustnessGap.Fit(points);
/// Console.WriteLine($"{gap.Trend}: {gap.Slope.Estimate:F4} per decade");
/// </code>
/// </example>
public static class RobustnessGap
{
    /// <summary>Fits the gap's trend.</summary>
    /// <param name="points">The rows; scales must be positive and finite, metrics finite.</param>
    /// <param name="replicas">Bootstrap replicas.</param>
    /// <param name="confidence">The intervals' coverage.</param>
    /// <param name="seed">The bootstrap seed.</param>
    /// <exception cref="ArgumentException">A bad value, or fewer than two distinct scales.</exception>
    public static RobustnessGapResult Fit(IReadOnlyList<GapPoint> points, int replicas = 1000, double confidence = 0.95, ulong seed = 20180619)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (GapPoint p in points)
        {
            if (!(p.Scale > 0) || !double.IsFinite(p.Scale) || !double.IsFinite(p.Clean) || !double.IsFinite(p.Shifted))
            {
                throw new ArgumentException($"a row at scale {p.Scale} (clean {p.Clean}, shifted {p.Shifted}): scales must be positive and metrics finite.", nameof(points));
            }
        }

        double[][] cells = [.. points.GroupBy(p => p.Scale).OrderBy(g => g.Key).Select(g => g.Select(p => p.Gap).ToArray())];
        double[] logScale = [.. points.Select(p => p.Scale).Distinct().Order().Select(Math.Log10)];
        if (cells.Length < 2)
        {
            throw new ArgumentException($"{cells.Length} distinct scale(s); the gap's trend needs at least 2.", nameof(points));
        }

        (double a, double b) = Line(logScale, cells);
        double mean = points.Average(p => p.Gap);
        var intercepts = new List<double>(replicas);
        var slopes = new List<double>(replicas);
        var crossings = new List<double>(replicas);
        double[][] sample = [.. cells.Select(c => new double[c.Length])];
        for (int r = 0; r < replicas; r++)
        {
            var random = SplitMix64.ForStream(seed, (ulong)r);
            for (int c = 0; c < cells.Length; c++)
            {
                for (int k = 0; k < cells[c].Length; k++)
                {
                    sample[c][k] = cells[c][random.NextInt(cells[c].Length)];
                }
            }

            (double ra, double rb) = Line(logScale, sample);
            intercepts.Add(ra);
            slopes.Add(rb);
            if (rb != 0 && Math.Sign(rb) != Math.Sign(mean))
            {
                crossings.Add(-ra / rb);
            }
        }

        double alpha = (1 - confidence) / 2;
        IntervalEstimate Of(double estimate, List<double> values) => values.Count == 0
            ? new IntervalEstimate(estimate, double.NaN, double.NaN)
            : new IntervalEstimate(estimate, Statistics.Percentile(values, alpha), Statistics.Percentile(values, 1 - alpha));
        IntervalEstimate slope = Of(b, slopes);
        GapTrend trend = slope.Covers(0) || replicas == 0 ? GapTrend.Stays : Math.Sign(b) != Math.Sign(mean) ? GapTrend.Closes : GapTrend.Widens;
        IntervalEstimate? closesAt = null;
        if (trend == GapTrend.Closes)
        {
            IntervalEstimate log = Of(-a / b, crossings);
            closesAt = new IntervalEstimate(Math.Pow(10, log.Estimate), Math.Pow(10, log.Lower), Math.Pow(10, log.Upper));
        }

        return new RobustnessGapResult(
            points.Count, cells.Length, Of(a, intercepts), slope, mean, trend, closesAt, replicas == 0 ? double.NaN : (double)crossings.Count / replicas, replicas, confidence);
    }

    /// <summary>Least squares of every cell's gaps on its log-scale.</summary>
    private static (double A, double B) Line(double[] logScale, double[][] cells)
    {
        double n = 0, mx = 0, my = 0;
        for (int c = 0; c < cells.Length; c++)
        {
            foreach (double g in cells[c])
            {
                n++;
                mx += logScale[c];
                my += g;
            }
        }

        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int c = 0; c < cells.Length; c++)
        {
            foreach (double g in cells[c])
            {
                sxx += (logScale[c] - mx) * (logScale[c] - mx);
                sxy += (logScale[c] - mx) * (g - my);
            }
        }

        double b = sxy / sxx;
        return (my - (b * mx), b);
    }
}
