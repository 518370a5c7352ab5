namespace Sweep.Analysis;

/// <summary>
/// Runs many independent L-BFGS minimisations (starts × problems) of one <see cref="IBatchObjective"/>. Each task's
/// result depends only on its own start and problem, so results are identical whatever the thread count or engine.
/// An objective that does not allow concurrent calls (an accelerator) always runs lock-step, one call per round.
/// </summary>
internal static class MultiStart
{
    /// <summary>Chunk of tasks kept in flight by the lock-step engine (bounds memory for huge bootstrap grids).</summary>
    private const int LockstepChunk = 8192;

    /// <param name="objective">The batched objective.</param>
    /// <param name="problems">Problem index of each task.</param>
    /// <param name="starts">Row-major start points, one row per task.</param>
    /// <param name="optimizer">L-BFGS settings.</param>
    /// <param name="engine">Scheduling.</param>
    /// <param name="maxThreads">Thread cap, or null for all cores.</param>
    /// <param name="solutions">Receives the final point of each task (row-major).</param>
    /// <returns>One report per task.</returns>
    public static ConvergenceReport[] Run(
        IBatchObjective objective, int[] problems, double[] starts, LbfgsOptions optimizer, FitEngine engine, int? maxThreads, double[] solutions)
    {
        int tasks = problems.Length;
        int p = objective.Dimension;
        var reports = new ConvergenceReport[tasks];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        if (engine == FitEngine.Threads && objective.AllowsConcurrentCalls)
        {
            Parallel.For(
                0,
                tasks,
                parallel,
                () => new Worker(p, optimizer),
                (t, _, worker) =>
                {
                    reports[t] = worker.Run(objective, problems[t], starts.AsSpan(t * p, p), solutions.AsSpan(t * p, p));
                    return worker;
                },
                _ => { });
            return reports;
        }

        for (int first = 0; first < tasks; first += LockstepChunk)
        {
            RunLockstep(objective, problems, starts, optimizer, parallel, solutions, reports, first, Math.Min(tasks, first + LockstepChunk));
        }

        return reports;
    }

    private static void RunLockstep(
        IBatchObjective objective, int[] problems, double[] starts, LbfgsOptions optimizer, ParallelOptions parallel,
        double[] solutions, ConvergenceReport[] reports, int first, int end)
    {
        int p = objective.Dimension;
        int count = end - first;
        var runs = new LbfgsMinimizer[count];
        for (int i = 0; i < count; i++)
        {
            runs[i] = new LbfgsMinimizer(p, optimizer);
            runs[i].Begin(starts.AsSpan((first + i) * p, p));
        }

        var active = Enumerable.Range(0, count).ToList();
        var rowProblems = new int[count];
        var points = new double[count * p];
        var values = new double[count];
        var gradients = new double[count * p];
        while (active.Count > 0)
        {
            // Gather every active run's requested point, evaluate the whole batch, hand each result back.
            int rows = active.Count;
            for (int r = 0; r < rows; r++)
            {
                int i = active[r];
                rowProblems[r] = problems[first + i];
                runs[i].Point.CopyTo(points.AsSpan(r * p, p));
            }

            if (!objective.AllowsConcurrentCalls)
            {
                // An accelerator: the whole round in one call.
                objective.Evaluate(rowProblems.AsSpan(0, rows), points.AsSpan(0, rows * p), values.AsSpan(0, rows), gradients.AsSpan(0, rows * p));
            }
            else
            {
                int chunk = Math.Max(16, (rows + parallel.MaxDegreeOfParallelism - 1) / parallel.MaxDegreeOfParallelism);
                Parallel.For(0, (rows + chunk - 1) / chunk, parallel, c =>
                {
                    int lo = c * chunk, n = Math.Min(chunk, rows - lo);
                    objective.Evaluate(rowProblems.AsSpan(lo, n), points.AsSpan(lo * p, n * p), values.AsSpan(lo, n), gradients.AsSpan(lo * p, n * p));
                });
            }

            // Each run's L-BFGS step is independent of the others: spread them over the cores too (with an accelerator
            // evaluating the round, this host work is what is left).
            int stepChunk = Math.Max(256, (rows + parallel.MaxDegreeOfParallelism - 1) / parallel.MaxDegreeOfParallelism);
            Parallel.For(0, (rows + stepChunk - 1) / stepChunk, parallel, c =>
            {
                for (int r = c * stepChunk, end = Math.Min(rows, r + stepChunk); r < end; r++)
                {
                    runs[active[r]].Supply(values[r], gradients.AsSpan(r * p, p));
                }
            });

            int kept = 0;
            for (int r = 0; r < rows; r++)
            {
                int i = active[r];
                if (runs[i].IsDone)
                {
                    reports[first + i] = runs[i].Report;
                    runs[i].Solution.CopyTo(solutions.AsSpan((first + i) * p, p));
                }
                else
                {
                    active[kept++] = i;
                }
            }

            active.RemoveRange(kept, active.Count - kept);
        }
    }

    /// <summary>A thread's workspace: one minimiser and one-row buffers.</summary>
    private sealed class Worker(int dimension, LbfgsOptions optimizer)
    {
        private readonly LbfgsMinimizer _minimizer = new(dimension, optimizer);
        private readonly int[] _problem = new int[1];
        private readonly double[] _value = new double[1];
        private readonly double[] _point = new double[dimension];
        private readonly double[] _gradient = new double[dimension];

        public ConvergenceReport Run(IBatchObjective objective, int problem, ReadOnlySpan<double> start, Span<double> solution)
        {
            _problem[0] = problem;
            _minimizer.Begin(start);
            while (!_minimizer.IsDone)
            {
                _minimizer.Point.CopyTo(_point);
                objective.Evaluate(_problem, _point, _value, _gradient);
                _minimizer.Supply(_value[0], _gradient);
            }

            _minimizer.Solution.CopyTo(solution);
            return _minimizer.Report;
        }
    }
}
