using Sweep.Kernels;
using Sweep.Storage;

namespace Sweep.Analysis.Collapse;

/// <summary>Settings of <see cref="CollapseAnalysis"/>.</summary>
/// <example>
/// <code>
/// CollapseResults results = CollapseAnalysis.Analyze(trials, CollapseOptions.Default with { Factor = 4 });
/// </code>
/// </example>
public sealed record CollapseOptions
{
    /// <summary>The defaults: 200 replicas, 95% intervals, a factor of 2, a tolerance of 10%.</summary>
    public static CollapseOptions Default { get; } = new();

    /// <summary>Bootstrap replicas (resampling whole seeds) for the intervals of rates, crossings and degradations.</summary>
    public int Replicas { get; init; } = 200;

    /// <summary>The bootstrap's seed: the same seed gives the same intervals.</summary>
    public ulong Seed { get; init; } = 20240501;

    /// <summary>The intervals' coverage.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The threshold of <see cref="ThresholdCrossing"/>: the median this many times worse than at the first fitted generation.</summary>
    public double Factor { get; init; } = 2.0;

    /// <summary>The degradation a fresh fraction may leave (<see cref="FreshFractionResult"/>): 0.1 is 10% worse than the first fitted generation.</summary>
    public double Tolerance { get; init; } = 0.1;
}

/// <summary>Which way a metric degrades as a chain collapses.</summary>
public enum Degradation
{
    /// <summary>A larger value is worse (losses, distances, perplexity).</summary>
    Up = 0,

    /// <summary>A smaller value is worse (variance, tail mass, coverage, accuracy).</summary>
    Down = 1,
}

/// <summary>An estimate with its interval.</summary>
/// <param name="Estimate">The estimate.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">The interval's upper end.</param>
public sealed record Interval(double Estimate, double Low, double High);

/// <summary>One checkpoint of a metric's trajectory over the seeds of a group.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="Seeds">Seeds with a value.</param>
/// <param name="Mean">The mean, with the interval mean ± z·SE.</param>
/// <param name="Median">The median, with the distribution-free interval between the order statistics n/2 ∓ z·√n/2.</param>
public sealed record TrajectoryPoint(int Generation, int Seeds, Interval Mean, Interval Median);

/// <summary>A metric over the generations of a group.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Points">One point per checkpoint, ascending.</param>
public sealed record MetricTrajectory(string Metric, IReadOnlyList<TrajectoryPoint> Points);

/// <summary>
/// How fast a group's mean trajectory moves over the fitted generations t ≥ 1: the slope of a straight line
/// <c>a + b·t</c> and the exponent of a power law <c>A·t^β</c> (fitted in logs), each with a bootstrap interval, and
/// which of the two fits the means better (the smaller root-mean-square relative residual).
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Slope">b, per generation.</param>
/// <param name="Exponent">β (null when a mean is not positive).</param>
/// <param name="Better">"linear" or "power", or null.</param>
/// <param name="Problem">Why no rate was fitted, or null.</param>
public sealed record CollapseRate(string Metric, Interval? Slope, Interval? Exponent, string? Better, string? Problem);

/// <summary>
/// When a group's median crosses a threshold: <see cref="CollapseOptions.Factor"/> times worse than at its first fitted
/// generation (interpolated linearly between checkpoints), with the bootstrap interval over the replicas that cross.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Baseline">The median at the first fitted generation.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="Generations">The generation where it crosses, or null when it does not within the chain.</param>
/// <param name="ReplicasCrossing">The share of bootstrap replicas whose median crosses within the chain.</param>
/// <param name="Problem">Why there is no crossing to look for, or null.</param>
public sealed record ThresholdCrossing(string Metric, double Baseline, double Threshold, Interval? Generations, double ReplicasCrossing, string? Problem);

/// <summary>The trajectories of one group (the seeds of one cell: equal axis values), and their rates and crossings.</summary>
/// <param name="Label">The cell's axis values, <c>A=1 B=2</c>.</param>
/// <param name="Axes">The cell's axis values.</param>
/// <param name="Policy">The cell's data policy.</param>
/// <param name="Generations">The chain's last generation.</param>
/// <param name="Seeds">Done seeds.</param>
/// <param name="Trajectories">One per metric that degrades.</param>
/// <param name="Rates">One per trajectory.</param>
/// <param name="Crossings">One per trajectory.</param>
public sealed record CollapseGroup(
    string Label,
    IReadOnlyList<KeyValuePair<string, StoredValue>> Axes,
    DataPolicy Policy,
    int Generations,
    int Seeds,
    IReadOnlyList<MetricTrajectory> Trajectories,
    IReadOnlyList<CollapseRate> Rates,
    IReadOnlyList<ThresholdCrossing> Crossings);

