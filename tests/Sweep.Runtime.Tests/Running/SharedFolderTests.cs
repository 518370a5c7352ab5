using System.Collections.Concurrent;
using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Running;

/// <summary>
/// The store as a work queue: runners sharing one results folder claim trials before starting them, skip what another
/// live runner holds or has done, and take over claims whose owner died or whose lease ran out.
/// </summary>
[Collection(ToyStudyCollection.Name)]
public sealed class SharedFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public SharedFolderTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task FourRunnersOnOneFolder_RunEachTrialOnce_AndLeaveTheStoreASingleRunLeaves()
    {
        ConcurrentDictionary<string, int> executions = new(StringComparer.Ordinal);
        ScriptedEngine engine = new((spec, context) =>
        {
            executions.AddOrUpdate($"{((RandomFeaturesModel)spec.Model).Features}/{context.Seed}", 1, (_, n) => n + 1);
            Thread.Sleep(20);
            context.Record("Clean", Metric.TestLoss, 1.0 / ((RandomFeaturesModel)spec.Model).Features + context.Seed);
        });
        TrialGrid grid = EditableStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Width", "1", "2", "3", "4", "5", "6").WithSeedCount(4));

        // Four connections to one file, as four processes would have; each runner its own claim owner.
        ResultStore[] stores = [.. Enumerable.Range(0, 4).Select(_ => ResultStore.Open(_folder.File("sweep.db")))];
        try
        {
            SweepOutcome[] outcomes = await Task.WhenAll(stores.Select(store =>
                Task.Run(() => new SweepRunner(store, engine).RunAsync(grid, new RunOptions { Parallelism = 2 }, TestContext.Current.CancellationToken))));

            Assert.Equal(24, executions.Count);
            Assert.All(executions, e => Assert.Equal(1, e.Value));
            Assert.Equal(24, outcomes.Sum(o => o.Succeeded));
            Assert.All(outcomes, o => Assert.Equal((24, 0), (o.Succeeded + o.RunElsewhere + o.AlreadyDone, o.NotStarted)));
            Assert.Equal(0L, Scalar(stores[0], "SELECT COUNT(*) FROM claims"));
        }
        finally
        {
            foreach (ResultStore store in stores)
            {
                store.Dispose();
            }
        }

        using ResultStore shared = ResultStore.Open(_folder.File("sweep.db"));
        using ResultStore single = ResultStore.Open(_folder.File("single.db"));
        await new SweepRunner(single, new ScriptedEngine((spec, context) => context.Record("Clean", Metric.TestLoss, 1.0 / ((RandomFeaturesModel)spec.Model).Features + context.Seed)))
            .RunAsync(grid, new RunOptions(), TestContext.Current.CancellationToken);
        Assert.Equal(Summary(single), Summary(shared));
    }

    [Fact]
    public void AClaimOfALiveRunner_IsRespected_UntilItsLeaseRunsOut()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        ClaimOwner mine = ClaimOwner.ForThisProcess(), other = ClaimOwner.ForThisProcess();
        (string, string)[] trials = [("k1", "id1"), ("k2", "id2")];

        Assert.Equal(["k1", "k2"], store.TryClaim("s", trials, other, TimeSpan.FromMinutes(5)));
        Assert.Empty(store.TryClaim("s", trials, mine, TimeSpan.FromMinutes(5)));
        Assert.Equal(["k1", "k2"], store.TryClaim("s", trials, other, TimeSpan.FromMinutes(5)));

        Assert.Equal(["k1", "k2"], store.TryClaim("s", trials, other, TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(["k1", "k2"], store.TryClaim("s", trials, mine, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void AClaimOfADeadProcessOnThisHost_IsTakenOver_AtOnce()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        ClaimOwner dead = new("dead", Environment.MachineName, DeadPid(), "2001-01-01T00:00:00.0000000Z");
        ClaimOwner elsewhere = new("remote", "some-other-host", DeadPid(), null);
        store.TryClaim("s", [("k1", "id1")], dead, TimeSpan.FromHours(1));
        store.TryClaim("s", [("k2", "id2")], elsewhere, TimeSpan.FromHours(1));

        IReadOnlyList<string> claimed = store.TryClaim("s", [("k1", "id1"), ("k2", "id2")], ClaimOwner.ForThisProcess(), TimeSpan.FromMinutes(1));

        // Another host's claim is judged by its lease alone: an hour to go.
        Assert.Equal(["k1"], claimed);
    }

    [Fact]
    public async Task ARun_SkipsTrialsAnotherLiveRunnerHolds_AndSaysSo_ThenTheyRunOnceReleased()
    {
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        ClaimOwner holder = ClaimOwner.ForThisProcess();
        Trial[] held = [.. ToyStudy.Definition.CreateGrid().Take(3)];
        store.TryClaim("toy", [.. held.Select(t => (t.Key, TrialDescription.Describe(t).Identity))], holder, TimeSpan.FromMinutes(5));

        SweepOutcome first = await new SweepRunner(store, new ScriptedEngine((_, _) => { })).RunAsync(ToyStudy.Definition.CreateGrid(), new RunOptions(), TestContext.Current.CancellationToken);
        store.ReleaseClaims(holder);
        SweepOutcome second = await new SweepRunner(store, new ScriptedEngine((_, _) => { })).RunAsync(ToyStudy.Definition.CreateGrid(), new RunOptions(), TestContext.Current.CancellationToken);

        Assert.Equal((9, 3, 0), (first.Succeeded, first.RunElsewhere, first.NotStarted));
        Assert.Equal((3, 9, 0), (second.Succeeded, second.AlreadyDone, second.RunElsewhere));
        Assert.Equal(12, ToyStudy.Calls);
    }

    [Fact]
    public void DefaultParallelism_HonoursSlurmsCpusPerTask_WithinTheCoresThisProcessMayUse()
    {
        Assert.Equal(3, RunOptions.DefaultParallelism("3", 8));
        Assert.Equal(4, RunOptions.DefaultParallelism("16", 4));
        Assert.Equal(4, RunOptions.DefaultParallelism(null, 4));
        Assert.Equal(4, RunOptions.DefaultParallelism("two", 4));
        Assert.Equal(4, RunOptions.DefaultParallelism("0", 4));
        Assert.Equal(1, RunOptions.DefaultParallelism(null, 0));
    }

    private static int DeadPid()
    {
        for (int pid = 4_000_000; ; pid++)
        {
            try
            {
                using System.Diagnostics.Process process = System.Diagnostics.Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                return pid;
            }
        }
    }

    private static string Summary(ResultStore store)
        => string.Join("\n", store.ReadTrials("editable").OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key} {t.Status} {t.Identity} {t.Metrics["Clean"][Metric.TestLoss]:R} {t.Attempts}"));

    private static long Scalar(ResultStore store, string sql) => StoreQuery.Scalar<long>(store.Path, sql);
}
