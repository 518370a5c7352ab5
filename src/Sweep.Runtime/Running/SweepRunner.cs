using System.Collections.Concurrent;
using System.Diagnostics;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Running;

/// <summary>
/// Runs the pending trials of a plan side by side (one per thread), storing each as it finishes. Resume is the
/// contract: trials the store has done are never rerun or duplicated; failed ones run again. A stop request lets
/// the trials in flight finish and store; an abort drops them unstored.
/// </summary>
public sealed class SweepRunner
{
    private readonly ResultStore _store;
    private readonly ITrialEngine _engine;
    private readonly ISweepObserver? _observer;

    /// <summary>Creates a runner over a store and an engine.</summary>
    /// <param name="store">Where trials are stored.</param>
    /// <param name="engine">What trains spec-based trials.</param>
    /// <param name="observer">Who follows progress, or null.</param>
    public SweepRunner(ResultStore store, ITrialEngine engine, ISweepObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        _store = store;
        _engine = engine;
        _observer = observer;
    }

    /// <summary>Plans a run of a grid against this runner's store.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="options">Shard and trial limit.</param>
    /// <returns>The plan.</returns>
    public SweepPlan Plan(TrialGrid grid, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _store.RegisterStudy(grid.Study);
        return SweepPlanner.Plan(grid, _store.TrialStates(grid.Study.Name), options, _engine.EstimateCost);
    }

    /// <summary>Runs a grid's pending trials.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="options">Shard, trial limit and parallelism.</param>
    /// <param name="stopping">Stop starting trials (Ctrl+C, SIGTERM); those in flight finish and are stored.</param>
    /// <param name="abort">Abandon the trials in flight (a second Ctrl+C); they are not stored.</param>
    /// <returns>What the run did.</returns>
    public async Task<SweepOutcome> RunAsync(TrialGrid grid, RunOptions options, CancellationToken stopping = default, CancellationToken abort = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, "parallelism must be at least 1.");
        }

        SweepPlan plan = Plan(grid, options);
        string study = plan.Study.Name;
        long runId = _store.BeginRun(new RunInfo(study, options.CommandLine, _engine.Backend, options.Shard?.ToString(), RunEnvironment.Capture()));
        _observer?.OnStarted(plan);

        Stopwatch clock = Stopwatch.StartNew();
        ConcurrentQueue<PlannedTrial> queue = new(plan.Pending);
        TrialExecutor executor = new(_engine);
        int succeeded = 0, failed = 0, inFlight = 0, stopReported = 0;
        using CancellationTokenRegistration onStop = stopping.Register(() =>
        {
            if (Interlocked.Exchange(ref stopReported, 1) == 0)
            {
                _observer?.OnStopping(Volatile.Read(ref inFlight));
            }
        });

        void Work()
        {
            while (!stopping.IsCancellationRequested && !abort.IsCancellationRequested && queue.TryDequeue(out PlannedTrial? planned))
            {
                Interlocked.Increment(ref inFlight);
                try
                {
                    TrialRecord? record = executor.Execute(planned.Trial, runId, abort);
                    if (record is null)
                    {
                        continue;
                    }

                    _store.Record(record);
                    _ = record.Status == TrialStatus.Done ? Interlocked.Increment(ref succeeded) : Interlocked.Increment(ref failed);
                    _observer?.OnTrialCompleted(planned.Trial, record, planned.Cost);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }
        }

        int workers = Math.Min(options.Parallelism, Math.Max(1, plan.Pending.Count));
        Task[] tasks = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            tasks[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        clock.Stop();

        int notStarted = plan.Trials.Count - plan.AlreadyDone - succeeded - failed;
        bool cancelled = (stopping.IsCancellationRequested || abort.IsCancellationRequested) && notStarted > 0;
        RunStatus status = cancelled ? RunStatus.Cancelled : failed > 0 ? RunStatus.Failures : RunStatus.Completed;
        _store.FinishRun(runId, status);
        _store.RefreshStudyView(plan.Study);
        SweepOutcome outcome = new(study, runId, plan.Trials.Count, plan.AlreadyDone, succeeded, failed, notStarted, cancelled, clock.Elapsed);
        _observer?.OnFinished(outcome);
        return outcome;
    }
}
