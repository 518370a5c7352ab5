using System.Globalization;
using Sweep.Analysis;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// Fits scaling laws to a study's stored results: one point per done trial (seeds included, so the bootstrap's
/// cell resampling keeps them together), columns named by axes, derived values or the metrics of one evaluation.
/// A law that cannot be fitted gets its reason in the result instead of an exception.
/// </summary>
/// <example>
/// <code>
/// LawResults laws = StudyLaws.Fit(study.Descriptor, study.DescribeLaws(), store.ReadTrials(study.Descriptor.Name), StudyLaws.ReportSettings(), "sweep.db");
/// foreach (LawResult law in laws.Fits) Console.WriteLine($"{law.Name} {law.GroupLabel}: {law.Error ?? "fitted"}");
/// </code>
/// </example>
public static class StudyLaws
{
    /// <summary>Bootstrap replicas a report uses for law intervals: enough for stable 95% intervals, cheap for small studies.</summary>
    public const int DefaultReportReplicas = 100;

    /// <summary>The column name under which every trial's seed can be read (for example as a replicate column).</summary>
    public const string SeedColumn = "seed";

    /// <summary>The settings reports use: Hoffmann et al.'s fit, a cell bootstrap of <paramref name="replicas"/> replicas (0 for none).</summary>
    /// <param name="replicas">Bootstrap replicas.</param>
    public static LawFitSettings ReportSettings(int replicas = DefaultReportReplicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        return new LawFitSettings { Fit = new FitOptions { Bootstrap = replicas == 0 ? null : new BootstrapOptions { Replicas = replicas } } };
    }

    /// <summary>
    /// Fits every law a study declares, finds where the groups of each single-variable law cross, and locates its
    /// declared peaks.
    /// </summary>
    /// <param name="study">The study's descriptor (its first evaluation is the default).</param>
    /// <param name="laws">The declared laws.</param>
    /// <param name="trials">The study's stored trials (failed ones are ignored).</param>
    /// <param name="settings">Bootstrap, budgets and back-test.</param>
    /// <param name="source">A name for the data in messages (the store and study).</param>
    /// <param name="evaluation">Fit this evaluation instead of each law's own.</param>
    public static LawResults Fit(StudyDescriptor study, IReadOnlyList<NamedLaw> laws, IReadOnlyList<StoredTrial> trials, LawFitSettings settings, string source, string? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(laws);
        List<LawResult> results = [];
        List<PeakResults> peaks = [];
        foreach (NamedLaw law in laws)
        {
            if (law.Law is OnTheLineSpec or RobustnessGapSpec or MethodGapSpec)
            {
                continue;
            }

            string chosen = evaluation ?? (law.Law.Evaluation == LawSpec.FirstEvaluation ? study.Evaluations[0] : law.Law.Evaluation);
            if (law.Law is PeakSpec)
            {
                peaks.Add(Peak(law.Name, FitColumns.For(law.Law), chosen, trials, DoubleDescentOptions.From(settings.Fit.Bootstrap), source));
            }
            else
            {
                results.AddRange(Fit(law.Name, ScalingLaw.For(law.Law), FitColumns.For(law.Law), chosen, trials, WithSpec(settings, law.Law), source));
            }
        }

        Analysis.Robustness.RobustnessResults robustness = Analysis.Robustness.StudyRobustness.Analyze(laws, trials, settings.Fit.Bootstrap is null ? 0 : 1000);
        return new LawResults(source, results) { Crossovers = GroupCrossover.FindAll(results), Peaks = peaks.Count == 0 ? null : peaks, Robustness = robustness.IsEmpty ? null : robustness };
    }

