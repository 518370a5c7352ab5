using System.Collections.Concurrent;
using System.Diagnostics;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Running;

/// <summary>
/// Runs the pending trials of a plan side by side (one per thread), storing each as it finishes. Trials the engine
/// can train together (same shapes, see <see cref="ITrialEngine.BatchKey"/>) run as batches of at most
/// <see cref="RunOptions.MaxBatch"/>, one batch per thread, each trial stored when its batch finishes (see
/// <see cref="TrialBatches"/>). Resume is the contract: trials the store has done with their current description are
/// never rerun or duplicated; failed ones run again, and so do stale ones (done with another description), whose old
/// rows stay as history. A stop request lets the trials and batches in flight finish and store; an abort drops them
/// unstored.
/// </summary>
/// <remarks>
/// The store is also a work queue: before starting a trial the runner claims it, and skips trials another process
/// sharing the results folder has claimed (and is alive to run) or has already done, so several processes started on
/// one folder run each trial once. Claims are leased and renewed while the run works; a claim whose owner died is
/// taken over.
/// </remarks>
public sealed class SweepRunner
{
    /// <summary>How long a claim holds without renewal; a run renews its claims every third of it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(60);

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

    /// <summary>Plans a run of a grid against this runner's store (registering the study).</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="options">Shard, trial limit and whether stale trials are kept.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="GridException">The study's constraints admit no point of the grid.</exception>
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

        if (options.MaxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, "the batch limit must be at least 1.");
        }

        SweepPlan plan = Plan(grid, options);
        string study = plan.Study.Name;
        long runId = _store.BeginRun(new RunInfo(study, options.CommandLine, _engine.Backend, options.Shard?.ToString(), RunEnvironment.Capture()));
        StaleReport reconciled = Reconcile(plan);
        _observer?.OnStarted(plan);

        Stopwatch clock = Stopwatch.StartNew();
        int lanes = Math.Max(1, Math.Min(options.Parallelism, _engine.MaxLanes));
        int maxBatch = Math.Min(options.MaxBatch ?? _engine.MaxBatch, _engine.MaxBatch);
        // Largest first (longest-processing-time order): a run then ends on small items spread over the lanes, not on
        // one large trial that keeps one core busy while the others idle. The stable sort keeps plan order among equals.
        ConcurrentQueue<WorkItem> queue = new(TrialBatches.Group(plan.Pending, _engine, maxBatch, lanes).OrderByDescending(item => item.Cost));
        // Fewer items than lanes (one large cell re-run, a small grid on a many-core machine): share the spare cores out,
        // so no core idles from the start. Results do not depend on the thread count.
        int threads = Math.Max(1, lanes / Math.Max(1, queue.Count));
        TrialExecutor executor = new(_engine, threads);
        ClaimOwner owner = ClaimOwner.ForThisProcess();
        int succeeded = 0, failed = 0, elsewhere = 0, inFlight = 0, stopReported = 0;
        using CancellationTokenRegistration onStop = stopping.Register(() =>
        {
            if (Interlocked.Exchange(ref stopReported, 1) == 0)
            {
                _observer?.OnStopping(Volatile.Read(ref inFlight));
            }
        });

        void Store(PlannedTrial planned, TrialRecord record)
        {
            if (!_store.Record(record))
            {
                Interlocked.Increment(ref elsewhere);
                return;
            }

            _ = record.Status == TrialStatus.Done ? Interlocked.Increment(ref succeeded) : Interlocked.Increment(ref failed);
            _observer?.OnTrialCompleted(planned.Trial, record, planned.Cost);
        }

        void Work()
        {
            while (!stopping.IsCancellationRequested && !abort.IsCancellationRequested && queue.TryDequeue(out WorkItem? item))
            {
                PlannedTrial[] mine = Claim(item, owner);
                Interlocked.Add(ref elsewhere, item.Trials.Count - mine.Length);
                if (mine.Length == 0)
                {
                    continue;
                }

                Interlocked.Add(ref inFlight, mine.Length);
                try
                {
                    if (!item.IsBatch || mine.Length == 1)
                    {
                        foreach (PlannedTrial planned in mine)
                        {
                            if (executor.Execute(planned.Description, runId, abort) is TrialRecord record)
                            {
                                Store(planned, record);
                            }
                        }

                        continue;
                    }

                    IReadOnlyList<TrialRecord> records = executor.ExecuteBatch([.. mine.Select(t => t.Description)], runId, abort);
                    for (int i = 0; i < records.Count; i++)
                    {
                        Store(mine[i], records[i]);
                    }
                }
                finally
                {
                    Interlocked.Add(ref inFlight, -mine.Length);
                }
            }
        }

        using (Timer renew = new(_ => RenewQuietly(owner), null, ClaimLease / 3, ClaimLease / 3))
        {
            try
            {
                int workers = Math.Min(lanes, Math.Max(1, queue.Count));
                Task[] tasks = new Task[workers];
                for (int i = 0; i < workers; i++)
                {
                    tasks[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }

                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            finally
            {
                _store.ReleaseClaims(owner);
            }
        }

        clock.Stop();
        HashSet<string> planned = new(plan.Trials.Select(t => t.Description.Key), StringComparer.Ordinal);
        int notStarted = plan.Trials.Count - plan.AlreadyDone - succeeded - failed - elsewhere;
        bool cancelled = (stopping.IsCancellationRequested || abort.IsCancellationRequested) && notStarted > 0;
        RunStatus status = cancelled ? RunStatus.Cancelled : failed > 0 ? RunStatus.Failures : RunStatus.Completed;
        _store.FinishRun(runId, status);
        _store.RefreshStudyView(plan.Study);
        SweepOutcome outcome = new(study, runId, plan.Trials.Count, plan.AlreadyDone, succeeded, failed, notStarted, cancelled, clock.Elapsed)
        {
            RunElsewhere = elsewhere,
            Stale = plan.Stale.Count,
            StaleOutsidePlan = reconciled.Stale.Count - reconciled.Stale.Count(t => planned.Contains(t.Key)),
        };
        _observer?.OnFinished(outcome);
        return outcome;
    }

    /// <summary>
    /// Brings the store in line with the study before any work (<see cref="StaleTrials.Reconcile"/>): every stored
    /// trial the study now describes differently is marked stale, so it leaves the results until re-run, or, with
    /// <see cref="RunOptions.KeepStale"/> and in this plan, takes the current description; done trials whose derived
    /// values changed are refreshed in place.
    /// </summary>
    private StaleReport Reconcile(SweepPlan plan)
        => StaleTrials.Reconcile(
            _store, plan.Grid.Definition, plan.KeepStale ? new HashSet<string>(plan.Stale.Select(t => t.Description.Key), StringComparer.Ordinal) : null);

    /// <summary>The trials of an item this runner may start: those no other live process holds or has done.</summary>
    private PlannedTrial[] Claim(WorkItem item, ClaimOwner owner)
    {
        IReadOnlyList<string> claimed = _store.TryClaim(item.Trials[0].Description.Study, [.. item.Trials.Select(t => (t.Description.Key, t.Description.Identity))], owner, ClaimLease);
        HashSet<string> mine = new(claimed, StringComparer.Ordinal);
        return [.. item.Trials.Where(t => mine.Contains(t.Description.Key))];
    }

    private void RenewQuietly(ClaimOwner owner)
    {
        try
        {
            _store.RenewClaims(owner, ClaimLease);
        }
#pragma warning disable CA1031 // A renewal that fails (a locked or closing store) is retried at the next tick; the lease covers the gap.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
