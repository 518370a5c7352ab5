using System.Globalization;
using System.Text.Json.Serialization;

namespace Sweep.Analysis;

/// <summary>
/// One law fitted to one group of points: its <see cref="FitReport"/>, or the reason it could not be fitted (too few
/// points, a missing column, a value that is not positive). What the <c>fit</c> command prints and what a study
/// report lists under <c>## Laws</c>.
/// </summary>
/// <param name="Name">The law's name in the study (the <c>[Law]</c> property), or the law's name for a file.</param>
/// <param name="Law">The law's short name (<c>power</c>, <c>chinchilla</c>, …).</param>
/// <param name="Formula">The law's formula.</param>
/// <param name="Columns">The columns fitted.</param>
/// <param name="Evaluation">The evaluation whose metrics were fitted, or null for a file.</param>
/// <param name="Group">The value of <see cref="FitColumns.By"/> this fit is for, or null when ungrouped.</param>
/// <param name="Points">Points in the group (0 when the data could not be read).</param>
/// <param name="Report">The fit, or null when it could not be made.</param>
/// <param name="Error">Why it could not be made, or null.</param>
public sealed record LawResult(
    string Name, string Law, string Formula, FitColumns Columns, string? Evaluation, string? Group, int Points, FitReport? Report, string? Error)
{
    /// <summary>The fit behind <see cref="Report"/> (for predictions and plots; not serialised).</summary>
    [JsonIgnore]
    public LawFit? Fit { get; init; }

    /// <summary>With <c>fit --law auto</c>: the comparison that chose <see cref="Law"/> (its rank 1), or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LawComparisonResult? Comparison { get; init; }

    /// <summary>The group as <c>By=value</c>, or null when ungrouped.</summary>
    [JsonIgnore]
    public string? GroupLabel => Group is null ? null : $"{Columns.By}={Group}";

    /// <summary>
    /// Fits <paramref name="law"/> to <paramref name="data"/> with <paramref name="settings"/> (bootstrap, budgets,
    /// back-test). Bad data give a result with <see cref="Error"/> set instead of an exception.
    /// </summary>
    /// <param name="name">The result's name.</param>
    /// <param name="law">The law.</param>
    /// <param name="data">The points of one group.</param>
    /// <param name="settings">What to compute.</param>
    /// <param name="evaluation">The evaluation the points come from, or null.</param>
    /// <param name="group">The group's value, or null.</param>
    public static LawResult Create(string name, ScalingLaw law, FitData data, LawFitSettings settings, string? evaluation = null, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(law);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            RequireDistinctCells(data, law);
            LawFit fit = ScalingFitter.Fit(data, law, settings.Fit);
            BacktestResult? backtest = settings.DropHighest > 0 ? Backtest.Run(data, law, settings.DropHighest, settings.Fit)
                : data.HeldOut is not null ? Backtest.RunHoldout(data, law, settings.Fit)
                : null;
            FitReport report = FitReport.Create(fit, settings.Budgets, backtest, FitControls.From(fit, settings.DropHighest));
            return new LawResult(name, law.Name, law.Formula, data.Columns, evaluation, group, data.Count, report, null) { Fit = fit };
        }
        catch (FitDataException e)
        {
            return Failed(name, law, data.Columns, evaluation, group, data.Count, e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Failed(name, law, data.Columns, evaluation, group, data.Count, e.Message);
        }
    }

    /// <summary>A law that could not be fitted, with the reason.</summary>
    /// <param name="name">The result's name.</param>
    /// <param name="law">The law.</param>
    /// <param name="columns">The columns it would have fitted.</param>
    /// <param name="evaluation">The evaluation, or null.</param>
    /// <param name="group">The group's value, or null.</param>
    /// <param name="points">Points available.</param>
    /// <param name="reason">Why it could not be fitted.</param>
    public static LawResult Failed(string name, ScalingLaw law, FitColumns columns, string? evaluation, string? group, int points, string reason)
    {
        ArgumentNullException.ThrowIfNull(law);
        return new LawResult(name, law.Name, law.Formula, columns, evaluation, group, points, null, reason);
    }

    /// <summary>
    /// The settings of <paramref name="fits"/> (one law's groups) as the <c>fit</c> flags that reproduce them, and their
    /// warnings as a Markdown list, each prefixed with its group; followed by a blank line, empty when nothing was fitted.
    /// </summary>
    /// <param name="fits">The fits of one law.</param>
    public static string ControlsAndWarningsMarkdown(IEnumerable<LawResult> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        LawResult[] all = [.. fits];
        System.Text.StringBuilder md = new();
        if (all.Select(f => f.Report?.Controls).FirstOrDefault(c => c is not null) is { } controls)
        {
            int filtered = all.Sum(f => f.Report?.Controls?.FilteredOut ?? 0);
            string left = filtered > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {filtered} trials left out by the filter") : string.Empty;
            md.AppendLine(CultureInfo.InvariantCulture, $"Fit settings (as `fit` flags): `{controls.Flags}`{left}.");
            md.AppendLine();
        }

        List<string> warnings = [];
        foreach (LawResult fit in all)
        {
            foreach (FitWarning warning in fit.Report?.Warnings ?? [])
            {
                string group = fit.GroupLabel is null ? string.Empty : $"{fit.GroupLabel}: ";
                warnings.Add($"- **Warning** (`{warning.Code}`) {group}{warning.Message.Replace("|", "\\|", StringComparison.Ordinal)}");
            }
        }

        if (warnings.Count > 0)
        {
            md.AppendLine("Fit-quality warnings:");
            md.AppendLine();
            warnings.ForEach(w => md.AppendLine(w));
            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>The columns as <c>x = Features, y = test_loss</c> (or <c>N = …, D = …, loss = …</c>).</summary>
    public string DescribeColumns()
        => Columns.D is null
            ? $"x = {Columns.X}, y = {Columns.Y}"
            : $"N = {Columns.X}, D = {Columns.D}, loss = {Columns.Y}";

    /// <summary>
    /// A law needs as many distinct scales (x, or (N, D) cells) as it has parameters: seeds of one configuration
    /// are repeated measurements, not more scales, so 24 points at 2 sizes cannot pin down 3 parameters.
    /// </summary>
    private static void RequireDistinctCells(FitData data, ScalingLaw law)
    {
        data.RequireAtLeast(law.ParameterCount, law.Name);
        data.CellIds(out int cells);
        if (cells < law.ParameterCount)
        {
            string what = data.IsJoint ? $"({data.Columns.X}, {data.Columns.D}) pairs" : $"values of '{data.Columns.X}'";
            string rows = string.Create(CultureInfo.InvariantCulture, $"rows {data.Rows.Min()}–{data.Rows.Max()}");
            throw new FitDataException(
                $"{data.Source}, column '{data.Columns.X}': {data.Count} points ({rows}) but only {cells} distinct {what}; law '{law.Name}' has {law.ParameterCount} parameters, so it needs at least {law.ParameterCount}.",
                data.Source, column: data.Columns.X);
        }
    }
}

/// <summary>What <see cref="LawResult.Create"/> computes besides the fit.</summary>
public sealed record LawFitSettings
{
    /// <summary>The fit settings (bootstrap included).</summary>
    public FitOptions Fit { get; init; } = FitOptions.Default;

    /// <summary>Budgets for the compute-optimal table of joint laws; <see cref="FitReport.DefaultBudgets"/> when null.</summary>
    public IReadOnlyList<double>? Budgets { get; init; }

    /// <summary>Hold out this many of the largest scales for a back-test; 0 for none.</summary>
    public int DropHighest { get; init; }
}

/// <summary>The laws fitted from one source (a CSV file, or a study's results): what <c>fit --json</c> prints.</summary>
/// <param name="Source">The file, or the store and study.</param>
/// <param name="Fits">One entry per law and group.</param>
public sealed record LawResults(string Source, IReadOnlyList<LawResult> Fits)
{
    /// <summary>Where the fits' objective was evaluated (<see cref="FitObjectiveBackend.Description"/>), or null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectiveBackend { get; init; }

    /// <summary>Where the groups of each single-variable law cross (<see cref="GroupCrossover.FindAll"/>), or null when not computed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GroupCrossover>? Crossovers { get; init; }

    /// <summary>The study's declared peaks (<see cref="LawSpec.Peak"/>), or null when it declares none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PeakResults>? Peaks { get; init; }

    /// <summary>The study's declared robustness analyses (<see cref="LawSpec.OnTheLine"/>, <see cref="LawSpec.RobustnessGap"/>), or null when it declares none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Robustness.RobustnessResults? Robustness { get; init; }

    /// <summary>The results as indented JSON (<see cref="AnalysisJson"/>).</summary>
    public string ToJson() => AnalysisJson.Serialize(this);

    /// <summary>Writes every fit's report as plain text, each under a heading naming the law and group when there are several.</summary>
    /// <param name="writer">The destination.</param>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        bool headings = Fits.Count > 1 || Fits.Any(f => f.Group is not null);
        for (int i = 0; i < Fits.Count; i++)
        {
            LawResult fit = Fits[i];
            if (i > 0)
            {
                writer.WriteLine();
            }

            if (headings)
            {
                string group = fit.GroupLabel is null ? string.Empty : $" ({fit.GroupLabel})";
                string evaluation = fit.Evaluation is null ? string.Empty : $", evaluation {fit.Evaluation}";
                writer.WriteLine($"== {fit.Name}{group}: {fit.DescribeColumns()}{evaluation} ==");
            }

            if (fit.Comparison is { } comparison)
            {
                string ranking = string.Join(", ", comparison.Laws.OrderBy(l => l.Rank).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Rank}. {l.Law} (score {l.Score:G4})")));
                writer.WriteLine($"law chosen by --law auto: {fit.Law}, ranked by how well each law predicts a held-out scale: {ranking}");
            }

            if (fit.Report is { } report)
            {
                report.WriteText(writer);
            }
            else
            {
                writer.WriteLine($"{fit.Law}: not fitted: {fit.Error}");
            }
        }

        if (Crossovers is { Count: > 0 } crossovers)
        {
            writer.WriteLine();
            AnalysisText.WriteCrossovers(crossovers, writer);
        }

        foreach (PeakResults peak in Peaks ?? [])
        {
            writer.WriteLine();
            writer.WriteLine($"== {peak.Name}: evaluation {peak.Evaluation} ==");
            AnalysisText.WritePeak(peak.Analysis, writer);
        }
    }
}