/// <summary>
/// Over groups that differ only in their policy (Replace counting as fraction 0, and FreshMix fractions): each
/// fraction's degradation of a metric's median at the last checkpoint from the first fitted generation (0.2 is 20%
/// worse), with a bootstrap interval, and the smallest fraction whose degradation is within the tolerance.
/// </summary>
/// <param name="Family">The groups' common axis values (the axes that do not set the policy).</param>
/// <param name="Metric">The metric.</param>
/// <param name="Generation">The checkpoint compared.</param>
/// <param name="Fractions">Each fraction and its degradation, ascending.</param>
/// <param name="Smallest">The smallest fraction within the tolerance, or null when none is.</param>
public sealed record FreshFractionResult(string Family, string Metric, int Generation, IReadOnlyList<(double Fraction, Interval Degradation)> Fractions, double? Smallest);

/// <summary>What <see cref="CollapseAnalysis.Analyze"/> found.</summary>
/// <param name="Groups">One per cell, in the trials' order.</param>
/// <param name="FreshFractions">The fresh-fraction comparisons, where the study swept fractions.</param>
/// <param name="PolicyAxes">The axes that set the policy (so figures draw one line per policy).</param>
/// <param name="Options">The settings.</param>
public sealed record CollapseResults(IReadOnlyList<CollapseGroup> Groups, IReadOnlyList<FreshFractionResult> FreshFractions, IReadOnlyList<string> PolicyAxes, CollapseOptions Options);

/// <summary>
/// The analysis of a collapse study: per cell (policy), each metric's trajectory over the generations with intervals
/// over seeds for its mean and its median (for the unbiased Gaussian the mean variance stays while the median collapses,
/// so a mean alone misleads), the collapse rate, the generations until the median crosses a threshold, and the smallest
/// fresh-data fraction that keeps degradation within a tolerance. Generation 0 is the real distribution: trajectories
/// include it, rates, crossings and degradations start at the first fitted generation.
/// </summary>
/// <example>
/// <code>
/// CollapseResults results = CollapseAnalysis.Analyze(store.ReadTrials("model-collapse"));
/// foreach (CollapseGroup group in results.Groups) Console.WriteLine($"{group.Label}: {group.Rates[0].Slope?.Estimate}");
/// </code>
/// </example>
public static class CollapseAnalysis
{
    /// <summary>The metrics whose trajectories are analysed, and which way each degrades.</summary>
    public static IReadOnlyDictionary<string, Degradation> Metrics { get; } = new Dictionary<string, Degradation>(StringComparer.Ordinal)
    {
        [Metric.TestLoss] = Degradation.Up,
        [Metric.ExcessLoss] = Degradation.Up,
        [Metric.FittedVariance] = Degradation.Down,
        [Metric.TailMass] = Degradation.Down,
        [Metric.Wasserstein2] = Degradation.Up,
        [Metric.KlDivergence] = Degradation.Up,
        [Metric.TotalVariation] = Degradation.Up,
        [Metric.Perplexity] = Degradation.Up,
        [Metric.VocabularyCoverage] = Degradation.Down,
        [Metric.TestAccuracy] = Degradation.Down,
    };

    /// <summary>Analyses a study's stored trials; chain trials only (others are ignored), done ones only.</summary>
    /// <param name="trials">The study's stored trials.</param>
    /// <param name="options">Settings (default <see cref="CollapseOptions.Default"/>).</param>
    /// <returns>The results; no groups when there is no chain trial.</returns>
    public static CollapseResults Analyze(IEnumerable<StoredTrial> trials, CollapseOptions? options = null)
    {
        options ??= CollapseOptions.Default;
        IReadOnlyList<ChainTrial> chains = ChainTrial.From(trials);
        List<CollapseGroup> groups = [];
        Dictionary<string, IReadOnlyList<ChainTrial>> byCell = [];
        foreach (IGrouping<string, ChainTrial> cell in chains.GroupBy(c => c.Trial.CellKey, StringComparer.Ordinal))
        {
            ChainTrial[] seeds = [.. cell];
            byCell[cell.Key] = seeds;
            groups.Add(Group(seeds, options));
        }

        string[] policyAxes = PolicyAxes(byCell.Values);
        return new CollapseResults(groups, FreshFractions(groups, byCell, policyAxes, options), policyAxes, options);
    }

