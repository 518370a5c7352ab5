namespace Sweep.Analysis;

/// <summary>The mean test error at one value of the swept axis.</summary>
/// <param name="X">The axis value.</param>
/// <param name="Mean">Mean over seeds.</param>
/// <param name="StandardError">Standard error of the mean (NaN with one seed).</param>
/// <param name="Samples">Seeds (points) at this value.</param>
public sealed record CurvePoint(double X, double Mean, double StandardError, int Samples);

/// <summary>Settings of <see cref="DoubleDescent.Locate(FitData, DoubleDescentOptions?)"/>.</summary>
public sealed record DoubleDescentOptions
{
    /// <summary>Bootstrap replicas over seeds (0 for none).</summary>
    public int Replicas { get; init; } = 200;

    /// <summary>Bootstrap seed.</summary>
    public ulong Seed { get; init; } = 20220329;

    /// <summary>Interval level.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Refine the peak on a log axis (true for sizes and sample counts) or a linear one.</summary>
    public bool LogAxis { get; init; } = true;

    /// <summary>Options that resample as a fit's bootstrap does: its replicas, seed and interval level (no replicas when null).</summary>
    /// <param name="bootstrap">The fit's bootstrap settings, or null.</param>
    public static DoubleDescentOptions From(BootstrapOptions? bootstrap)
        => bootstrap is null ? new() { Replicas = 0 } : new() { Replicas = bootstrap.Replicas, Seed = bootstrap.Seed, Confidence = bootstrap.Confidence };
}

/// <summary>Where test error peaks along an axis, and how high relative to the valleys on each side.</summary>
/// <param name="Found">Whether the mean curve has an interior peak.</param>
/// <param name="PeakX">Peak location (refined by a parabola through the peak and its neighbours), with interval over seed bootstraps.</param>
/// <param name="PeakY">Peak height.</param>
/// <param name="LeftMinX">Location of the lowest mean error before the peak.</param>
/// <param name="LeftMinY">The lowest mean error before the peak.</param>
/// <param name="RightMinX">Location of the lowest mean error after the peak.</param>
/// <param name="RightMinY">The lowest mean error after the peak.</param>
/// <param name="ExcessOverLeft">PeakY − LeftMinY, with interval.</param>
/// <param name="ExcessOverRight">PeakY − RightMinY, with interval.</param>
/// <param name="RatioOverLeft">PeakY / LeftMinY, with interval.</param>
/// <param name="RatioOverRight">PeakY / RightMinY, with interval.</param>
/// <param name="FractionOfReplicasWithPeak">Share of bootstrap replicas whose mean curve also has an interior peak.</param>
/// <param name="Curve">The mean curve.</param>
/// <param name="PerSeedPeakX">Peak location of each seed's own curve (NaN where a seed has no interior peak), in seed order.</param>
/// <param name="Significant">
/// Whether the peak stands above the seed-to-seed noise: its rise over the higher of its two valleys (in log y when
/// every y is positive), in standard errors, exceeds what 95% of flat curves with the same seeds and spread show when
/// the most prominent of their wiggles is picked the same way (a Monte Carlo test over
/// <see cref="DoubleDescent.NullCurves"/> curves); null when there is no peak, or a single sample at some value gives
/// no spread. Any noisy curve has interior maxima: this tells a wiggle from a peak.
/// </param>
public sealed record DoubleDescentResult(
    bool Found, ParameterEstimate PeakX, ParameterEstimate PeakY, double LeftMinX, double LeftMinY, double RightMinX, double RightMinY,
    ParameterEstimate ExcessOverLeft, ParameterEstimate ExcessOverRight, ParameterEstimate RatioOverLeft, ParameterEstimate RatioOverRight,
    double FractionOfReplicasWithPeak, IReadOnlyList<CurvePoint> Curve, IReadOnlyList<double> PerSeedPeakX, bool? Significant);

/// <summary>
/// Locates the double-descent peak of test error along one axis (model size or training samples). The peak is the
/// interior local maximum of the seed-mean curve with the largest prominence above the lower of its two valleys; its
/// location is refined by the parabola (in log x) through it and its neighbours. Seeds are resampled as wholes for
/// intervals, so the uncertainty reflects seed-to-seed variation, not point count.
/// </summary>
public static class DoubleDescent
{
    /// <summary>Flat curves simulated for the significance test of a peak.</summary>
    public const int NullCurves = 1_000;

    private const ulong NullStream = 0x5157_4545_5045_414B;

    /// <summary>
    /// Locates the peak of <see cref="FitData.Y"/> along <see cref="FitData.X"/>, resampling whole
    /// <see cref="FitData.Replicates"/> (points within each x when there are none).
    /// </summary>
    /// <param name="data">The points; at least three distinct x.</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="FitDataException">Fewer than three distinct x: a peak needs a value on each side.</exception>
    public static DoubleDescentResult Locate(FitData data, DoubleDescentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.RequireDistinctScales(3, "a peak needs a value on each side of it");
        int[]? replicates = null;
        if (data.Replicates is { } labels)
        {
            Dictionary<string, int> ids = new(StringComparer.Ordinal);
            replicates = [.. labels.Select(l => ids.TryGetValue(l, out int id) ? id : ids[l] = ids.Count)];
        }

        return Locate(data.X, data.Y, replicates, options);
    }

