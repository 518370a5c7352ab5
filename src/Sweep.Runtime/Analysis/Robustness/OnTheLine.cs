namespace Sweep.Analysis.Robustness;

/// <summary>One model of an accuracy-on-the-line table.</summary>
/// <param name="Label">The model's name (a trial key, or the <c>--label</c> column).</param>
/// <param name="Id">In-distribution accuracy, a fraction in [0, 1].</param>
/// <param name="Ood">Out-of-distribution (shifted) accuracy, a fraction in [0, 1].</param>
/// <param name="Scale">The row's value of the scale column (for per-scale ρ), or null.</param>
/// <param name="IsReference">Whether the line is fitted to this row.</param>
public sealed record LinePoint(string Label, double Id, double Ood, string? Scale, bool IsReference);

/// <summary>How <see cref="OnTheLine.Fit"/> runs.</summary>
public sealed record OnTheLineOptions
{
    /// <summary>The link of both axes.</summary>
    public Link Link { get; init; } = Link.Probit;

    /// <summary>Bootstrap replicas (resampling the reference rows with replacement) for the intervals.</summary>
    public int Replicas { get; init; } = 1000;

    /// <summary>The intervals' coverage.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The bootstrap seed; the same seed gives the same intervals.</summary>
    public ulong Seed { get; init; } = 20200706;
}

/// <summary>An estimate with its bootstrap percentile interval.</summary>
/// <param name="Estimate">The estimate on the full data.</param>
/// <param name="Lower">The interval's lower end (NaN without replicas).</param>
/// <param name="Upper">The interval's upper end (NaN without replicas).</param>
public sealed record IntervalEstimate(double Estimate, double Lower, double Upper)
{
    /// <summary>Whether <paramref name="value"/> lies in [Lower, Upper].</summary>
    /// <param name="value">A value.</param>
    public bool Covers(double value) => value >= Lower && value <= Upper;
}

/// <summary>One row's effective robustness.</summary>
/// <param name="Label">The row's name.</param>
/// <param name="Scale">Its scale value, or null.</param>
/// <param name="Id">In-distribution accuracy (as given, before clipping).</param>
/// <param name="Ood">Shifted accuracy (as given).</param>
/// <param name="Predicted">The shifted accuracy the line predicts from <paramref name="Id"/>: link⁻¹(intercept + slope·link(id)).</param>
/// <param name="Rho">Effective robustness ρ = ood − predicted, with the interval the line's bootstrap gives it.</param>
/// <param name="IsReference">Whether the line was fitted to this row.</param>
public sealed record RowRobustness(string Label, string? Scale, double Id, double Ood, double Predicted, IntervalEstimate Rho, bool IsReference);

/// <summary>The mean effective robustness of one scale value's rows.</summary>
/// <param name="Scale">The value.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Id">Their mean in-distribution accuracy.</param>
/// <param name="Ood">Their mean shifted accuracy.</param>
/// <param name="Rho">Their mean ρ, with an interval from replicas that refit the line and resample the scale's rows.</param>
public sealed record ScaleRobustness(string Scale, int Rows, double Id, double Ood, IntervalEstimate Rho);

/// <summary>A point of the line's band in link space.</summary>
/// <param name="X">link(ID).</param>
/// <param name="Lower">The band's lower edge of link(OOD).</param>
/// <param name="Upper">Its upper edge.</param>
public sealed record BandPoint(double X, double Lower, double Upper);