    /// <summary>A cell's label without the axes that set its policy: the family it is compared within.</summary>
    /// <param name="group">The group.</param>
    /// <param name="policyAxes">The axes that set the policy.</param>
    /// <returns>The label, or "(all)".</returns>
    public static string FamilyLabel(CollapseGroup group, IReadOnlyList<string> policyAxes)
    {
        ArgumentNullException.ThrowIfNull(group);
        string label = string.Join(" ", group.Axes.Where(a => !policyAxes.Contains(a.Key)).Select(a => $"{a.Key}={a.Value.Text}"));
        return label.Length == 0 ? "(all)" : label;
    }

    private static CollapseGroup Group(ChainTrial[] seeds, CollapseOptions options)
    {
        ChainTrial first = seeds[0];
        int[] checkpoints = [.. seeds.SelectMany(s => s.Checkpoints).Distinct().Order()];
        string[] metrics = [.. Metrics.Keys.Where(m => seeds.Any(s => checkpoints.Any(t => s.Value(t, m) is not null)))];
        double z = CollapseStatistics.NormalQuantile(0.5 + (options.Confidence / 2));
        List<MetricTrajectory> trajectories = [];
        List<CollapseRate> rates = [];
        List<ThresholdCrossing> crossings = [];
        foreach (string metric in metrics)
        {
            // values[s][i]: seed s at checkpoint i (NaN where missing).
            double[][] values = [.. seeds.Select(s => checkpoints.Select(t => s.Value(t, metric) ?? double.NaN).ToArray())];
            List<TrajectoryPoint> points = [];
            for (int i = 0; i < checkpoints.Length; i++)
            {
                double[] column = [.. values.Select(v => v[i]).Where(v => !double.IsNaN(v))];
                if (column.Length > 0)
                {
                    points.Add(new TrajectoryPoint(checkpoints[i], column.Length, CollapseStatistics.Mean(column, z), CollapseStatistics.Median(column, z)));
                }
            }

            trajectories.Add(new MetricTrajectory(metric, points));
            (double[] generations, double[][] fitted) = Fitted(checkpoints, values);
            rates.Add(Rate(metric, generations, fitted, options));
            crossings.Add(Crossing(metric, Metrics[metric], generations, fitted, options));
        }

        string label = first.Trial.Axes.Count == 0 ? "(all)" : string.Join(" ", first.Trial.Axes.Select(a => $"{a.Key}={a.Value.Text}"));
        return new CollapseGroup(label, first.Trial.Axes, first.Policy, first.Generations, seeds.Length, trajectories, rates, crossings);
    }

    /// <summary>The fitted checkpoints (t ≥ 1) and each seed's values there, seeds with a value (possibly infinite) at every one.</summary>
    private static (double[] Generations, double[][] Values) Fitted(int[] checkpoints, double[][] values)
    {
        int[] columns = [.. Enumerable.Range(0, checkpoints.Length).Where(i => checkpoints[i] >= 1)];
        double[] generations = [.. columns.Select(i => (double)checkpoints[i])];
        double[][] rows = [.. values.Select(v => columns.Select(i => v[i]).ToArray()).Where(r => !r.Any(double.IsNaN))];
        return (generations, rows);
    }

    private static CollapseRate Rate(string metric, double[] generations, double[][] seeds, CollapseOptions options)
    {
        if (generations.Length < 2 || seeds.Length == 0)
        {
            return new CollapseRate(metric, null, null, null, "fewer than two fitted checkpoints with values");
        }

        if (seeds.Any(r => r.Any(double.IsInfinity)))
        {
            return new CollapseRate(metric, null, null, null, "a seed's value is infinite (a degenerate fit), so the mean is");
        }

        (double Slope, double? Exponent, string Better) Fit(double[][] rows)
        {
            double[] means = [.. Enumerable.Range(0, generations.Length).Select(i => rows.Average(r => r[i]))];
            (double a, double b) = CollapseStatistics.Line(generations, means);
            double? exponent = null;
            string better = "linear";
            if (means.All(m => m > 0))
            {
                (double logA, double beta) = CollapseStatistics.Line([.. generations.Select(t => Math.Log(t))], [.. means.Select(m => Math.Log(m))]);
                exponent = beta;
                double linear = CollapseStatistics.RelativeRms(means, [.. generations.Select(t => a + (b * t))]);
                double power = CollapseStatistics.RelativeRms(means, [.. generations.Select(t => Math.Exp(logA + (beta * Math.Log(t))))]);
                better = power < linear ? "power" : "linear";
            }

            return (b, exponent, better);
        }

        (double slope, double? exponent, string betterFit) = Fit(seeds);
        List<double> slopes = [], exponents = [];
        foreach (double[][] replica in CollapseStatistics.Resample(seeds, options.Replicas, options.Seed))
        {
            (double s, double? e, _) = Fit(replica);
            slopes.Add(s);
            if (e is double value)
            {
                exponents.Add(value);
            }
        }

        return new CollapseRate(
            metric,
            CollapseStatistics.Percentiles(slope, slopes, options.Confidence),
            exponent is double beta ? CollapseStatistics.Percentiles(beta, exponents, options.Confidence) : null,
            betterFit,
            null);
    }

