namespace Sweep.Analysis;

/// <summary>
/// One row of a parameter table: a point estimate with its bootstrap standard error and percentile interval
/// (NaN when no bootstrap was run).
/// </summary>
/// <param name="Name">The parameter or derived quantity.</param>
/// <param name="Estimate">The value from the full-data fit.</param>
/// <param name="StandardError">Robust bootstrap standard error: half the central 68.27% range of the replicas (the standard
/// deviation for normally distributed replicas, and not blown up by a few wild ones).</param>
/// <param name="Lower">Lower percentile bound.</param>
/// <param name="Upper">Upper percentile bound.</param>
public sealed record ParameterEstimate(string Name, double Estimate, double StandardError, double Lower, double Upper)
{
    /// <summary>The normal distribution's mass below μ − σ: the percentiles at this tail and its complement are ±1σ apart.</summary>
    public const double OneSigmaTail = 0.15865525393145705;

    /// <summary>True when the interval contains <paramref name="value"/>.</summary>
    /// <param name="value">The value to test.</param>
    public bool Covers(double value) => value >= Lower && value <= Upper;

    /// <summary>An estimate from replica samples: SE = half the central 68.27% range, percentile interval at <paramref name="confidence"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="estimate">The point estimate.</param>
    /// <param name="samples">Replica values; non-finite ones are ignored.</param>
    /// <param name="confidence">Two-sided level, e.g. 0.95.</param>
    public static ParameterEstimate FromSamples(string name, double estimate, IEnumerable<double> samples, double confidence)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double[] finite = [.. samples.Where(double.IsFinite)];
        if (finite.Length < 2)
        {
            return new ParameterEstimate(name, estimate, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(finite);
        double tail = (1 - confidence) / 2;
        return new ParameterEstimate(
            name,
            estimate,
            (Statistics.PercentileSorted(finite, 1 - OneSigmaTail) - Statistics.PercentileSorted(finite, OneSigmaTail)) / 2,
            Statistics.PercentileSorted(finite, tail),
            Statistics.PercentileSorted(finite, 1 - tail));
    }

    /// <summary>An estimate without uncertainty.</summary>
    /// <param name="name">The name.</param>
    /// <param name="estimate">The value.</param>
    public static ParameterEstimate Point(string name, double estimate) => new(name, estimate, double.NaN, double.NaN, double.NaN);
}
