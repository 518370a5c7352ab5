namespace Sweep.Analysis;

/// <summary>
/// Fits a <see cref="ScalingLaw"/> to <see cref="FitData"/>: L-BFGS from every start of a grid (in parallel), the
/// lowest final objective wins, and optionally a seeded bootstrap refits resampled data for intervals.
/// </summary>
/// <example>
/// <code>
/// var data = FitData.FromCsv("runs.csv", FitColumns.Joint("params", "tokens", "loss"));
/// LawFit fit = ScalingFitter.Fit(data, ScalingLaw.Chinchilla, new FitOptions { Bootstrap = new() });
/// foreach (var row in fit.Parameters) Console.WriteLine($"{row.Name} {row.Estimate} ± {row.StandardError}");
/// var frontier = ComputeOptimal.From(fit).At([1e21, 1e23]);
/// </code>
/// </example>
public static class ScalingFitter
{
    /// <summary>Fits <paramref name="law"/> to <paramref name="data"/>.</summary>
    /// <param name="data">The points; validated against the law (joint laws need D, at least as many points as parameters).</param>
    /// <param name="law">The law.</param>
    /// <param name="options">Settings; <see cref="FitOptions.Default"/> when null.</param>
    /// <exception cref="FitDataException">The data cannot be fitted by this law.</exception>
    public static LawFit Fit(FitData data, ScalingLaw law, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(law);
        options ??= FitOptions.Default;
        options.Validate();
        law.RequireCompatible(data);
        int p = law.ParameterCount;
        StartGrid grid = options.Starts ?? law.DefaultStarts(data);
        if (grid.Dimension != p)
        {
            throw new ArgumentException($"The start grid has {grid.Dimension} variables; law '{law.Name}' has {p}.", nameof(options));
        }

        // Full-data fit: every start of the grid, one problem.
        LawArrays full = data.ToLawArrays();
        var starts = new double[grid.Count * p];
        for (int s = 0; s < grid.Count; s++)
        {
            grid[s].CopyTo(starts.AsSpan(s * p, p));
        }

        var solutions = new double[starts.Length];
        var reports = RunStarts(law, [CpuBatchObjectives.ToProblem(full)], new int[grid.Count], starts, options, solutions);
        int best = BestIndex(reports, 0, reports.Length);
        if (best < 0)
        {
            throw new InvalidOperationException($"No start of the {grid.Count}-point grid gave a finite objective for law '{law.Name}' on {data.Source}.");
        }

        var bestLaw = new FittedLaw(law, solutions.AsSpan(best * p, p));
        var optima = DistinctOptima(reports, solutions, p);
        double fBest = reports[best].Objective;
        var summary = new MultiStartSummary(
            grid.Count,
            reports.Count(r => r.Converged),
            reports.Count(r => r.Objective <= fBest + 1e-6 * Math.Abs(fBest)),
            best,
            grid[best].ToArray(),
            reports.Sum(r => (long)r.Evaluations),
            Statistics.Median(reports.Select(r => (double)r.Iterations)));

        if (options.Bootstrap is not { } boot)
        {
            return new LawFit(data, bestLaw, options.HuberDelta, reports[best], summary, null, [], optima) { Loss = options.Loss };
        }

        var (replicas, bootSummary) = RunBootstrap(data, law, full, options, boot, grid, optima);
        return new LawFit(data, bestLaw, options.HuberDelta, reports[best], summary, bootSummary, replicas, optima) { Loss = options.Loss };
    }