    private static ThresholdCrossing Crossing(string metric, Degradation direction, double[] generations, double[][] seeds, CollapseOptions options)
    {
        if (generations.Length < 2 || seeds.Length == 0)
        {
            return new ThresholdCrossing(metric, double.NaN, double.NaN, null, 0, "fewer than two fitted checkpoints with values");
        }

        double baseline = Medians(seeds)[0];
        if (!(baseline > 0))
        {
            return new ThresholdCrossing(metric, baseline, double.NaN, null, 0, "the first fitted generation's median is not positive");
        }

        double threshold = direction == Degradation.Up ? baseline * options.Factor : baseline / options.Factor;
        double? Cross(double[][] rows)
        {
            double[] medians = Medians(rows);
            double start = medians[0];
            double limit = direction == Degradation.Up ? start * options.Factor : start / options.Factor;
            for (int i = 1; i < medians.Length; i++)
            {
                bool crossed = direction == Degradation.Up ? medians[i] >= limit : medians[i] <= limit;
                if (crossed)
                {
                    double fraction = (limit - medians[i - 1]) / (medians[i] - medians[i - 1]);
                    return generations[i - 1] + (Math.Clamp(fraction, 0, 1) * (generations[i] - generations[i - 1]));
                }
            }

            return null;
        }

        double? estimate = Cross(seeds);
        List<double> replicas = [];
        int total = 0;
        foreach (double[][] replica in CollapseStatistics.Resample(seeds, options.Replicas, options.Seed))
        {
            total++;
            if (Cross(replica) is double t)
            {
                replicas.Add(t);
            }
        }

        Interval? interval = estimate is double e
            ? replicas.Count > 0 ? CollapseStatistics.Percentiles(e, replicas, options.Confidence) : new Interval(e, e, e)
            : null;
        return new ThresholdCrossing(metric, baseline, threshold, interval, total == 0 ? (estimate is null ? 0 : 1) : (double)replicas.Count / total, null);
    }

    private static double[] Medians(double[][] rows)
        => [.. Enumerable.Range(0, rows[0].Length).Select(i => CollapseStatistics.MedianOf([.. rows.Select(r => r[i])]))];

    /// <summary>The axes that set the policy: some two cells that differ only in such an axis have different policies.</summary>
    private static string[] PolicyAxes(IEnumerable<IReadOnlyList<ChainTrial>> cells)
    {
        ChainTrial[] firsts = [.. cells.Select(c => c[0])];
        if (firsts.Length == 0)
        {
            return [];
        }

        List<string> axes = [];
        foreach (string axis in firsts[0].Trial.Axes.Select(a => a.Key))
        {
            bool sets = firsts.Any(a => firsts.Any(b => a.Policy != b.Policy
                && a.Trial.Axes.All(x => x.Key == axis || b.Trial.Axis(x.Key)?.Text == x.Value.Text)));
            if (sets)
            {
                axes.Add(axis);
            }
        }

        return [.. axes];
    }

