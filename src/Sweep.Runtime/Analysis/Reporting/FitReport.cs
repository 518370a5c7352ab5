using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// Everything the <c>fit</c> command prints, as one serialisable record: the parameter table, the convergence report,
/// the multi-start and bootstrap summaries, the compute-optimal allocation (joint fits) and an optional
/// back-test. <see cref="WriteText"/> renders it as a plain table; <see cref="ToJson"/> as JSON.
/// </summary>
/// <param name="Law">The law's name.</param>
/// <param name="Formula">The law's formula.</param>
/// <param name="Source">The data's source name.</param>
/// <param name="Points">Points fitted.</param>
/// <param name="HuberDelta">Huber threshold δ.</param>
/// <param name="Objective">The winning objective value (summed Huber loss).</param>
/// <param name="Parameters">Natural parameters with SE and interval.</param>
/// <param name="Convergence">How the winning start converged.</param>
/// <param name="Starts">How all starts ended.</param>
/// <param name="Bootstrap">The bootstrap summary, or null.</param>
/// <param name="ComputeOptimal">The compute-optimal allocation at a few budgets (joint fits), or null.</param>
/// <param name="Backtest">The extrapolation back-test, or null.</param>
public sealed record FitReport(
    string Law, string Formula, string Source, int Points, double HuberDelta, double Objective,
    IReadOnlyList<ParameterEstimate> Parameters, ConvergenceReport Convergence, MultiStartSummary Starts, BootstrapSummary? Bootstrap,
    IReadOnlyList<FrontierPoint>? ComputeOptimal, BacktestResult? Backtest)
{
    /// <summary>Builds the report of a fit.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="budgets">Budgets for the compute-optimal table (joint laws only); <see cref="DefaultBudgets"/> when null.</param>
    /// <param name="backtest">A back-test to include, or null.</param>
    public static FitReport Create(LawFit fit, IEnumerable<double>? budgets = null, BacktestResult? backtest = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        IReadOnlyList<FrontierPoint>? frontier = Analysis.ComputeOptimal.Supports(fit.Law)
            ? Analysis.ComputeOptimal.From(fit).At(budgets ?? DefaultBudgets(fit.Data))
            : null;
        return new FitReport(
            fit.Law.Name, fit.Law.Formula, fit.Data.Source, fit.Data.Count, fit.HuberDelta, fit.Objective,
            fit.Parameters, fit.Convergence, fit.Starts, fit.Bootstrap, frontier, backtest);
    }

    /// <summary>
    /// Budgets for the compute-optimal table: the data's largest 6·N·D and 10×, 100×, 1000× it; Hoffmann's 5.76e23 when
    /// the data have no D.
    /// </summary>
    /// <param name="data">The data.</param>
    public static IReadOnlyList<double> DefaultBudgets(FitData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Compute.Count == 0)
        {
            return [5.76e23];
        }

        // Parsed, not Math.Pow(10, k): that is off by an ulp for some k, and 1e23 should print and compare as 1e23.
        int top = (int)Math.Round(Math.Log10(data.Compute.Max()));
        return [.. Enumerable.Range(top, 4).Select(k => double.Parse($"1e{k}", CultureInfo.InvariantCulture))];
    }

    /// <summary>The report as indented JSON (camelCase, enums as strings, NaN as "NaN").</summary>
    public string ToJson() => AnalysisJson.Serialize(this);

    /// <summary>Writes the report as aligned plain-text tables (invariant culture).</summary>
    /// <param name="writer">The destination.</param>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine($"{Law}: {Formula}");
        writer.WriteLine(string.Create(c, $"data: {Source}, {Points} points; Huber delta {HuberDelta:G3} on log-loss residuals, summed"));
        writer.WriteLine();
        string level = Bootstrap is null ? "interval" : string.Create(c, $"{Bootstrap.Confidence * 100:G3}% interval");
        writer.WriteLine($"{"parameter",-12} {"estimate",12} {"SE",12}   {level}");
        foreach (var p in Parameters)
        {
            writer.WriteLine(string.Create(c, $"{p.Name,-12} {Num(p.Estimate),12} {Num(p.StandardError),12}   [{Num(p.Lower)}, {Num(p.Upper)}]"));
        }

        writer.WriteLine();
        string how = Convergence.Converged ? $"converged ({Describe(Convergence.StopReason)})" : $"NOT converged ({Describe(Convergence.StopReason)})";
        writer.WriteLine(string.Create(c, $"objective {Convergence.Objective:G6}; {how} after {Convergence.Iterations} iterations, {Convergence.Evaluations} evaluations; max |gradient| {Num(Convergence.GradientNorm)}"));
        writer.WriteLine(string.Create(c, $"starts: {Starts.Starts} ({Starts.Converged} converged, {Starts.ReachedBest} reached the best objective; median {Starts.MedianIterations:G4} iterations); winner: start #{Starts.BestStart}"));
        if (Bootstrap is { } b)
        {
            writer.WriteLine(string.Create(c, $"bootstrap: {b.Replicas} replicas resampling {b.Resampling.ToString().ToLowerInvariant()}, seed {b.Seed}; {b.Used} used, {b.Degenerate} degenerate, {b.NotConverged} not converged; {b.StartsPerReplica} starts each; SE = half the replicas' central 68% range"));
        }

        if (ComputeOptimal is { Count: > 0 } frontier)
        {
            writer.WriteLine();
            writer.WriteLine("compute-optimal allocation (C = 6ND):");
            string[][] rows =
            [
                ["C (FLOPs)", "N_opt", "D_opt", "D/N", "loss"],
                .. frontier.Select(f => (string[])[Num(f.Compute), Cell(f.N), Cell(f.D), Cell(f.TokensPerParameter), Cell(f.Loss)]),
            ];
            int[] widths = [.. Enumerable.Range(0, rows[0].Length).Select(k => rows.Max(r => r[k].Length))];
            foreach (string[] row in rows)
            {
                writer.WriteLine(string.Join("  ", row.Select((cell, k) => cell.PadRight(widths[k]))).TrimEnd());
            }
        }

        if (Backtest is { } t)
        {
            writer.WriteLine();
            writer.WriteLine(string.Create(c, $"back-test: held out {t.HeldOutScales.Count} largest scale(s) ({string.Join(", ", t.HeldOutScales.Select(Num))}), fitted on {t.TrainingPoints} points"));
            writer.WriteLine(string.Create(c, $"log-RMSE {t.LogRmse:G4}; interval coverage {(double.IsNaN(t.Coverage) ? "n/a (no bootstrap)" : $"{t.Coverage * 100:0}%")}"));
            foreach (var p in t.Points)
            {
                writer.WriteLine(string.Create(c, $"  row {p.Row,-5} observed {Num(p.Observed),-10} predicted {Num(p.Predicted),-10} [{Num(p.Lower)}, {Num(p.Upper)}]{(p.Covered ? string.Empty : "  (outside)")}"));
            }
        }
    }

    /// <summary>The report as text.</summary>
    public string ToText()
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        WriteText(w);
        return w.ToString();
    }

    private static string Num(double v) => double.IsNaN(v) ? "-" : v.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string Cell(ParameterEstimate e) => double.IsNaN(e.Lower) ? Num(e.Estimate) : $"{Num(e.Estimate)} [{Num(e.Lower)}, {Num(e.Upper)}]";

    private static string Describe(StopReason reason) => reason switch
    {
        StopReason.GradientTolerance => "gradient tolerance",
        StopReason.FunctionTolerance => "function tolerance",
        StopReason.StepTolerance => "step tolerance",
        StopReason.MaxIterations => "iteration limit",
        StopReason.LineSearchFailed => "line search failed",
        _ => "non-finite objective at start",
    };
}
