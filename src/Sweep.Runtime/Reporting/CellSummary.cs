using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>Mean, sample standard deviation and count of one metric across a cell's seeds.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The sample standard deviation (0 for one seed).</param>
/// <param name="Count">How many seeds had a value.</param>
public readonly record struct MetricStat(double Mean, double StandardDeviation, int Count);

/// <summary>One grid cell (axis values without the seed) of one evaluation, aggregated over seeds.</summary>
/// <param name="Axes">The cell's axis values.</param>
/// <param name="Derived">The cell's derived values.</param>
/// <param name="Evaluation">The evaluation.</param>
/// <param name="Seeds">Done trials (seeds) in the cell.</param>
/// <param name="Metrics">Per metric, its statistics over seeds.</param>
public sealed record CellSummary(
    IReadOnlyList<KeyValuePair<string, StoredValue>> Axes,
    IReadOnlyList<KeyValuePair<string, StoredValue>> Derived,
    string Evaluation,
    int Seeds,
    IReadOnlyDictionary<string, MetricStat> Metrics)
{
    /// <summary>The cell as <c>A=1 B=2</c>.</summary>
    public string Label => Axes.Count == 0 ? "(all)" : string.Join(" ", Axes.Select(a => $"{a.Key}={a.Value.Text}"));

    /// <summary>Aggregates done trials by cell and evaluation, in the trials' grid order.</summary>
    /// <param name="trials">Stored trials of one study.</param>
    /// <returns>The cells.</returns>
    public static IReadOnlyList<CellSummary> Summarize(IEnumerable<StoredTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        List<CellSummary> cells = [];
        foreach (IGrouping<string, StoredTrial> cell in trials.Where(t => t.Status == TrialStatus.Done).GroupBy(t => t.CellKey, StringComparer.Ordinal))
        {
            StoredTrial first = cell.First();
            IEnumerable<string> evaluations = cell.SelectMany(t => t.Metrics.Keys).Distinct(StringComparer.Ordinal);
            foreach (string evaluation in evaluations)
            {
                Dictionary<string, List<double>> values = new(StringComparer.Ordinal);
                foreach (StoredTrial trial in cell)
                {
                    if (!trial.Metrics.TryGetValue(evaluation, out IReadOnlyDictionary<string, double>? metrics))
                    {
                        continue;
                    }

                    foreach ((string name, double value) in metrics)
                    {
                        if (!double.IsNaN(value))
                        {
                            if (!values.TryGetValue(name, out List<double>? list))
                            {
                                list = [];
                                values[name] = list;
                            }

                            list.Add(value);
                        }
                    }
                }

                Dictionary<string, MetricStat> stats = values.ToDictionary(p => p.Key, p => Stat(p.Value), StringComparer.Ordinal);
                cells.Add(new CellSummary(first.Axes, first.Derived, evaluation, cell.Count(), stats));
            }
        }

        return cells;
    }

    /// <summary>The metric shown first in tables: the one asked for, else test loss if recorded, else the first metric by name.</summary>
    /// <param name="cells">The cells.</param>
    /// <param name="requested">The metric the user asked for (<c>--metric</c>), or null.</param>
    /// <returns>The metric's name, or null when there are no metrics.</returns>
    /// <exception cref="ArgumentException">The requested metric was never recorded.</exception>
    public static string? HeadlineMetric(IReadOnlyList<CellSummary> cells, string? requested = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        HashSet<string> names = cells.SelectMany(c => c.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        if (requested is not null)
        {
            return names.Contains(requested) || names.Count == 0
                ? requested
                : throw new ArgumentException($"--metric: '{requested}' was not recorded; recorded metrics are {string.Join(", ", names.Order(StringComparer.Ordinal))}.");
        }

        return names.Contains(Metric.TestLoss) ? Metric.TestLoss : names.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    internal static MetricStat Stat(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new MetricStat(mean, Math.Sqrt(variance), values.Count);
    }
}