    private static IReadOnlyList<FreshFractionResult> FreshFractions(
        List<CollapseGroup> groups, Dictionary<string, IReadOnlyList<ChainTrial>> cells, IReadOnlyList<string> policyAxes, CollapseOptions options)
    {
        List<FreshFractionResult> results = [];
        var candidates = groups.Where(g => g.Policy.Kind is DataPolicyKind.Replace or DataPolicyKind.FreshMix).ToList();
        foreach (IGrouping<string, CollapseGroup> family in candidates.GroupBy(g => cells[Key(g)][0].Family, StringComparer.Ordinal))
        {
            CollapseGroup[] members = [.. family.OrderBy(g => g.Policy.FreshFraction)];
            if (members.Select(g => g.Policy.FreshFraction).Distinct().Count() < 2)
            {
                continue;
            }

            foreach (string metric in members[0].Trajectories.Select(t => t.Metric))
            {
                int[] common = [.. members.Select(g => g.Trajectories.FirstOrDefault(t => t.Metric == metric)?.Points.Select(p => p.Generation) ?? [])
                    .Aggregate((a, b) => a.Intersect(b)).Where(t => t >= 1).Order()];
                if (common.Length < 2)
                {
                    continue;
                }

                int firstFitted = common[0], last = common[^1];
                List<(double, Interval)> fractions = [];
                foreach (CollapseGroup member in members)
                {
                    double[][] pairs = [.. cells[Key(member)]
                        .Select(s => new[] { s.Value(firstFitted, metric) ?? double.NaN, s.Value(last, metric) ?? double.NaN })
                        .Where(p => p.All(double.IsFinite))];
                    if (pairs.Length == 0)
                    {
                        continue;
                    }

                    double Degrade(double[][] rows)
                    {
                        double start = CollapseStatistics.MedianOf([.. rows.Select(r => r[0])]), end = CollapseStatistics.MedianOf([.. rows.Select(r => r[1])]);
                        return Metrics[metric] == Degradation.Up ? (end / start) - 1 : (start / end) - 1;
                    }

                    double estimate = Degrade(pairs);
                    List<double> replicas = [.. CollapseStatistics.Resample(pairs, options.Replicas, options.Seed).Select(Degrade).Where(double.IsFinite)];
                    fractions.Add((member.Policy.FreshFraction, replicas.Count > 0 ? CollapseStatistics.Percentiles(estimate, replicas, options.Confidence) : new Interval(estimate, estimate, estimate)));
                }

                double? smallest = fractions.Where(f => f.Item2.Estimate <= options.Tolerance).Select(f => (double?)f.Item1).FirstOrDefault();
                results.Add(new FreshFractionResult(FamilyLabel(members[0], policyAxes), metric, last, fractions, smallest));
            }
        }

        return results;
    }

    private static string Key(CollapseGroup group) => string.Join(";", group.Axes.Select(a => $"{a.Key}={a.Value.Text}"));
}

/// <summary>The statistics of the collapse analysis: intervals of means and medians over seeds, and a seeded bootstrap of whole seeds.</summary>
internal static class CollapseStatistics
{
    public static Interval Mean(double[] values, double z)
    {
        double mean = values.Average();
        if (values.Length < 2)
        {
            return new Interval(mean, mean, mean);
        }

        double se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
        return new Interval(mean, mean - (z * se), mean + (z * se));
    }

    /// <summary>The median, and the order statistics at ranks n/2 ∓ z·√n/2 (the binomial interval, normal approximation).</summary>
    public static Interval Median(double[] values, double z)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        double half = z * Math.Sqrt(n) / 2;
        int low = Math.Clamp((int)Math.Floor((n / 2.0) - half), 0, n - 1);
        int high = Math.Clamp((int)Math.Ceiling((n / 2.0) + half) - 1, 0, n - 1);
        return new Interval(MedianOfSorted(sorted), sorted[low], sorted[high]);
    }

    public static double MedianOf(double[] values) => MedianOfSorted([.. values.Order()]);

    /// <summary>Least squares y = a + b·x.</summary>
    public static (double Intercept, double Slope) Line(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        double slope = sxx > 0 ? sxy / sxx : 0;
        return (my - (slope * mx), slope);
    }

    public static double RelativeRms(double[] observed, double[] predicted)
        => Math.Sqrt(observed.Select((o, i) => Math.Pow((o - predicted[i]) / o, 2)).Average());

    /// <summary>Replicas of whole rows (seeds) drawn with replacement, from a seed.</summary>
    public static IEnumerable<T[]> Resample<T>(T[] rows, int replicas, ulong seed)
    {
        for (int r = 0; r < replicas; r++)
        {
            var replica = new T[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                replica[i] = rows[(int)((Philox.Bits(seed, (uint)r, (ulong)i) * (ulong)rows.Length) >> 32)];
            }

            yield return replica;
        }
    }

    /// <summary>The estimate with the percentile interval of its replicas.</summary>
    public static Interval Percentiles(double estimate, IReadOnlyList<double> replicas, double confidence)
    {
        double[] sorted = [.. replicas.Order()];
        return new Interval(estimate, Quantile(sorted, (1 - confidence) / 2), Quantile(sorted, 1 - ((1 - confidence) / 2)));
    }

    public static double NormalQuantile(double p) => Training.Collapse.CollapseMath.NormalQuantile(p);

    private static double Quantile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static double MedianOfSorted(double[] sorted) => (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
}
