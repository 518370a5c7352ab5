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
    /// <summary>What to doubt about this fit and what to do (<see cref="FitWarnings"/>); empty when nothing was found.</summary>
    public IReadOnlyList<FitWarning> Warnings { get; init; } = [];

    /// <summary>The settings that shaped the fit (loss, δ, filter, weights, back-test split), so it can be reproduced; null when not recorded.</summary>
    public FitControls? Controls { get; init; }

    /// <summary>
    /// Derived quantities with bootstrap intervals: for joint laws the compute-optimal exponents a (N_opt ∝ C^a) and
    /// b (D_opt ∝ C^b) and the allocation coefficient G (N_opt at C = 6); empty otherwise.
    /// </summary>
    public IReadOnlyList<ParameterEstimate> Derived { get; init; } = [];

    /// <summary>σ̂ = √(Σw·r² / Σw) of the log residuals r at the fit (<see cref="LawFit.ResidualScale"/>): the fitted scale of the Gaussian loss.</summary>
    public double ResidualScale { get; init; } = double.NaN;

    /// <summary>The Gaussian log-likelihood of the log residuals at σ̂ (<see cref="LawFit.LogLikelihood"/>).</summary>
    public double LogLikelihood { get; init; } = double.NaN;

    /// <summary>Builds the report of a fit.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="budgets">Budgets for the compute-optimal table (joint laws only); <see cref="DefaultBudgets"/> when null.</param>
    /// <param name="backtest">A back-test to include, or null.</param>
    /// <param name="controls">The settings to record, or null.</param>
    public static FitReport Create(LawFit fit, IEnumerable<double>? budgets = null, BacktestResult? backtest = null, FitControls? controls = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        IReadOnlyList<double>? given = budgets?.ToArray();
        IReadOnlyList<FrontierPoint>? frontier = Analysis.ComputeOptimal.Supports(fit.Law)
            ? Analysis.ComputeOptimal.From(fit).At(given ?? DefaultBudgets(fit.Data))
            : null;
        IReadOnlyList<ParameterEstimate> derived = [];
        if (Analysis.ComputeOptimal.Supports(fit.Law))
        {
            var optimal = Analysis.ComputeOptimal.From(fit);
            derived = [optimal.NExponent, optimal.DExponent, optimal.G];
        }

        return new FitReport(
            fit.Law.Name, fit.Law.Formula, fit.Data.Source, fit.Data.Count, fit.HuberDelta, fit.Objective,
            fit.Parameters, fit.Convergence, fit.Starts, fit.Bootstrap, frontier, backtest)
        {
            Warnings = FitWarnings.Check(fit, Analysis.ComputeOptimal.Supports(fit.Law) ? given : null),
            Controls = controls ?? FitControls.From(fit),
            Derived = derived,
            ResidualScale = fit.ResidualScale,
            LogLikelihood = fit.LogLikelihood,
        };
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
        FitLoss loss = Controls?.Loss ?? FitLoss.Huber;
        string how = loss switch
        {
            FitLoss.Mse => "squared log-loss residuals, summed",
            FitLoss.Gaussian => "Gaussian likelihood of log-loss residuals with a fitted scale",
            _ => string.Create(c, $"Huber delta {HuberDelta:G3} on log-loss residuals, summed"),
        };
        string filtered = Controls is { FilteredOut: > 0 } f ? string.Create(c, $" ({f.FilteredOut} rows left out by --where)") : string.Empty;
        writer.WriteLine(string.Create(c, $"data: {Source}, {Points} points{filtered}; {how}"));
        if (Controls?.Flags is { Length: > 0 } flags)
        {
            writer.WriteLine($"settings: {flags}");
        }

        writer.WriteLine();
        string level = Bootstrap is null ? "interval" : string.Create(c, $"{Bootstrap.Confidence * 100:G3}% interval");
        writer.WriteLine($"{"parameter",-12} {"estimate",12} {"SE",12}   {level}");
        foreach (var p in Parameters)
        {
            writer.WriteLine(string.Create(c, $"{p.Name,-12} {Num(p.Estimate),12} {Num(p.StandardError),12}   [{Num(p.Lower)}, {Num(p.Upper)}]"));
        }

        if (Derived.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("compute-optimal exponents and coefficient (N_opt = G*(C/6)^a, D_opt = (C/6)^b / G):");
            foreach (var p in Derived)
            {
                writer.WriteLine(string.Create(c, $"{p.Name,-24} {Num(p.Estimate),12} {Num(p.StandardError),12}   [{Num(p.Lower)}, {Num(p.Upper)}]"));
            }
        }

        writer.WriteLine();
        if (loss == FitLoss.Gaussian)
        {
            writer.WriteLine(string.Create(c, $"Gaussian scale of log residuals sigma = {Num(ResidualScale)} (maximum likelihood); log-likelihood {LogLikelihood:G6}"));
        }

        string converged = Convergence.Converged ? $"converged ({Describe(Convergence.StopReason)})" : $"NOT converged ({Describe(Convergence.StopReason)})";
        writer.WriteLine(string.Create(c, $"objective {Convergence.Objective:G6}; {converged} after {Convergence.Iterations} iterations, {Convergence.Evaluations} evaluations; max |gradient| {Num(Convergence.GradientNorm)}"));
        writer.WriteLine(string.Create(c, $"starts: {Starts.Starts} ({Starts.Converged} converged, {Starts.ReachedBest} reached the best objective; median {Starts.MedianIterations:G4} iterations); winner: start #{Starts.BestStart}"));
        if (Bootstrap is { } b)
        {
            writer.WriteLine(string.Create(c, $"bootstrap: {b.Replicas} replicas resampling {b.Resampling.ToString().ToLowerInvariant()}, seed {b.Seed}; {b.Used} used, {b.Degenerate} degenerate, {b.NotConverged} not converged; {b.StartsPerReplica} starts each; SE = half the replicas' central 68% range"));
        }

        WriteWarnings(Warnings, writer);
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
            string heldOut = t.Holdout is { } rule
                ? string.Create(c, $"held out the rows where {rule} ({t.Points.Count} points at {t.HeldOutScales.Count} scale(s))")
                : string.Create(c, $"held out {t.HeldOutScales.Count} largest scale(s) ({string.Join(", ", t.HeldOutScales.Select(Num))})");
            writer.WriteLine(string.Create(c, $"back-test: {heldOut}, fitted on {t.TrainingPoints} points"));
            writer.WriteLine(string.Create(c, $"log-RMSE {t.LogRmse:G4}; interval coverage {(double.IsNaN(t.Coverage) ? "n/a (no bootstrap)" : $"{t.Coverage * 100:0}%")}"));
            foreach (var p in t.Points)
            {
                writer.WriteLine(string.Create(c, $"  row {p.Row,-5} observed {Num(p.Observed),-10} predicted {Num(p.Predicted),-10} {(double.IsNaN(p.Lower) ? "no interval" : $"[{Num(p.Lower)}, {Num(p.Upper)}]{(p.Covered ? string.Empty : "  (outside)")}")}"));
            }
        }
    }

    /// <summary>Writes warnings as a block (<c>warning (code): message</c>), preceded by a blank line; nothing when there are none.</summary>
    /// <param name="warnings">The warnings.</param>
    /// <param name="writer">The destination.</param>
    public static void WriteWarnings(IReadOnlyList<FitWarning> warnings, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(writer);
        if (warnings.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        foreach (FitWarning w in warnings)
        {
            writer.WriteLine($"warning ({w.Code}): {w.Message}");
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
