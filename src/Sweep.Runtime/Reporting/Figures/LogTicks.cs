
namespace Sweep.Reporting.Figures;

/// <summary>
/// Tick marks for a log axis (positions are log10 of the values) with a readable label at every decade: over two decades
/// or more, 10ⁿ labelled and 2…9 × 10ⁿ as minor ticks; over less, the 1-2-5 steps (or every integer multiple when
/// even those are too few) labelled, so an axis from 4 to 64 reads 5, 10, 20, 50 rather than one lonely 10.
/// </summary>
internal static class LogTicks
{
    public static ScottPlot.TickGenerators.NumericManual For(double minLog, double maxLog)
    {
        ScottPlot.TickGenerators.NumericManual ticks = new();
        foreach ((double position, string? label) in Ticks(minLog, maxLog))
        {
            if (label is null)
            {
                ticks.AddMinor(position);
            }
            else
            {
                ticks.AddMajor(position, label);
            }
        }

        return ticks;
    }

    /// <summary>The ticks' positions (log10 of the values), labelled for major ticks and null for minor ones.</summary>
    public static IReadOnlyList<(double Position, string? Label)> Ticks(double minLog, double maxLog)
    {
        List<(double Position, string? Label)> ticks = [];
        double low = Math.Pow(10, minLog), high = Math.Pow(10, maxLog);
        int first = (int)Math.Floor(minLog), last = (int)Math.Ceiling(maxLog);
        List<double> labelled = [];
        if (maxLog - minLog >= 2)
        {
            labelled.AddRange(Enumerable.Range(first, last - first + 1).Select(k => Math.Pow(10, k)));
        }
        else
        {
            foreach (int[] steps in new[] { new[] { 1, 2, 5 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } })
            {
                labelled = [.. Multiples(first, last, steps).Where(v => v >= low * 0.999 && v <= high * 1.001)];
                if (labelled.Count >= 3)
                {
                    break;
                }
            }
        }

        foreach (double value in labelled)
        {
            ticks.Add((Math.Log10(value), Label(value)));
        }

        foreach (double value in Multiples(first, last, [1, 2, 3, 4, 5, 6, 7, 8, 9]).Where(v => !labelled.Contains(v)))
        {
            ticks.Add((Math.Log10(value), null));
        }

        return ticks;
    }

    /// <summary>A tick's label: the plain number from 0.001 to 9999 (0.002, 50, 2000), else <c>2e5</c>, <c>1e-6</c>.</summary>
    public static string Label(double value)
    {
        int exponent = (int)Math.Floor(Math.Log10(value) + 1e-9);
        if (exponent is >= -3 and <= 3)
        {
            return value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        }

        double mantissa = value / Math.Pow(10, exponent);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mantissa:0.##}e{exponent}");
    }

    private static IEnumerable<double> Multiples(int first, int last, int[] steps)
    {
        for (int k = first; k <= last; k++)
        {
            foreach (int step in steps)
            {
                yield return step * Math.Pow(10, k);
            }
        }
    }
}
