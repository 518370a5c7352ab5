using System.Security.Cryptography;
using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Storage;

public sealed class StoreMergerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Runs the ridge study (or a shard of it) into its own store with an instant engine.</summary>
    private async Task<string> RunRidge(string file, ShardSpec? shard = null)
    {
        string path = _folder.File(file);
        using ResultStore store = ResultStore.Open(path);
        using ScriptedEngine engine = new((spec, context) =>
        {
            int features = ((RandomFeaturesModel)spec.Model).Features;
            context.Record("Clean", Metric.TestLoss, 1.0 / features + spec.Data.Train + context.Seed / 10.0);
        });
        SweepOutcome outcome = await new SweepRunner(store, engine).RunAsync(
            RidgeStudy.Definition.CreateGrid(), new RunOptions { Shard = shard, Parallelism = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal(0, outcome.Failed);
        return path;
    }

    private static IReadOnlyList<StoredTrial> Read(string path)
    {
        using ResultStore store = ResultStore.Open(path);
        return store.ReadTrials("ridge");
    }

    private static string ChangedRidgeStore(string path)
    {
        StudyDescriptor ridge = RidgeStudy.Definition.Descriptor;
        using ResultStore store = ResultStore.Open(path);
        store.RegisterStudy(new StudyDescriptor(
            ridge.Name, ridge.TypeName, ridge.Description, [ridge.Axes[0]], ridge.Seeds, ridge.Derived, ridge.Evaluations, ridge.Laws, ridge.HasConstraint, ridge.RunMode));
        return path;
    }

    [Fact]
    public async Task Merge_OfTwoShards_HasTheSameTrialsAsOneUnshardedRun()
    {
        string shard0 = await RunRidge("shard-0-of-2.db", new ShardSpec(0, 2));
        string shard1 = await RunRidge("shard-1-of-2.db", new ShardSpec(1, 2));
        string whole = await RunRidge("whole.db");

        MergeResult result = StoreMerger.Merge([shard0, shard1], _folder.File("merged.db"));

        IReadOnlyList<StoredTrial> merged = Read(_folder.File("merged.db"));
        IReadOnlyList<StoredTrial> expected = Read(whole);
        Assert.Equal(["ridge"], result.Studies);
        Assert.Equal(expected.Count, result.TrialsAdded);
        Assert.Equal(0, result.DuplicatesSkipped);
        Assert.Equal(expected.Select(t => t.Key).Order(StringComparer.Ordinal), merged.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Equal(merged.Count, merged.Select(t => t.Key).Distinct().Count());
        Assert.All(merged, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.All(merged, t => Assert.Equal(
            expected.Single(e => e.Key == t.Key).Metrics["Clean"][Metric.TestLoss], t.Metrics["Clean"][Metric.TestLoss]));

        using ResultStore store = ResultStore.Open(_folder.File("merged.db"));
        IReadOnlyList<StoredRun> runs = store.Runs("ridge");
        Assert.Equal(["0/2", "1/2"], runs.Select(r => r.Shard));
        Assert.All(merged, t => Assert.Contains(t.RunId!.Value, runs.Select(r => r.RunId)));
    }

    [Fact]
    public async Task Merge_IsIdempotent()
    {
        string shard0 = await RunRidge("shard-0-of-2.db", new ShardSpec(0, 2));
        string shard1 = await RunRidge("shard-1-of-2.db", new ShardSpec(1, 2));
        string output = _folder.File("merged.db");
        MergeResult first = StoreMerger.Merge([shard0, shard1], output);
        IReadOnlyList<StoredTrial> before = Read(output);
        int runsBefore = RunCount(output);

        MergeResult again = StoreMerger.Merge([shard0, shard1], output);

        Assert.Equal(0, again.TrialsAdded);
        Assert.Equal(0, again.FailuresReplaced);
        Assert.Equal(first.TrialsAdded, again.DuplicatesSkipped);
        IReadOnlyList<StoredTrial> after = Read(output);
        Assert.Equal(before.Select(t => (t.Key, t.RunId, t.Metrics["Clean"][Metric.TestLoss])), after.Select(t => (t.Key, t.RunId, t.Metrics["Clean"][Metric.TestLoss])));
        Assert.Equal(runsBefore, RunCount(output));
    }

    [Fact]
    public void MergeAgain_AfterAShardFinished_KeepsOneRun_WithTheFinalStatus()
    {
        IReadOnlyList<Trial> trials = Records.ToyTrials();
        string shard = _folder.File("shard.db");
        string output = _folder.File("merged.db");
        using (ResultStore store = ResultStore.Open(shard))
        {
            store.RegisterStudy(ToyStudy.Definition.Descriptor);
            long run = store.BeginRun(new RunInfo("toy", "run toy --shard 0/2", "cpu", "0/2", RunEnvironment.Capture()));
            store.Record(Records.Done(trials[0], 1.0) with { RunId = run });
            StoreMerger.Merge([shard], output);

            store.Record(Records.Done(trials[2], 1.0) with { RunId = run });
            store.FinishRun(run, RunStatus.Completed);
        }

        MergeResult again = StoreMerger.Merge([shard], output);

        Assert.Equal((1, 1), (again.TrialsAdded, again.DuplicatesSkipped));
        using ResultStore merged = ResultStore.Open(output);
        StoredRun only = Assert.Single(merged.Runs("toy"));
        Assert.Equal(RunStatus.Completed, only.Status);
        Assert.NotNull(only.FinishedUtc);
        Assert.All(merged.ReadTrials("toy"), t => Assert.Equal(only.RunId, t.RunId));
    }

    [Fact]
    public void Merge_ReplacesAFailedTrialWithADoneOne_AndNeverADoneOneWithAFailure()
    {
        IReadOnlyList<Trial> trials = Records.ToyTrials();
        string failing = ToyStore("failing.db", s =>
        {
            s.Record(Records.Failed(trials[0], "out of memory"));
            s.Record(Records.Done(trials[1], 1.0));
        });
        string fixing = ToyStore("fixing.db", s =>
        {
            s.Record(Records.Done(trials[0], 0.5));
            s.Record(Records.Failed(trials[1], "flaky"));
        });
        string output = _folder.File("merged.db");
        StoreMerger.Merge([failing], output);

        MergeResult result = StoreMerger.Merge([fixing], output);

        Assert.Equal((0, 1, 1), (result.TrialsAdded, result.FailuresReplaced, result.DuplicatesSkipped));
        using ResultStore store = ResultStore.Open(output);
        IReadOnlyList<StoredTrial> merged = store.ReadTrials("toy");
        Assert.Equal(2, merged.Count);
        Assert.All(merged, t => Assert.Equal(TrialStatus.Done, t.Status));
        Assert.Equal(0.5, merged.Single(t => t.Key == trials[0].Key).Metrics["test"][Metric.TestLoss]);
        Assert.Equal(1.0, merged.Single(t => t.Key == trials[1].Key).Metrics["test"][Metric.TestLoss]);
    }

    [Fact]
    public async Task Merge_OfAStudyWithAnotherShape_IsRefusedNamingBothFiles_AndLeavesTheOutputUnchanged()
    {
        string shard0 = await RunRidge("shard-0-of-2.db", new ShardSpec(0, 2));
        string output = _folder.File("merged.db");
        StoreMerger.Merge([shard0], output);
        byte[] before = File.ReadAllBytes(output);
        string changed = ChangedRidgeStore(_folder.File("changed.db"));

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([shard0, changed], output));

        Assert.Contains("'ridge'", error.Message, StringComparison.Ordinal);
        Assert.Contains(output, error.Message, StringComparison.Ordinal);
        Assert.Contains(changed, error.Message, StringComparison.Ordinal);
        Assert.Contains("axes(Features:Int32, TrainSize:Int32)", error.Message, StringComparison.Ordinal);
        Assert.Contains("axes(Features:Int32)", error.Message, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(before), SHA256.HashData(File.ReadAllBytes(output)));
    }

    [Fact]
    public async Task Merge_OfTwoInputsThatDisagree_NamesBoth_AndCreatesNoOutput()
    {
        string shard0 = await RunRidge("shard-0-of-2.db", new ShardSpec(0, 2));
        string changed = ChangedRidgeStore(_folder.File("changed.db"));
        string output = _folder.File("merged.db");

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([shard0, changed], output));

        Assert.Contains(shard0, error.Message, StringComparison.Ordinal);
        Assert.Contains(changed, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a refused merge must leave no output behind");
    }

    [Fact]
    public void Merge_OfAMissingFile_SaysSo()
    {
        string missing = _folder.File("nope.db");

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([missing], _folder.File("out.db")));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("no such store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfATextFile_SaysItIsNotAStore()
    {
        string text = _folder.File("notes.db");
        File.WriteAllText(text, "these are not the results you are looking for\n");

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([text], _folder.File("out.db")));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
        Assert.Contains("not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfAnotherSQLiteDatabase_SaysItIsNotASweepStore()
    {
        string other = _folder.File("other.db");
        using (Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE trials(id INTEGER)";
            create.ExecuteNonQuery();
        }

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([other], _folder.File("out.db")));

        Assert.Equal($"{other} is not a Sweep result store.", error.Message);
    }

    [Fact]
    public async Task Merge_IntoOneOfItsInputs_IsRefused()
    {
        string shard0 = await RunRidge("shard-0-of-2.db", new ShardSpec(0, 2));

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([shard0], shard0));

        Assert.Contains("both an input and the output", error.Message, StringComparison.Ordinal);
    }

    private string ToyStore(string file, Action<ResultStore> fill)
    {
        string path = _folder.File(file);
        using ResultStore store = ResultStore.Open(path);
        store.RegisterStudy(ToyStudy.Definition.Descriptor);
        fill(store);
        return path;
    }

    private static int RunCount(string path)
    {
        using ResultStore store = ResultStore.Open(path);
        return store.Runs("ridge").Count;
    }
}