    /// <summary>
    /// Fits <paramref name="law"/> once per <see cref="FitData.Groups"/> label (a <c>[Law]</c> spec's <c>by</c>
    /// column), or once when the data are ungrouped: what a study report does for each <c>[Law]</c>.
    /// </summary>
    /// <param name="data">The data, read with <see cref="FitColumns.For(LawSpec)"/>.</param>
    /// <param name="law">The law, usually <see cref="ScalingLaw.For(LawSpec)"/>.</param>
    /// <param name="options">Settings.</param>
    /// <example><code>
    /// var data = FitData.FromRecords(rows, FitColumns.For(spec), study.Name);
    /// foreach (var (group, fit) in ScalingFitter.FitGroups(data, ScalingLaw.For(spec), options)) report.Add(group, FitReport.Create(fit));
    /// </code></example>
    public static IReadOnlyList<(string Group, LawFit Fit)> FitGroups(FitData data, ScalingLaw law, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. data.SplitByGroup().Select(g => (g.Group, Fit(g.Data, law, options)))];
    }

    /// <summary>
    /// Draws the resampling counts of replica <paramref name="replica"/>: the same (seed, replica) always gives the
    /// same counts. With <see cref="BootstrapResampling.Cells"/>, every point of a drawn cell gets the cell's count.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="resampling">Points or cells.</param>
    /// <param name="seed">The bootstrap seed.</param>
    /// <param name="replica">The replica index.</param>
    public static int[] ResampleCounts(FitData data, BootstrapResampling resampling, ulong seed, int replica)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] cells = Cells(data, resampling, out int cellCount);
        return ResampleCounts(cells, cellCount, seed, replica);
    }

    private static int[] Cells(FitData data, BootstrapResampling resampling, out int cellCount)
    {
        if (resampling == BootstrapResampling.Cells)
        {
            return data.CellIds(out cellCount);
        }

        cellCount = data.Count;
        return [.. Enumerable.Range(0, data.Count)];
    }

    private static int[] ResampleCounts(int[] cells, int cellCount, ulong seed, int replica)
    {
        var rng = SplitMix64.ForStream(seed, (ulong)replica);
        var cellDraws = new int[cellCount];
        for (int k = 0; k < cellCount; k++)
        {
            cellDraws[rng.NextInt(cellCount)]++;
        }

        var counts = new int[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            counts[i] = cellDraws[cells[i]];
        }

        return counts;
    }

    private static (IReadOnlyList<FittedLaw> Replicas, BootstrapSummary Summary) RunBootstrap(
        FitData data, ScalingLaw law, LawArrays full, FitOptions options, BootstrapOptions boot, StartGrid grid, IReadOnlyList<double[]> optima)
    {
        int p = law.ParameterCount;
        int[] cells = Cells(data, boot.Resampling, out int cellCount);

        // Draw replicas; a replica with fewer distinct cells than parameters cannot identify the law and is skipped.
        var problems = new List<LawArrays>();
        int degenerate = 0;
        for (int r = 0; r < boot.Replicas; r++)
        {
            int[] counts = ResampleCounts(cells, cellCount, boot.Seed, r);
            int distinct = cells.Where((c, i) => counts[i] > 0).Distinct().Count();
            if (distinct < p)
            {
                degenerate++;
                continue;
            }

            problems.Add(full.Compact(counts));
        }

        // Starts per replica: the best distinct optima of the full fit, or the whole grid.
        List<double[]> replicaStarts = boot.StartsPerReplica == 0
            ? [.. Enumerable.Range(0, grid.Count).Select(s => grid[s].ToArray())]
            : [.. optima.Take(boot.StartsPerReplica)];
        int k = replicaStarts.Count;
        int tasks = problems.Count * k;
        var taskProblems = new int[tasks];
        var starts = new double[tasks * p];
        for (int r = 0; r < problems.Count; r++)
        {
            for (int s = 0; s < k; s++)
            {
                int t = r * k + s;
                taskProblems[t] = r;
                replicaStarts[s].CopyTo(starts, t * p);
            }
        }

        var solutions = new double[starts.Length];
        var reports = RunStarts(law, [.. problems.Select(CpuBatchObjectives.ToProblem)], taskProblems, starts, options, solutions);

        var replicas = new List<FittedLaw>(problems.Count);
        int notConverged = 0;
        for (int r = 0; r < problems.Count; r++)
        {
            int best = BestIndex(reports, r * k, (r + 1) * k);
            if (best < 0)
            {
                continue;
            }

            if (!reports[best].Converged)
            {
                notConverged++;
            }

            replicas.Add(new FittedLaw(law, solutions.AsSpan(best * p, p)));
        }

        var summary = new BootstrapSummary(boot.Replicas, replicas.Count, degenerate, notConverged, boot.Seed, boot.Resampling, boot.Confidence, k);
        return (replicas, summary);
    }

    /// <summary>
    /// Creates the objective over <paramref name="problems"/> (for an accelerator: uploads the data), runs every task,
    /// and releases the objective (its device buffers) when it is disposable.
    /// </summary>
    private static ConvergenceReport[] RunStarts(ScalingLaw law, FitProblem[] problems, int[] taskProblems, double[] starts, FitOptions options, double[] solutions)
    {
        IBatchObjective objective = options.Objectives.Create(law, problems, options.EffectiveDelta);
        try
        {
            return MultiStart.Run(objective, taskProblems, starts, options.Optimizer, options.Engine, options.MaxDegreeOfParallelism, solutions);
        }
        finally
        {
            (objective as IDisposable)?.Dispose();
        }
    }

    /// <summary>The task with the lowest finite objective in [from, to); ties go to the lower index (deterministic).</summary>
    private static int BestIndex(ConvergenceReport[] reports, int from, int to)
    {
        int best = -1;
        for (int t = from; t < to; t++)
        {
            double f = reports[t].Objective;
            if (double.IsFinite(f) && (best < 0 || f < reports[best].Objective))
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>Final points sorted by objective, with near-duplicates (same basin) removed; at most 32 kept.</summary>
    private static List<double[]> DistinctOptima(ConvergenceReport[] reports, double[] solutions, int p)
    {
        var order = Enumerable.Range(0, reports.Length)
            .Where(t => double.IsFinite(reports[t].Objective))
            .OrderBy(t => reports[t].Objective)
            .ThenBy(t => t);
        var kept = new List<double[]>();
        foreach (int t in order)
        {
            var x = solutions.AsSpan(t * p, p);
            bool duplicate = false;
            foreach (double[] y in kept)
            {
                double diff = 0;
                for (int i = 0; i < p; i++)
                {
                    diff = Math.Max(diff, Math.Abs(x[i] - y[i]) / (1 + Math.Abs(y[i])));
                }

                if (diff < 1e-3)
                {
                    duplicate = true;
                    break;
                }
            }

            if (!duplicate)
            {
                kept.Add(x.ToArray());
                if (kept.Count == 32)
                {
                    break;
                }
            }
        }

        return kept;
    }
}
