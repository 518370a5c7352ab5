using Sweep.Kernels;
using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Running;

/// <summary>
/// The runner's batching: trials of one shape train together, each is stored with the same metrics it would have had
/// alone, and limits, shards, resume, stop and abort mean what they mean without batches.
/// </summary>
public sealed class BatchedRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BatchedRun_StoresTheSameMetricsBitForBit_AsTheSameTrialsRunOneByOne()
    {
        using CountingEngine batched = new(new KernelsEngine(BackendKind.Cpu));
        using CountingEngine alone = new(new KernelsEngine(BackendKind.Cpu));
        using ResultStore together = ResultStore.Open(_folder.File("batched.db"));
        using ResultStore oneByOne = ResultStore.Open(_folder.File("alone.db"));

        SweepOutcome a = await new SweepRunner(together, batched).RunAsync(MlpStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2 }, Token);
        SweepOutcome b = await new SweepRunner(oneByOne, alone).RunAsync(MlpStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2, MaxBatch = 1 }, Token);

        // Two widths × two learning rates × three seeds: one batch of six per width, run side by side.
        Assert.Equal((12, 12), (a.Succeeded, b.Succeeded));
        Assert.Equal([6, 6], batched.Batches);
        Assert.Equal(0, batched.Alone);
        Assert.Empty(alone.Batches);
        Assert.Equal(12, alone.Alone);

        Dictionary<string, StoredTrial> reference = oneByOne.ReadTrials("mlp").ToDictionary(t => t.Key);
        IReadOnlyList<StoredTrial> trials = together.ReadTrials("mlp");
        Assert.Equal(12, trials.Count);
        foreach (StoredTrial trial in trials)
        {
            StoredTrial expected = reference[trial.Key];
            Assert.Equal(TrialStatus.Done, trial.Status);
            Assert.Equal(["Attack", "Clean"], trial.Metrics.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Bits(expected), Bits(trial));
            Assert.Equal("cpu", trial.Backend);
        }
    }

    [Fact]
    public void Group_BalancesBatchesUnderTheLimit_AndSplitsThemToFillTheLanes()
    {
        using KernelsEngine engine = new(BackendKind.Cpu);
        IReadOnlyList<PlannedTrial> pending = SweepPlanner.Plan(MlpStudy.Definition.CreateGrid(), new Dictionary<string, StoredState>(), new RunOptions(), engine.EstimateCost).Pending;

        IReadOnlyList<WorkItem> limited = TrialBatches.Group(pending, engine, maxBatch: 4, lanes: 1);
        IReadOnlyList<WorkItem> spread = TrialBatches.Group(pending, engine, maxBatch: 16, lanes: 8);
        IReadOnlyList<WorkItem> unbatched = TrialBatches.Group(pending, engine, maxBatch: 1, lanes: 2);

        // Six trials per width under a limit of four: 3 + 3, not 4 + 2; never two widths in one batch.
        Assert.Equal([3, 3, 3, 3], limited.Select(w => w.Trials.Count));
        Assert.All(limited, w => Assert.Single(w.Trials.Select(t => t.Trial.Axes[0].Text).Distinct()));
        Assert.All(limited, w => Assert.True(w.IsBatch));
        Assert.Equal(8, spread.Count);
        Assert.All(spread, w => Assert.InRange(w.Trials.Count, 1, 2));
        Assert.All(spread.Where(w => w.Trials.Count == 1), w => Assert.False(w.IsBatch));
        Assert.Equal(12, unbatched.Count);
        foreach (IReadOnlyList<WorkItem> items in new[] { limited, spread, unbatched })
        {
            Assert.Equal(pending.Select(p => p.Trial.Key).Order(StringComparer.Ordinal), items.SelectMany(w => w.Trials).Select(t => t.Trial.Key).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Group_RunsTrialMethodStudies_AndTrialsWhoseSpecFails_Alone()
    {
        using KernelsEngine engine = new(BackendKind.Cpu);
        TrialGrid broken = MlpStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Width", "0", "4"));
        IReadOnlyList<PlannedTrial> pending = SweepPlanner.Plan(broken, new Dictionary<string, StoredState>(), new RunOptions(), engine.EstimateCost).Pending;
        IReadOnlyList<PlannedTrial> toy = SweepPlanner.Plan(ToyStudy.Definition.CreateGrid(), new Dictionary<string, StoredState>(), new RunOptions(), null).Pending;

        IReadOnlyList<WorkItem> items = TrialBatches.Group(pending, engine, maxBatch: 16, lanes: 1);

        Assert.Equal(6 + 1, items.Count);
        Assert.All(items.Where(w => !w.IsBatch), w => Assert.Equal("0", w.Trials.Single().Trial.Axes[0].Text));
        Assert.Equal(6, items.Single(w => w.IsBatch).Trials.Count);
        Assert.All(TrialBatches.Group(toy, engine, maxBatch: 16, lanes: 1), w => Assert.False(w.IsBatch));
    }

    [Fact]
    public async Task MaxTrialsShardsAndResume_BatchOnlyThePendingTrialsOfTheirSlice()
    {
        using CountingEngine engine = new(new KernelsEngine(BackendKind.Cpu));
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        using ResultStore shard = ResultStore.Open(_folder.File("shard-0-of-2.db"));
        SweepRunner runner = new(store, engine);

        // The first five trials in grid order are all of width 4: one batch of five.
        SweepOutcome first = await runner.RunAsync(MlpStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1, MaxTrials = 5 }, Token);
        Assert.Equal((5, 7), (first.Succeeded, first.NotStarted));
        Assert.Equal([5], engine.Batches);
        Assert.Equal(MlpStudy.Definition.CreateGrid().Take(5).Select(t => t.Key).Order(StringComparer.Ordinal), store.ReadTrials("mlp").Select(t => t.Key).Order(StringComparer.Ordinal));

        // Resume: the last width-4 trial alone, the six of width 8 together; nothing runs twice.
        SweepOutcome rest = await runner.RunAsync(MlpStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1 }, Token);
        Assert.Equal((5, 7, 0), (rest.AlreadyDone, rest.Succeeded, rest.NotStarted));
        Assert.Equal([5, 6], engine.Batches);
        Assert.Equal(1, engine.Alone);
        Assert.All(store.ReadTrials("mlp"), t => Assert.Equal((TrialStatus.Done, 1), (t.Status, t.Attempts)));

        // A shard batches within itself: trials 0, 2, 4 of each width.
        SweepOutcome half = await new SweepRunner(shard, engine).RunAsync(MlpStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1, Shard = new ShardSpec(0, 2) }, Token);
        Assert.Equal(6, half.Succeeded);
        Assert.Equal([5, 6, 3, 3], engine.Batches);
        Assert.All(shard.ReadTrials("mlp"), t => Assert.Equal(0, t.Index % 2));
    }

    [Fact]
    public async Task BatchesRunSideBySide_OnePerThread()
    {
        using GateEngine engine = new(batchesInFlight: 2);
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));

        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 2, MaxBatch = 3 }, Token);

        Assert.Equal(12, outcome.Succeeded);
        Assert.Equal([3, 3, 3, 3], engine.Sizes.Order());
        Assert.True(engine.MetInFlight, "two batches should have been in flight together");
        Assert.All(store.ReadTrials("ridge"), t => Assert.Equal(engine.BatchSeconds / 3, t.WallSeconds, 0.05));
    }

    [Fact]
    public async Task Stop_LetsTheBatchInFlightFinishAndStore_AndLeavesTheRestPending()
    {
        using GateEngine engine = new(batchesInFlight: 1);
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        using CancellationTokenSource stop = new();
        engine.Started += () => stop.Cancel();

        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1, MaxBatch = 4 }, stop.Token);

        Assert.True(outcome.Cancelled);
        Assert.Equal((4, 0, 8), (outcome.Succeeded, outcome.Failed, outcome.NotStarted));
        Assert.Equal(4, store.ReadTrials("ridge").Count);
        Assert.Equal(RunStatus.Cancelled, store.Runs("ridge").Single().Status);
    }

    [Fact]
    public async Task Abort_DropsTheBatchInFlight_Unstored()
    {
        using GateEngine engine = new(batchesInFlight: 1) { WaitForCancellation = true };
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        using CancellationTokenSource stop = new();
        using CancellationTokenSource abort = new();
        engine.Started += () =>
        {
            stop.Cancel();
            abort.Cancel();
        };

        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1, MaxBatch = 4 }, stop.Token, abort.Token);

        Assert.True(outcome.Cancelled);
        Assert.Equal((0, 0, 12), (outcome.Succeeded, outcome.Failed, outcome.NotStarted));
        Assert.Empty(store.ReadTrials("ridge"));
    }

    [Fact]
    public async Task AFailingBatch_RunsItsTrialsAgainOneByOne_SoOnlyTheCulpritsFail()
    {
        using GateEngine engine = new(batchesInFlight: 1) { Cursed = 16 };
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));

        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { Parallelism = 1 }, Token);

        Assert.Equal((8, 4), (outcome.Succeeded, outcome.Failed));
        Assert.Equal([12], engine.Sizes);
        Assert.All(store.ReadTrials("ridge"), t => Assert.Equal(
            t.Axis("Features")!.Value.Text == "16" ? TrialStatus.Failed : TrialStatus.Done,
            t.Status));
        Assert.All(store.ReadTrials("ridge").Where(t => t.Status == TrialStatus.Failed), t => Assert.StartsWith("InvalidOperationException: 16 features are cursed", t.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WithABatchLimitBelowOne_IsRefused()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        using GateEngine engine = new(batchesInFlight: 1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new SweepRunner(store, engine).RunAsync(RidgeStudy.Definition.CreateGrid(), new RunOptions { MaxBatch = 0 }, Token));
    }

    private static IEnumerable<(string Evaluation, string Metric, long Bits)> Bits(StoredTrial trial)
        => trial.Metrics
            .SelectMany(e => e.Value.Select(m => (e.Key, m.Key, BitConverter.DoubleToInt64Bits(m.Value))))
            .OrderBy(x => x.Item1, StringComparer.Ordinal)
            .ThenBy(x => x.Item2, StringComparer.Ordinal);

    /// <summary>
    /// Batches everything; each batch waits until <c>batchesInFlight</c> batches are running (or 10 s), sleeps a
    /// little, then records a loss. With <see cref="WaitForCancellation"/> it waits for an abort instead. A batch
    /// holding the <see cref="Cursed"/> feature count throws, as does that trial run alone.
    /// </summary>
    private sealed class GateEngine(int batchesInFlight) : ITrialEngine
    {
        private readonly Lock _gate = new();
        private readonly List<int> _sizes = [];
        private readonly CountdownEvent _inFlight = new(batchesInFlight);

        public event Action? Started;

        public int? Cursed { get; init; }

        public bool WaitForCancellation { get; init; }

        public bool MetInFlight { get; private set; }

        public double BatchSeconds => 0.05;

        public IReadOnlyList<int> Sizes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _sizes];
                }
            }
        }

        public string Backend => "gate";

        public int MaxBatch => 64;

        public double EstimateCost(TrialSpec spec) => 1.0;

        public string? BatchKey(TrialSpec spec) => "all";

        public IReadOnlyList<MetricValue> Run(TrainingTrial trial, EngineContext context)
        {
            if (Features(trial.Spec) == Cursed)
            {
                throw new InvalidOperationException($"{Cursed} features are cursed");
            }

            return [new MetricValue("Clean", Metric.TestLoss, 1.0 / Features(trial.Spec))];
        }

        public IReadOnlyList<IReadOnlyList<MetricValue>> RunBatch(IReadOnlyList<TrainingTrial> trials, EngineContext context)
        {
            IReadOnlyList<TrialSpec> specs = [.. trials.Select(t => t.Spec)];
            CancellationToken cancellationToken = context.CancellationToken;
            lock (_gate)
            {
                _sizes.Add(specs.Count);
            }

            Started?.Invoke();
            if (WaitForCancellation)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!_inFlight.IsSet)
            {
                _inFlight.Signal();
            }

            MetInFlight |= _inFlight.Wait(TimeSpan.FromSeconds(10), cancellationToken);
            Thread.Sleep(TimeSpan.FromSeconds(BatchSeconds));
            if (specs.Any(s => Features(s) == Cursed))
            {
                throw new InvalidOperationException("the batch failed");
            }

            return [.. specs.Select(spec => (IReadOnlyList<MetricValue>)[new MetricValue("Clean", Metric.TestLoss, 1.0 / Features(spec))])];
        }

        public void Dispose() => _inFlight.Dispose();

        private static int Features(TrialSpec spec) => ((RandomFeaturesModel)spec.Model).Features;
    }
}