/// <summary>What <see cref="OnTheLine.Fit"/> finds.</summary>
/// <param name="Link">The link.</param>
/// <param name="Points">Rows in the table.</param>
/// <param name="ReferencePoints">Rows the line was fitted to.</param>
/// <param name="Slope">The line's slope in link space.</param>
/// <param name="Intercept">Its intercept in link space.</param>
/// <param name="R">The Pearson correlation of link(id) and link(ood) over the reference rows.</param>
/// <param name="Rows">Every row's ρ, sorted by ρ descending (the most effectively robust first).</param>
/// <param name="Scales">Per scale value, in the order first seen (numeric values ascending); empty without a scale column.</param>
/// <param name="Band">The line's pointwise percentile band in link space, over the reference rows' link(ID) range (empty without replicas).</param>
/// <param name="Clipped">How many accuracies of 0 or 1 were moved <see cref="Links.ClipMargin"/> inside (0, 1).</param>
/// <param name="Replicas">The bootstrap replicas that fitted (a replica whose reference rows all share one id accuracy has no line).</param>
/// <param name="Confidence">The intervals' coverage.</param>
public sealed record OnTheLineResult(
    Link Link, int Points, int ReferencePoints, IntervalEstimate Slope, IntervalEstimate Intercept, IntervalEstimate R,
    IReadOnlyList<RowRobustness> Rows, IReadOnlyList<ScaleRobustness> Scales, IReadOnlyList<BandPoint> Band, int Clipped, int Replicas, double Confidence)
{
    /// <summary>The line's prediction of the shifted accuracy from an in-distribution one.</summary>
    /// <param name="id">An in-distribution accuracy.</param>
    public double Predict(double id) => Links.Inverse(Link, Intercept.Estimate + (Slope.Estimate * Links.Apply(Link, Links.Clip(Link, id, out _))));
}

/// <summary>
/// Accuracy on the line (Miller et al. 2021) and effective robustness (Taori et al. 2020): ordinary least squares of
/// link(OOD) on link(ID) over the reference rows, a percentile bootstrap over those rows for the slope, intercept and
/// r, and every row's ρ = OOD − link⁻¹(intercept + slope·link(ID)). A row's interval is the line's uncertainty at its
/// ID accuracy (its own test-set noise is not known from a table); a scale's mean ρ also resamples its rows (seeds).
/// </summary>
/// <example>
/// <code>
/// OnTheLineResult line = OnTheLine.Fit(points, new OnTheLineOptions { Link = Link.Probit });
/// Console.WriteLine($"slope {line.Slope.Estimate:F3} [{line.Slope.Lower:F3}, {line.Slope.Upper:F3}]");
/// </code>
/// </example>
public static class OnTheLine
{
    /// <summary>Fewest reference rows a line is fitted to.</summary>
    public const int MinimumReference = 3;

    private const int BandPoints = 40;

    /// <summary>Fits the line and every row's ρ.</summary>
    /// <param name="points">The rows; accuracies are fractions in [0, 1].</param>
    /// <param name="options">Link, replicas, confidence and seed.</param>
    /// <exception cref="ArgumentException">An accuracy outside [0, 1] or not finite, fewer than <see cref="MinimumReference"/> reference rows, or reference rows that all share one ID accuracy.</exception>
    public static OnTheLineResult Fit(IReadOnlyList<LinePoint> points, OnTheLineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new OnTheLineOptions();
        Link link = options.Link;
        int n = points.Count, clipped = 0;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            LinePoint p = points[i];
            foreach ((double value, string what) in new[] { (p.Id, "in-distribution"), (p.Ood, "shifted") })
            {
                if (!(value >= 0 && value <= 1))
                {
                    throw new ArgumentException($"row '{p.Label}': {what} accuracy {value} is not a fraction in [0, 1].", nameof(points));
                }
            }

            x[i] = Links.Apply(link, Links.Clip(link, p.Id, out bool cx));
            y[i] = Links.Apply(link, Links.Clip(link, p.Ood, out bool cy));
            clipped += (cx ? 1 : 0) + (cy ? 1 : 0);
        }

        int[] reference = [.. Enumerable.Range(0, n).Where(i => points[i].IsReference)];
        if (reference.Length < MinimumReference)
        {
            throw new ArgumentException($"{reference.Length} reference row(s); a line needs at least {MinimumReference}.", nameof(points));
        }

        if (Line(x, y, reference) is not { } line)
        {
            throw new ArgumentException($"the {reference.Length} reference rows all have the same in-distribution accuracy; no line fits them.", nameof(points));
        }

        // Replicas resample the reference rows; each scale's rows are resampled too, from the same stream.
        string?[] scaleOf = [.. points.Select(p => p.Scale)];
        List<string> scales = Ordered(scaleOf);
        Dictionary<string, int[]> members = scales.ToDictionary(s => s, s => Enumerable.Range(0, n).Where(i => scaleOf[i] == s).ToArray(), StringComparer.Ordinal);
        var slopes = new List<double>(options.Replicas);
        var intercepts = new List<double>(options.Replicas);
        var rs = new List<double>(options.Replicas);
        var rowRho = new List<double>[n];
        for (int i = 0; i < n; i++)
        {
            rowRho[i] = new List<double>(options.Replicas);
        }

