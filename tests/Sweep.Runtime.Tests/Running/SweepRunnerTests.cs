using Microsoft.Data.Sqlite;
using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Running;

[Collection(ToyStudyCollection.Name)]
public sealed class SweepRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public SweepRunnerTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ResultStore OpenStore(string file = "sweep.db") => ResultStore.Open(_folder.File(file));

    private static Task<SweepOutcome> RunToy(ResultStore store, RunOptions? options = null, ISweepObserver? observer = null, CancellationToken? stopping = null)
        => new SweepRunner(store, new KernelsEngine(Kernels.BackendKind.Cpu), observer).RunAsync(ToyStudy.Definition.CreateGrid(), options ?? new RunOptions { Parallelism = 2 }, stopping ?? Token);

    [Fact]
    public async Task Run_StoresEveryTrialOnce_WithMetricsPerEvaluation()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        SweepRunner runner = new(store, new KernelsEngine(Kernels.BackendKind.Cpu));

        SweepOutcome outcome = await runner.RunAsync(ToyStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(12, outcome.GridTrials);
        Assert.Equal(12, outcome.Succeeded);
        IReadOnlyList<StoredTrial> trials = store.ReadTrials("toy");
        Assert.Equal(12, trials.Select(t => t.Key).Distinct().Count());
        StoredTrial first = trials.Single(t => t.Key == "Width=2;Mode=b;seed=1");
        Assert.Equal(0.5 + 10 + 0.01, first.Metrics["test"][Metric.TestLoss], 12);
        Assert.Equal(1.0 + 10, first.Metrics["shifted"][Metric.TestLoss], 12);
        Assert.Equal(20, first.Derived.Single().Value.Number);
    }

    [Fact]
    public async Task Rerun_OfACompleteStudy_RunsNothing_AndDuplicatesNothing()
    {
        using ResultStore store = OpenStore();
        await RunToy(store);

        SweepOutcome again = await RunToy(store);

        Assert.Equal((12, 12, 0, 0, 0), (again.GridTrials, again.AlreadyDone, again.Succeeded, again.Failed, again.NotStarted));
        Assert.False(again.Cancelled);
        Assert.Equal(12, ToyStudy.Calls);
        Assert.Equal(12L, TrialRows(store));
        Assert.All(store.ReadTrials("toy"), t => Assert.Equal(1, t.Attempts));
        Assert.Equal([RunStatus.Completed, RunStatus.Completed], store.Runs("toy").Select(r => r.Status));
    }

    [Fact]
    public async Task ThrowingTrial_IsStoredAsFailedWithItsMessage_AndTheSweepGoesOn()
    {
        using ResultStore store = OpenStore();
        ToyStudy.FailingWidths.Add(2);

        SweepOutcome outcome = await RunToy(store);

        Assert.Equal((8, 4), (outcome.Succeeded, outcome.Failed));
        Assert.Equal(0, outcome.NotStarted);
        IReadOnlyList<StoredTrial> trials = store.ReadTrials("toy");
        Assert.Equal(12, trials.Count);
        List<StoredTrial> failed = trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, t =>
        {
            Assert.Equal("2", t.Axis("Width")!.Value.Text);
            Assert.StartsWith("InvalidOperationException: width 2 is cursed", t.Error, StringComparison.Ordinal);
            Assert.Empty(t.Metrics);
        });
        Assert.Equal(RunStatus.Failures, store.Runs("toy").Single().Status);
    }

    [Fact]
    public async Task Rerun_AfterFailures_RetriesOnlyTheFailedTrials()
    {
        using ResultStore store = OpenStore();
        ToyStudy.FailingWidths.Add(2);
        await RunToy(store);
        ToyStudy.FailingWidths.Clear();

        SweepOutcome again = await RunToy(store);

        Assert.Equal((8, 4, 0), (again.AlreadyDone, again.Succeeded, again.Failed));
        Assert.Equal(12 + 4, ToyStudy.Calls);
        IReadOnlyList<StoredTrial> trials = store.ReadTrials("toy");
        Assert.Equal(12L, TrialRows(store));
        Assert.All(trials, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.All(trials, t => Assert.Equal(t.Axis("Width")!.Value.Text == "2" ? 2 : 1, t.Attempts));
    }

    [Fact]
    public async Task MaxTrials_RunsThatManyInGridOrder_AndLeavesTheRestPending()
    {
        using ResultStore store = OpenStore();

        SweepOutcome outcome = await RunToy(store, new RunOptions { MaxTrials = 5, Parallelism = 2 });

        Assert.Equal((5, 7), (outcome.Succeeded, outcome.NotStarted));
        Assert.Equal(
            ToyStudy.Definition.CreateGrid().Take(5).Select(t => t.Key).Order(StringComparer.Ordinal),
            store.ReadTrials("toy").Select(t => t.Key).Order(StringComparer.Ordinal));

        SweepOutcome rest = await RunToy(store);
        Assert.Equal((5, 7, 0), (rest.AlreadyDone, rest.Succeeded, rest.NotStarted));
        Assert.Equal(12, ToyStudy.Calls);
    }

    [Fact]
    public async Task MaxTrialsZero_RunsNothing()
    {
        using ResultStore store = OpenStore();

        SweepOutcome outcome = await RunToy(store, new RunOptions { MaxTrials = 0, Parallelism = 2 });

        Assert.Equal((0, 12), (outcome.Succeeded, outcome.NotStarted));
        Assert.Equal(0, ToyStudy.Calls);
    }

    [Fact]
    public async Task Shards_PartitionTheGrid_DisjointAndComplete()
    {
        using ResultStore first = OpenStore("shard-0-of-2.db");
        using ResultStore second = OpenStore("shard-1-of-2.db");

        SweepOutcome a = await RunToy(first, new RunOptions { Shard = new ShardSpec(0, 2), Parallelism = 2 });
        SweepOutcome b = await RunToy(second, new RunOptions { Shard = new ShardSpec(1, 2), Parallelism = 2 });

        HashSet<string> keysA = first.ReadTrials("toy").Select(t => t.Key).ToHashSet();
        HashSet<string> keysB = second.ReadTrials("toy").Select(t => t.Key).ToHashSet();
        Assert.Equal((6, 6), (a.GridTrials, b.GridTrials));
        Assert.Empty(keysA.Intersect(keysB));
        Assert.Equal(ToyStudy.Definition.CreateGrid().Select(t => t.Key).ToHashSet(), keysA.Union(keysB).ToHashSet());
        Assert.All(first.ReadTrials("toy"), t => Assert.Equal(0, t.Index % 2));
        Assert.Equal("0/2", first.Runs("toy").Single().Shard);
    }

    [Fact]
    public async Task Stop_FinishesAndStoresTheTrialsInFlight_LeavesTheRestPending_AndARerunCompletesEachOnce()
    {
        using ResultStore store = OpenStore();
        ToyStudy.SleepMilliseconds = 150;
        using CancellationTokenSource stop = new();
        StopAfterFirstCompletion observer = new(stop);

        SweepOutcome stopped = await RunToy(store, new RunOptions { Parallelism = 2 }, observer, stop.Token);

        int stored = store.ReadTrials("toy").Count;
        Assert.True(stopped.Cancelled);
        Assert.InRange(stored, 1, 2);
        Assert.Equal(ToyStudy.Calls, stored);
        Assert.Equal(stored, stopped.Succeeded);
        Assert.Equal(12 - stored, stopped.NotStarted);
        Assert.True(observer.Stopping);
        Assert.Equal(RunStatus.Cancelled, store.Runs("toy").Single().Status);

        ToyStudy.SleepMilliseconds = 0;
        SweepOutcome resumed = await RunToy(store);

        Assert.Equal((stored, 12 - stored, 0), (resumed.AlreadyDone, resumed.Succeeded, resumed.NotStarted));
        Assert.Equal(12, ToyStudy.Calls);
        Assert.Equal(12L, TrialRows(store));
        Assert.All(store.ReadTrials("toy"), t => Assert.Equal((TrialStatus.Done, 1), (t.Status, t.Attempts)));
    }

    [Fact]
    public async Task Abort_DropsTheTrialsInFlightUnstored_AndKeepsTheFinishedOnes()
    {
        using ResultStore store = OpenStore();
        int starts = 0;
        using CountdownEvent inFlight = new(2);
        using ScriptedEngine engine = new((spec, context) =>
        {
            if (Interlocked.Increment(ref starts) == 1)
            {
                context.Record("Clean", Metric.TestLoss, 1.0);
                return;
            }

            inFlight.Signal();
            context.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            context.CancellationToken.ThrowIfCancellationRequested();
        });
        using CancellationTokenSource stop = new();
        using CancellationTokenSource abort = new();

        Task<SweepOutcome> running = new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2 }, stop.Token, abort.Token);
        Assert.True(inFlight.Wait(TimeSpan.FromSeconds(10), Token), "two trials should be in flight");
        await stop.CancelAsync();
        await abort.CancelAsync();
        SweepOutcome outcome = await running;

        Assert.True(outcome.Cancelled);
        Assert.Equal((1, 0, 11), (outcome.Succeeded, outcome.Failed, outcome.NotStarted));
        Assert.Equal(3, engine.Started);
        StoredTrial kept = Assert.Single(store.ReadTrials("ridge"));
        Assert.Equal(TrialStatus.Done, kept.Status);
        Assert.Equal(RunStatus.Cancelled, store.Runs("ridge").Single().Status);
    }

    [Theory]
    [InlineData(1, 4, 4)]
    [InlineData(3, 8, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(12, 2, 1)]
    public async Task FewerTrialsThanLanes_ShareTheSpareCores(int trials, int parallelism, int threads)
    {
        using ResultStore store = OpenStore();
        System.Collections.Concurrent.ConcurrentBag<int> seen = [];
        using ScriptedEngine engine = new((spec, context) =>
        {
            seen.Add(context.Threads);
            context.Record("Clean", Metric.TestLoss, 1.0);
        });

        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = parallelism, MaxTrials = trials }, Token);

        Assert.Equal(trials, outcome.Succeeded);
        Assert.Equal(trials, seen.Count);
        Assert.All(seen, t => Assert.Equal(threads, t));
    }

    [Fact]
    public async Task Run_WithParallelismBelowOne_IsRefused()
    {
        using ResultStore store = OpenStore();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RunToy(store, new RunOptions { Parallelism = 0 }));
        Assert.Equal(0, ToyStudy.Calls);
    }

    private static long TrialRows(ResultStore store)
    {
        using SqliteConnection raw = new($"Data Source={store.Path};Pooling=False");
        raw.Open();
        using SqliteCommand count = raw.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM trials";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Requests a stop when the first trial completes, as Ctrl+C would.</summary>
    private sealed class StopAfterFirstCompletion(CancellationTokenSource stop) : ISweepObserver
    {
        public bool Stopping { get; private set; }

        public void OnStarted(SweepPlan plan)
        {
        }

        public void OnTrialCompleted(Trial trial, TrialRecord record, double cost) => stop.Cancel();

        public void OnStopping(int inFlight) => Stopping = true;

        public void OnFinished(SweepOutcome outcome)
        {
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ToyStudyCollection
{
    public const string Name = "ToyStudy static state";
}
