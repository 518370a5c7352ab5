using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Cli;

[Collection(ToyStudyCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public RunCommandTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    private IReadOnlyList<StoredTrial> Stored(string study, string file = ResultStore.DefaultFileName)
    {
        using ResultStore store = ResultStore.Open(_folder.File(file));
        return store.ReadTrials(study);
    }

    [Fact]
    public async Task Run_StoresEveryTrial_AndExitsZero_ThenARerunHasNothingPending()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("toy: 12 trials in the grid, 0 already done, running 12", output, StringComparison.Ordinal);
        Assert.Contains("toy: 12 done, 0 failed, 0 already done, 0 not started", output, StringComparison.Ordinal);
        Assert.Contains("toy: mean test_loss ± sd over seeds", output, StringComparison.Ordinal);
        Assert.Equal(12, Stored("toy").Count);
        Assert.False(File.Exists(_folder.File("report-toy.md")), "--no-report writes no report");

        (int again, string rerun, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, again);
        Assert.Contains("toy: 12 trials in the grid, 12 already done, running 0", rerun, StringComparison.Ordinal);
        Assert.Contains("toy: 0 done, 0 failed, 12 already done, 0 not started", rerun, StringComparison.Ordinal);
        Assert.Equal(12, ToyStudy.Calls);
        Assert.Equal(12, Stored("toy").Count);
    }

    [Fact]
    public async Task Run_WithFailingTrials_ExitsOne_AndPrintsEachFailure()
    {
        ToyStudy.FailingWidths.Add(4);

        (int code, string output, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");

        Assert.Equal(1, code);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("FAILED Width=4;", StringComparison.Ordinal)));
        Assert.Contains("InvalidOperationException: width 4 is cursed", output, StringComparison.Ordinal);
        Assert.Contains("toy: 8 done, 4 failed", output, StringComparison.Ordinal);

        ToyStudy.FailingWidths.Clear();
        (int retry, string retried, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");
        Assert.Equal(0, retry);
        Assert.Contains("toy: 12 trials in the grid, 8 already done, running 4", retried, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithOverridesSeedsAndMaxTrials_RunsThatSlice()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("run", "toy", "--set", "Width=2,8", "--seeds", "3,7", "--max-trials", "5", "--parallel", "1", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.Empty(error);
        IReadOnlyList<StoredTrial> trials = Stored("toy");
        Assert.Equal(5, trials.Count);
        Assert.All(trials, t => Assert.Contains(t.Axis("Width")!.Value.Text, new[] { "2", "8" }));
        Assert.All(trials, t => Assert.Contains(t.Seed, new[] { 3, 7 }));
        Assert.Equal(1.0 / 8 + 0.03, trials.Single(t => t.Key == "Width=8;Mode=a;seed=3").Metrics["test"][Metric.TestLoss], 12);
    }

    [Fact]
    public async Task Run_OfAShard_WritesItsOwnStore()
    {
        (int code, _, _) = await Fakes.Cli.RunAsync("run", "toy", "--shard", "1/3", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.False(File.Exists(_folder.File(ResultStore.DefaultFileName)));
        IReadOnlyList<StoredTrial> trials = Stored("toy", "shard-1-of-3.db");
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(1, t.Index % 3));
    }

    [Fact]
    public async Task Run_OfASpecStudy_TrainsOnTheManagedEngine()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("run", "ridge", "--set", "Features=4,64", "--set", "TrainSize=64", "--seeds", "1", "--backend", "cpu", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("backend: cpu", output, StringComparison.Ordinal);
        Assert.Contains("FLOPs", output, StringComparison.Ordinal);
        IReadOnlyList<StoredTrial> trials = Stored("ridge");
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(["Clean", "Wider"], t.Metrics.Keys.Order(StringComparer.Ordinal)));
        Assert.All(trials, t => Assert.Equal("cpu", t.Backend));
    }

    [Fact]
    public async Task Run_WhenStopped_ExitsWith130_AndAResumeFinishes()
    {
        ToyStudy.SleepMilliseconds = 100;
        using CancellationTokenSource stop = new();
        Task stopOnceATrialRuns = Task.Run(
            async () =>
            {
                while (ToyStudy.Calls == 0)
                {
                    await Task.Delay(5, TestContext.Current.CancellationToken);
                }

                await stop.CancelAsync();
            },
            TestContext.Current.CancellationToken);

        (int code, string output, _) = await Fakes.Cli.RunAsync(["run", "toy", "--parallel", "2", "--out", _folder.Path, "--no-report"], stop.Token);
        await stopOnceATrialRuns;

        Assert.Equal(130, code);
        Assert.Contains("stopping: finishing", output, StringComparison.Ordinal);
        int stored = Stored("toy").Count;
        Assert.InRange(stored, 1, 11);
        Assert.Equal(ToyStudy.Calls, stored);

        ToyStudy.SleepMilliseconds = 0;
        (int resumed, _, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");
        Assert.Equal(0, resumed);
        Assert.Equal(12, ToyStudy.Calls);
        Assert.Equal(12, Stored("toy").Count);
    }

    [Fact]
    public async Task Run_WithAValueTheStudysSpecRejects_StoresThoseTrialsAsFailed_AndExitsOne()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("run", "ridge", "--set", "Features=0,4", "--set", "TrainSize=64", "--seeds", "1", "--out", _folder.Path, "--no-report");

        Assert.Equal(1, code);
        Assert.Empty(error);
        Assert.Contains("ridge: 1 done, 1 failed", output, StringComparison.Ordinal);
        IReadOnlyList<StoredTrial> trials = Stored("ridge");
        StoredTrial failed = trials.Single(t => t.Status == TrialStatus.Failed);
        Assert.Equal("Features=0;TrainSize=64;seed=0", failed.Key);
        Assert.StartsWith("ArgumentOutOfRangeException: features must be positive.", failed.Error, StringComparison.Ordinal);
        Assert.Equal(TrialStatus.Done, trials.Single(t => t.Key == "Features=4;TrainSize=64;seed=0").Status);
    }
}
