using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// What every report of one study is built from, read from the store once: the current trials (stale ones left out),
/// their cells aggregated over seeds, the runs, the headline metric, the scale axes and the outcome metrics. The
/// exporters (Markdown, HTML, the console table) read this and never the store.
/// </summary>
/// <example><code>
/// StudySummary summary = StudySummary.Read(store, "quickstart");
/// IReadOnlyList&lt;string&gt; axes = summary.ScaleAxes; // ["Features", "TrainSize"]
/// </code></example>
public sealed class StudySummary
{
    private StudySummary(string study, IReadOnlyList<StoredTrial> trials, IReadOnlyList<StoredRun> runs, string storePath, string? metric)
    {
        Study = study;
        Trials = trials;
        Runs = runs;
        StorePath = storePath;
        RequestedMetric = metric;
        Cells = CellSummary.Summarize(trials);
        Headline = CellSummary.HeadlineMetric(Cells, metric);
        ScaleAxes = FindScaleAxes(Cells);
        Evaluations = [.. Cells.Select(c => c.Evaluation).Distinct(StringComparer.Ordinal)];
        Failures = [.. trials.Where(t => t.Status == TrialStatus.Failed)];
        IsChain = CollapseSection.IsChain(trials);
        OutcomeMetrics = [.. Cells.SelectMany(c => c.Metrics.Keys).Distinct(StringComparer.Ordinal)
            .Where(m => m == Headline || !CostMetrics.Contains(m))
            .OrderBy(m => m == Headline ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal)];
    }

    /// <summary>Metrics that count what a trial cost rather than measure how it did; figures leave them out.</summary>
    public static IReadOnlySet<string> CostMetrics { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Metric.Parameters, Metric.Tokens, Metric.Flops, Metric.WallSeconds,
    };

    /// <summary>The study's name.</summary>
    public string Study { get; }

    /// <summary>The current trials, in grid order.</summary>
    public IReadOnlyList<StoredTrial> Trials { get; }

    /// <summary>The done trials' cells, one per cell and evaluation.</summary>
    public IReadOnlyList<CellSummary> Cells { get; }

    /// <summary>The runs that wrote the study, oldest first.</summary>
    public IReadOnlyList<StoredRun> Runs { get; }

    /// <summary>The store's file.</summary>
    public string StorePath { get; }

    /// <summary>The metric shown first (<see cref="CellSummary.HeadlineMetric"/>), or null when nothing was recorded.</summary>
    public string? Headline { get; }

    /// <summary>The metric asked for (<c>--metric</c>), or null.</summary>
    public string? RequestedMetric { get; }

    /// <summary>Numeric axes (not booleans) that take two or more values: what figures put on their x-axis.</summary>
    public IReadOnlyList<string> ScaleAxes { get; }

    /// <summary>The recorded metrics other than <see cref="CostMetrics"/>, the headline first.</summary>
    public IReadOnlyList<string> OutcomeMetrics { get; }

    /// <summary>The evaluations, in the order they were recorded.</summary>
    public IReadOnlyList<string> Evaluations { get; }

    /// <summary>The failed trials.</summary>
    public IReadOnlyList<StoredTrial> Failures { get; }

    /// <summary>Whether the study is a collapse chain (<see cref="CollapseSection"/> draws it).</summary>
    public bool IsChain { get; }

    /// <summary>Reads a study's summary.</summary>
    /// <param name="store">The store.</param>
    /// <param name="study">The study.</param>
    /// <param name="metric">The headline metric asked for (<c>--metric</c>), or null.</param>
    /// <exception cref="ArgumentException"><paramref name="metric"/> was never recorded.</exception>
    public static StudySummary Read(ResultStore store, string study, string? metric = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new StudySummary(study, store.ReadTrials(study), store.Runs(study), store.Path, metric);
    }

    /// <summary>A summary of trials given directly (tests, golden files).</summary>
    internal static StudySummary From(string study, IReadOnlyList<StoredTrial> trials, IReadOnlyList<StoredRun> runs, string storePath, string? metric = null)
        => new(study, trials, runs, storePath, metric);

    private static List<string> FindScaleAxes(IReadOnlyList<CellSummary> cells)
    {
        if (cells.Count == 0)
        {
            return [];
        }

        List<string> axes = [];
        foreach ((string name, StoredValue _) in cells[0].Axes)
        {
            List<StoredValue> values = [.. cells.Select(c => c.Axes.First(a => a.Key == name).Value)];
            if (values.All(v => v.Number is not null && v.Text is not ("true" or "false")) && values.Select(v => v.Text).Distinct().Count() >= 2)
            {
                axes.Add(name);
            }
        }

        return axes;
    }
}