    /// <summary>The settings with a <c>[Law]</c>'s own loss and Huber δ, where it sets them.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="spec">The law.</param>
    public static LawFitSettings WithSpec(LawFitSettings settings, LawSpec spec)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(spec);
        return settings with { Fit = settings.Fit with { Loss = spec.FitLoss ?? settings.Fit.Loss, HuberDelta = spec.HuberDelta ?? settings.Fit.HuberDelta } };
    }

    /// <summary>Locates the peak of <see cref="FitColumns.Y"/> along <see cref="FitColumns.X"/> in the done trials of one evaluation, once per group.</summary>
    /// <param name="name">The result's name.</param>
    /// <param name="columns">Axis, derived or metric names; seeds are the replicates when <see cref="FitColumns.Replicate"/> is <see cref="SeedColumn"/>.</param>
    /// <param name="evaluation">The evaluation whose metrics are read.</param>
    /// <param name="trials">The stored trials.</param>
    /// <param name="options">Bootstrap settings.</param>
    /// <param name="source">A name for the data in messages.</param>
    public static PeakResults Peak(string name, FitColumns columns, string evaluation, IReadOnlyList<StoredTrial> trials, DoubleDescentOptions options, string source)
    {
        List<GroupedResult<DoubleDescentResult>> groups = [];
        foreach (FitGroup group in Load(columns, evaluation, trials, source))
        {
            string? error = group.Error;
            DoubleDescentResult? result = null;
            if (group.Data is { } data)
            {
                try
                {
                    result = DoubleDescent.Locate(data, options);
                }
                catch (FitDataException e)
                {
                    error = e.Message;
                }
            }

            groups.Add(new GroupedResult<DoubleDescentResult>(group.Group, group.Points, result, error));
        }

        return new PeakResults(name, evaluation, new GroupedAnalysis<DoubleDescentResult>("peak", source, columns, groups));
    }

    /// <summary>Fits one law to the done trials of one evaluation, once per value of <see cref="FitColumns.By"/>.</summary>
    /// <param name="name">The result's name.</param>
    /// <param name="law">The law.</param>
    /// <param name="columns">Axis, derived or metric names.</param>
    /// <param name="evaluation">The evaluation whose metrics are read.</param>
    /// <param name="trials">The stored trials.</param>
    /// <param name="settings">Bootstrap, budgets and back-test.</param>
    /// <param name="source">A name for the data in messages.</param>
    public static IReadOnlyList<LawResult> Fit(
        string name, ScalingLaw law, FitColumns columns, string evaluation, IReadOnlyList<StoredTrial> trials, LawFitSettings settings, string source)
    {
        ArgumentNullException.ThrowIfNull(law);
        return [.. Load(columns, evaluation, trials, source).Select(group => group.Data is { } data
            ? LawResult.Create(name, law, data, settings, evaluation, group.Group) with { Columns = columns }
            : LawResult.Failed(name, law, columns, evaluation, group.Group, group.Points, group.Error!))];
    }

    /// <summary>
    /// The done trials of one evaluation as fit data, one entry per value of <see cref="FitColumns.By"/> (numeric
    /// values ascending), or a single entry with the reason when a column cannot be read. Columns name axes, derived
    /// values, metrics or <c>seed</c>.
    /// </summary>
    /// <param name="columns">The columns to read.</param>
    /// <param name="evaluation">The evaluation whose metrics are read.</param>
    /// <param name="trials">The stored trials (failed ones are ignored).</param>
    /// <param name="source">A name for the data in messages.</param>
    public static IReadOnlyList<FitGroup> Load(FitColumns columns, string evaluation, IReadOnlyList<StoredTrial> trials, string source)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(trials);
        string where = $"{source}, evaluation '{evaluation}'";
        List<StoredTrial> rows = [.. trials.Where(t => t.Status == TrialStatus.Done && t.Metrics.ContainsKey(evaluation))];
        if (rows.Count == 0)
        {
            IReadOnlyList<string> stored = Evaluations(trials);
            string known = stored.Count == 0 ? "no trial is done yet" : $"evaluations with results: {string.Join(", ", stored)}";
            return [FitGroup.Failed(null, 0, $"{source}: no done trial has evaluation '{evaluation}'; {known}.")];
        }

        foreach (string column in columns.Names())
        {
            if (CheckColumn(rows, evaluation, column, numeric: column != columns.By) is { } problem)
            {
                return [FitGroup.Failed(null, rows.Count, $"{where}, column '{column}': {problem}")];
            }
        }

        foreach ((string what, string? text) in (IEnumerable<(string, string?)>)[("where", columns.Where), ("holdout", columns.Holdout)])
        {
            if (ExpressionProblem(rows, evaluation, what, text) is { } problem)
            {
                return [FitGroup.Failed(null, rows.Count, $"{where}, {problem}")];
            }
        }

        FitColumns values = columns with { By = null };
        if (columns.By is null)
        {
            return [Read(values, evaluation, null, rows, where)];
        }

        string by = columns.By;
        var groups = rows.GroupBy(t => Text(t, evaluation, by), StringComparer.Ordinal).ToList();
        bool numeric = groups.All(g => double.TryParse(g.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        IEnumerable<IGrouping<string, StoredTrial>> ordered = numeric
            ? groups.OrderBy(g => double.Parse(g.Key, NumberStyles.Float, CultureInfo.InvariantCulture))
            : groups;
        List<FitGroup> read = [.. ordered.Select(g => Read(values, evaluation, g.Key, [.. g], $"{where}, {by}={g.Key}", by))];

        // A filter that leaves a group no trial drops the group (--where "Samples == 100" with by: Samples).
        return columns.Where is null || read.All(g => g.Data is { Count: 0 }) ? read : [.. read.Where(g => g.Data is not { Count: 0 })];
    }

    /// <summary>The evaluations done trials have results for, in the order first seen.</summary>
    /// <param name="trials">Stored trials.</param>
    public static IReadOnlyList<string> Evaluations(IEnumerable<StoredTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return [.. trials.Where(t => t.Status == TrialStatus.Done).SelectMany(t => t.Metrics.Keys).Distinct(StringComparer.Ordinal)];
    }

    private static FitGroup Read(FitColumns values, string evaluation, string? group, List<StoredTrial> rows, string source, string? by = null)
    {
        try
        {
            FitData data = FitData.FromRecords(rows.Select(t => Record(t, evaluation)), values, source);
            return new FitGroup(group, data.Count, data.WithPooled(PooledAxes(data, values, by, rows)), null);
        }
        catch (FitDataException e)
        {
            // Rows of a study are trials: say which one, so that the user can find it in the store.
            string trial = e.Row is int row && row >= 1 && row <= rows.Count ? $" Row {row} is trial '{rows[row - 1].Key}'." : string.Empty;
            return FitGroup.Failed(group, rows.Count, e.Message + trial);
        }
    }

    /// <summary>The study's axes that vary among the points read but are not the fit's columns: pooled into one fit.</summary>
    private static List<string> PooledAxes(FitData data, FitColumns columns, string? by, List<StoredTrial> rows)
    {
        HashSet<string> used = new(columns.Names(), StringComparer.OrdinalIgnoreCase);
        if (by is not null)
        {
            used.Add(by);
        }

        List<StoredTrial> kept = [.. data.Rows.Select(r => rows[r - 1])];
        return kept.Count == 0
            ? []
            : [.. kept[0].Axes.Select(a => a.Key).Where(axis => !used.Contains(axis) && kept.Select(t => Find(t.Axes, axis)?.Text).Distinct(StringComparer.Ordinal).Count() > 1)];
    }

    /// <summary>Why a --where or --holdout expression cannot be evaluated on these trials (it does not parse, or names an unknown column), or null.</summary>
    private static string? ExpressionProblem(List<StoredTrial> rows, string evaluation, string what, string? text)
    {
        if (text is null)
        {
            return null;
        }

        RowExpression expression;
        try
        {
            expression = RowExpression.Parse(text);
        }
        catch (RowExpressionException e)
        {
            return $"{what} {e.Message}";
        }

        foreach ((string name, int position) in expression.ColumnReferences)
        {
            if (CheckColumn(rows, evaluation, name, numeric: true) is { } problem)
            {
                return $"{what} '{text}', at position {position}, column '{name}': {problem}";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="column"/> cannot feed a fit, or null when it can.</summary>
    private static string? CheckColumn(List<StoredTrial> rows, string evaluation, string column, bool numeric)
    {
        StoredTrial first = rows[0];
        if (string.Equals(column, SeedColumn, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Find(first.Axes, column) is null && Find(first.Derived, column) is null && !rows.Any(t => Metric(t, evaluation, column) is not null))
        {
            IEnumerable<string> available = first.Axes.Select(a => a.Key)
                .Concat(first.Derived.Select(d => d.Key))
                .Concat(rows.SelectMany(t => t.Metrics[evaluation].Keys).Distinct(StringComparer.Ordinal));
            return $"no such axis, derived value or metric; the study has {string.Join(", ", available)}.";
        }

        if (numeric && rows.Select(t => Find(t.Axes, column) ?? Find(t.Derived, column)).FirstOrDefault(v => v is { Number: null }) is { } text)
        {
            return $"'{text.Text}' is not a number; a fit needs a numeric axis, derived value or metric.";
        }

        return null;
    }

    private static Dictionary<string, double?> Record(StoredTrial trial, string evaluation)
    {
        Dictionary<string, double?> record = new(StringComparer.OrdinalIgnoreCase) { [SeedColumn] = trial.Seed };
        foreach ((string name, StoredValue value) in trial.Axes.Concat(trial.Derived))
        {
            record[name] = value.Number;
        }

        foreach ((string name, double value) in trial.Metrics[evaluation])
        {
            record[name] = value;
        }

        return record;
    }

    private static string Text(StoredTrial trial, string evaluation, string column)
        => (Find(trial.Axes, column) ?? Find(trial.Derived, column))?.Text
            ?? (Metric(trial, evaluation, column) is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "(none)");

    private static StoredValue? Find(IReadOnlyList<KeyValuePair<string, StoredValue>> values, string name)
    {
        foreach ((string key, StoredValue value) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static double? Metric(StoredTrial trial, string evaluation, string name)
    {
        if (trial.Metrics.TryGetValue(evaluation, out IReadOnlyDictionary<string, double>? metrics))
        {
            foreach ((string key, double value) in metrics)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        return null;
    }
}