    /// <summary>Locates the peak.</summary>
    /// <param name="x">Axis value per point.</param>
    /// <param name="y">Test error per point.</param>
    /// <param name="seeds">Seed label per point, or null (each point then counts as its own sample).</param>
    /// <param name="options">Settings.</param>
    public static DoubleDescentResult Locate(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int>? seeds = null, DoubleDescentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        options ??= new DoubleDescentOptions();
        if (x.Count != y.Count || (seeds is not null && seeds.Count != x.Count))
        {
            throw new ArgumentException("x, y and seeds must have the same length.", nameof(y));
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]) || (options.LogAxis && x[i] <= 0))
            {
                throw new FitDataException($"row {i + 1}: x = {x[i]}, y = {y[i]} must be finite{(options.LogAxis ? " with x > 0" : string.Empty)}.", "double-descent", row: i + 1, column: x[i] <= 0 ? "x" : "y");
            }
        }

        double[] xs = [.. x.Distinct().Order()];
        int[] level = [.. x.Select(v => Array.BinarySearch(xs, v))];
        var all = Enumerable.Range(0, x.Count).ToArray();
        var curve = MeanCurve(xs, level, y, all);
        var peak = FindPeak(xs, curve.Select(c => c.Mean).ToArray(), options.LogAxis);

        // Bootstrap: resample seeds as wholes (or points within each x when there are no seed labels).
        var reps = new List<Peak>();
        int withPeak = 0;
        int[] seedIds = seeds is null ? [] : [.. seeds.Distinct().Order()];
        for (int r = 0; r < options.Replicas; r++)
        {
            var rng = SplitMix64.ForStream(options.Seed, (ulong)r);
            var pick = new List<int>();
            if (seeds is not null)
            {
                for (int k = 0; k < seedIds.Length; k++)
                {
                    int s = seedIds[rng.NextInt(seedIds.Length)];
                    pick.AddRange(all.Where(i => seeds[i] == s));
                }
            }
            else
            {
                foreach (int l in Enumerable.Range(0, xs.Length))
                {
                    int[] members = [.. all.Where(i => level[i] == l)];
                    for (int k = 0; k < members.Length; k++)
                    {
                        pick.Add(members[rng.NextInt(members.Length)]);
                    }
                }
            }

            var repCurve = MeanCurve(xs, level, y, [.. pick]);
            if (repCurve.Any(c => c.Samples == 0))
            {
                continue;
            }

            var rp = FindPeak(xs, [.. repCurve.Select(c => c.Mean)], options.LogAxis);
            if (rp.Found)
            {
                withPeak++;
                reps.Add(rp);
            }
        }

        double[] perSeed = seeds is null
            ? []
            : [.. seedIds.Select(s =>
            {
                int[] members = [.. all.Where(i => seeds[i] == s)];
                var c = MeanCurve(xs, level, y, members);
                return c.Any(p => p.Samples == 0) ? double.NaN : FindPeak(xs, [.. c.Select(p => p.Mean)], options.LogAxis) is { Found: true } sp ? sp.X : double.NaN;
            })];

        ParameterEstimate Est(string name, double value, Func<Peak, double> of)
            => reps.Count >= 2 && peak.Found ? ParameterEstimate.FromSamples(name, value, reps.Select(of), options.Confidence) : ParameterEstimate.Point(name, value);

        return new DoubleDescentResult(
            peak.Found,
            Est("peak_x", peak.X, p => p.X),
            Est("peak_y", peak.Y, p => p.Y),
            peak.LeftX, peak.LeftY, peak.RightX, peak.RightY,
            Est("peak - left", peak.Y - peak.LeftY, p => p.Y - p.LeftY),
            Est("peak - right", peak.Y - peak.RightY, p => p.Y - p.RightY),
            Est("peak / left", peak.Y / peak.LeftY, p => p.Y / p.LeftY),
            Est("peak / right", peak.Y / peak.RightY, p => p.Y / p.RightY),
            options.Replicas == 0 ? double.NaN : withPeak / (double)options.Replicas,
            curve,
            perSeed,
            Significance(xs, SpreadCurve(xs, level, y, all), peak, options));
    }

    /// <summary>
    /// A Monte Carlo test of the peak against flat curves, on <see cref="SpreadCurve"/>: the peak's rise over its
    /// higher valley in units of that difference's standard error, against the same score of the most prominent
    /// interior maximum of each of <see cref="NullCurves"/> flat curves with the same seeds and seed-to-seed spread at
    /// every x. Significant when fewer than 5% of them score as high.
    /// </summary>
    private static bool? Significance(double[] xs, CurvePoint[] curve, Peak peak, DoubleDescentOptions options)
    {
        if (!peak.Found || curve.Any(c => c.Samples < 2 || double.IsNaN(c.StandardError)))
        {
            return null;
        }

        int valley = peak.LeftY >= peak.RightY ? peak.LeftIndex : peak.RightIndex;
        double observed = Rise(curve[peak.Index].Mean - curve[valley].Mean, curve[peak.Index].StandardError, curve[valley].StandardError);
        SplitMix64 rng = SplitMix64.ForStream(options.Seed, NullStream);
        double[] mean = new double[curve.Length], standardError = new double[curve.Length];
        int asHigh = 0;
        for (int r = 0; r < NullCurves; r++)
        {
            for (int k = 0; k < curve.Length; k++)
            {
                int n = curve[k].Samples;
                double spread = curve[k].StandardError * Math.Sqrt(n);
                double sum = 0, squares = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = spread * rng.NextGaussian();
                    sum += v;
                    squares += v * v;
                }

                mean[k] = sum / n;
                standardError[k] = Math.Sqrt(Math.Max(0, (squares - (sum * sum / n)) / (n - 1)) / n);
            }

            if (Score(xs, mean, standardError, options.LogAxis) >= observed)
            {
                asHigh++;
            }
        }

        return (asHigh + 1.0) / (NullCurves + 1.0) < 0.05;
    }

    /// <summary>The most prominent interior maximum's rise over its higher valley, in standard errors (0 without one).</summary>
    private static double Score(double[] xs, double[] mean, double[] standardError, bool logAxis)
    {
        Peak peak = FindPeak(xs, mean, logAxis);
        if (!peak.Found)
        {
            return 0;
        }

        int valley = peak.LeftY >= peak.RightY ? peak.LeftIndex : peak.RightIndex;
        return Rise(mean[peak.Index] - mean[valley], standardError[peak.Index], standardError[valley]);
    }

    /// <summary>A rise in units of its standard error, from the standard errors of its two ends.</summary>
    private static double Rise(double rise, double topError, double valleyError)
    {
        double error = Math.Sqrt((topError * topError) + (valleyError * valleyError));
        return error > 0 ? rise / error : rise > 0 ? double.PositiveInfinity : 0;
    }

    /// <summary>
    /// The curve the significance test works on: the seed-means of log y when every y is positive (test errors near an
    /// interpolation peak are heavy-tailed across seeds, and their logs are not), else of y.
    /// </summary>
    private static CurvePoint[] SpreadCurve(double[] xs, int[] level, IReadOnlyList<double> y, int[] members)
        => y.All(v => v > 0) ? MeanCurve(xs, level, [.. y.Select(v => Math.Log(v))], members) : MeanCurve(xs, level, y, members);

    private static CurvePoint[] MeanCurve(double[] xs, int[] level, IReadOnlyList<double> y, int[] members)
    {
        var groups = new List<double>[xs.Length];
        for (int l = 0; l < xs.Length; l++)
        {
            groups[l] = [];
        }

        foreach (int i in members)
        {
            groups[level[i]].Add(y[i]);
        }

        return [.. groups.Select((g, l) =>
        {
            double[] v = [.. g];
            return new CurvePoint(xs[l], v.Length == 0 ? double.NaN : Statistics.Mean(v), v.Length < 2 ? double.NaN : Statistics.StandardDeviation(v) / Math.Sqrt(v.Length), v.Length);
        })];
    }

    private static Peak FindPeak(double[] xs, double[] mean, bool logAxis)
    {
        int n = mean.Length;
        int best = -1;
        double bestProminence = 0;
        for (int i = 1; i < n - 1; i++)
        {
            if (!(mean[i] > mean[i - 1] && mean[i] >= mean[i + 1]))
            {
                continue;
            }

            double left = mean.Take(i).Min(), right = mean.Skip(i + 1).Min();
            double prominence = mean[i] - Math.Max(left, right);
            if (prominence > bestProminence)
            {
                best = i;
                bestProminence = prominence;
            }
        }

        if (best < 0)
        {
            return new Peak(false, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, -1, -1, -1);
        }

        // Refine with the parabola through the peak and its neighbours, kept between the neighbours.
        double U(double v) => logAxis ? Math.Log(v) : v;
        double[] u = [U(xs[best - 1]), U(xs[best]), U(xs[best + 1])];
        double[] m = [mean[best - 1], mean[best], mean[best + 1]];
        var (c0, c1, c2) = IsoFlop.Parabola(u, m);
        double uPeak = u[1], yPeak = m[1];
        if (c2 < 0 && double.IsFinite(c1))
        {
            uPeak = Math.Clamp(-c1 / (2 * c2), u[0], u[2]);
            yPeak = c0 + c1 * uPeak + c2 * uPeak * uPeak;
        }

        int li = Array.IndexOf(mean, mean.Take(best).Min());
        int ri = best + 1 + Array.IndexOf(mean.Skip(best + 1).ToArray(), mean.Skip(best + 1).Min());
        return new Peak(true, logAxis ? Math.Exp(uPeak) : uPeak, yPeak, xs[li], mean[li], xs[ri], mean[ri], best, li, ri);
    }

    private readonly record struct Peak(bool Found, double X, double Y, double LeftX, double LeftY, double RightX, double RightY, int Index, int LeftIndex, int RightIndex);
}