        Dictionary<string, List<double>> scaleRho = scales.ToDictionary(s => s, _ => new List<double>(options.Replicas), StringComparer.Ordinal);
        var sample = new int[reference.Length];
        for (int b = 0; b < options.Replicas; b++)
        {
            var random = SplitMix64.ForStream(options.Seed, (ulong)b);
            for (int k = 0; k < sample.Length; k++)
            {
                sample[k] = reference[random.NextInt(reference.Length)];
            }

            if (Line(x, y, sample) is not { } replica)
            {
                continue;
            }

            slopes.Add(replica.Slope);
            intercepts.Add(replica.Intercept);
            rs.Add(replica.R);
            for (int i = 0; i < n; i++)
            {
                rowRho[i].Add(points[i].Ood - Links.Inverse(link, replica.Intercept + (replica.Slope * x[i])));
            }

            foreach (string s in scales)
            {
                int[] rows = members[s];
                double sum = 0;
                for (int k = 0; k < rows.Length; k++)
                {
                    sum += rowRho[rows[random.NextInt(rows.Length)]][^1];
                }

                scaleRho[s].Add(sum / rows.Length);
            }
        }

        double alpha = (1 - options.Confidence) / 2;
        IntervalEstimate Of(double estimate, List<double> replicas) => replicas.Count == 0
            ? new IntervalEstimate(estimate, double.NaN, double.NaN)
            : new IntervalEstimate(estimate, Statistics.Percentile(replicas, alpha), Statistics.Percentile(replicas, 1 - alpha));

        var rowResults = new RowRobustness[n];
        for (int i = 0; i < n; i++)
        {
            LinePoint p = points[i];
            double predicted = Links.Inverse(link, line.Intercept + (line.Slope * x[i]));
            rowResults[i] = new RowRobustness(p.Label, p.Scale, p.Id, p.Ood, predicted, Of(p.Ood - predicted, rowRho[i]), p.IsReference);
        }

        List<ScaleRobustness> perScale = [.. scales.Select(s =>
        {
            int[] rows = members[s];
            return new ScaleRobustness(s, rows.Length, rows.Average(i => points[i].Id), rows.Average(i => points[i].Ood), Of(rows.Average(i => rowResults[i].Rho.Estimate), scaleRho[s]));
        })];
        List<BandPoint> band = [];
        if (slopes.Count > 0)
        {
            double lo = reference.Min(i => x[i]), hi = reference.Max(i => x[i]);
            for (int g = 0; g <= BandPoints; g++)
            {
                double at = lo + ((hi - lo) * g / BandPoints);
                double[] values = [.. slopes.Select((s, b) => intercepts[b] + (s * at))];
                band.Add(new BandPoint(at, Statistics.Percentile(values, alpha), Statistics.Percentile(values, 1 - alpha)));
            }
        }

        return new OnTheLineResult(
            link, n, reference.Length, Of(line.Slope, slopes), Of(line.Intercept, intercepts), Of(line.R, rs),
            [.. rowResults.OrderByDescending(r => r.Rho.Estimate)], perScale, band, clipped, slopes.Count, options.Confidence);
    }

    /// <summary>OLS of y on x over the rows <paramref name="rows"/> (repeats allowed); null when x does not vary.</summary>
    private static (double Slope, double Intercept, double R)? Line(double[] x, double[] y, int[] rows)
    {
        double mx = 0, my = 0;
        foreach (int i in rows)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= rows.Length;
        my /= rows.Length;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (int i in rows)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (!(sxx > 1e-300))
        {
            return null;
        }

        double slope = sxy / sxx;
        double r = syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 1;
        return (slope, my - (slope * mx), r);
    }

    /// <summary>The distinct non-null values, numeric ones ascending, else in the order first seen.</summary>
    internal static List<string> Ordered(IEnumerable<string?> values)
    {
        List<string> distinct = [.. values.OfType<string>().Distinct(StringComparer.Ordinal)];
        bool numeric = distinct.All(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
        return numeric ? [.. distinct.OrderBy(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))] : distinct;
    }
}
