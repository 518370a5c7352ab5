using System.Globalization;

namespace Sweep.Reporting;

/// <summary>Culture-invariant number text for tables, reports and exports.</summary>
internal static class NumberFormat
{
    public static string Short(double value)
    {
        if (double.IsNaN(value))
        {
            return "–";
        }

        double magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude >= 1e5 || magnitude < 1e-3)
            ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>Mean ± sd, or the mean alone for one seed or a value that does not vary across seeds.</summary>
    public static string MeanSd(MetricStat stat)
        => stat.Count > 1 && stat.StandardDeviation > 1e-9 * Math.Abs(stat.Mean)
            ? $"{Short(stat.Mean)} ± {Short(stat.StandardDeviation)}"
            : Short(stat.Mean);

    public static string Exact(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span)
        => span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s");
}
