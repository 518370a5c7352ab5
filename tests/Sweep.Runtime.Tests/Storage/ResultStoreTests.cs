using Microsoft.Data.Sqlite;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Storage;

public sealed class ResultStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ResultStore OpenToyStore()
    {
        ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        store.RegisterStudy(ToyStudy.Definition.Descriptor);
        return store;
    }

    [Fact]
    public void Record_ThenRead_RoundTripsTypedAxesDerivedAndMetricsPerEvaluation()
    {
        using ResultStore store = OpenToyStore();
        Trial trial = Records.ToyTrials().Single(t => t.Key == "Width=4;Mode=b;seed=1");
        Assert.True(store.Record(Records.Done(trial, 0.375, wallSeconds: 1.5)));

        StoredTrial stored = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(trial.Key, stored.Key);
        Assert.Equal(trial.Index, stored.Index);
        Assert.Equal(1, stored.Seed);
        Assert.Equal(["Width", "Mode"], stored.Axes.Select(a => a.Key));
        Assert.Equal(new StoredValue("4", 4), stored.Axis("Width"));
        Assert.Equal(new StoredValue("b", null), stored.Axis("mode"));
        Assert.Equal("Parameters", Assert.Single(stored.Derived).Key);
        Assert.Equal(40, stored.Derived[0].Value.Number);
        Assert.Equal(TrialStatus.Done, stored.Status);
        Assert.Null(stored.Error);
        Assert.Equal(1.5, stored.WallSeconds);
        Assert.Equal("cpu", stored.Backend);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(["shifted", "test"], stored.Metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.375, stored.Metrics["test"][Metric.TestLoss]);
        Assert.Equal(0.75, stored.Metrics["shifted"][Metric.TestLoss]);
    }

    [Fact]
    public void Record_KeepsJsonTypesOfEveryAxisKind()
    {
        using ResultStore store = OpenToyStore();
        AxisValue[] axes =
        [
            new("Count", 3_000_000_000L, "3000000000"),
            new("Rate", 1e-5, "1E-05"),
            new("Tied", true, "true"),
            new("Optimizer", "AdamW", "AdamW"),
        ];
        TrialRecord record = new("toy", "k", 0, 7, axes, [new DerivedValue("Flops", Quantity.Flops, 6e18)], TrialStatus.Done, null, 0, "cpu", null, []);
        store.Record(record);

        StoredTrial stored = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(3_000_000_000d, stored.Axis("Count")!.Value.Number);
        Assert.Equal(1e-5, stored.Axis("Rate")!.Value.Number);
        Assert.Equal(new StoredValue("true", 1), stored.Axis("Tied"));
        Assert.Equal(new StoredValue("AdamW", null), stored.Axis("Optimizer"));
        Assert.Equal(6e18, stored.Derived.Single().Value.Number);

        using SqliteConnection raw = OpenRaw();
        Assert.Equal("""{"Count":3000000000,"Rate":1E-05,"Tied":true,"Optimizer":"AdamW"}""", Scalar<string>(raw, "SELECT axes_json FROM trials"));
        Assert.Equal("integer", Scalar<string>(raw, "SELECT json_type(axes_json, '$.Count') FROM trials"));
        Assert.Equal("real", Scalar<string>(raw, "SELECT json_type(axes_json, '$.Rate') FROM trials"));
        Assert.Equal("true", Scalar<string>(raw, "SELECT json_type(axes_json, '$.Tied') FROM trials"));
        Assert.Equal("text", Scalar<string>(raw, "SELECT json_type(axes_json, '$.Optimizer') FROM trials"));
    }

    [Fact]
    public void Record_StoresNaNAsNullAndReadsItBackAsNaN()
    {
        using ResultStore store = OpenToyStore();
        Trial trial = Records.ToyTrials()[0];
        TrialRecord record = Records.Done(trial, 1) with
        {
            Derived = [new DerivedValue("Parameters", Quantity.Parameters, double.NaN)],
            Metrics = [new MetricValue("test", Metric.TestLoss, double.NaN), new MetricValue("test", Metric.TrainLoss, 0.5)],
        };
        store.Record(record);

        StoredTrial stored = Assert.Single(store.ReadTrials("toy"));
        Assert.True(double.IsNaN(stored.Metrics["test"][Metric.TestLoss]));
        Assert.Equal(0.5, stored.Metrics["test"][Metric.TrainLoss]);
        Assert.True(double.IsNaN(stored.Derived.Single().Value.Number!.Value));

        using SqliteConnection raw = OpenRaw();
        Assert.Equal(1L, Scalar<long>(raw, $"SELECT COUNT(*) FROM metrics WHERE name = '{Metric.TestLoss}' AND value IS NULL"));
        Assert.Equal("null", Scalar<string>(raw, "SELECT json_type(derived_json, '$.Parameters') FROM trials"));
    }

    [Fact]
    public void Record_ReplacesAFailedTrialWhenRerun_AndCountsItsAttempts()
    {
        using ResultStore store = OpenToyStore();
        Trial trial = Records.ToyTrials()[3];
        Assert.True(store.Record(Records.Failed(trial, "first try broke")));
        Assert.True(store.Record(Records.Failed(trial, "second try broke")));

        StoredTrial failed = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.Equal("second try broke", failed.Error);
        Assert.Equal(2, failed.Attempts);
        Assert.Empty(failed.Metrics);

        Assert.True(store.Record(Records.Done(trial, 0.25)));
        StoredTrial done = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(TrialStatus.Done, done.Status);
        Assert.Null(done.Error);
        Assert.Equal(3, done.Attempts);
        Assert.Equal(0.25, done.Metrics["test"][Metric.TestLoss]);
        Assert.Equal(TrialStatus.Done, store.TrialStates("toy")[trial.Key].Status);
    }

    [Fact]
    public void Record_NeverWritesADoneTrialTwice()
    {
        using ResultStore store = OpenToyStore();
        Trial trial = Records.ToyTrials()[0];
        Assert.True(store.Record(Records.Done(trial, 1.0)));

        Assert.False(store.Record(Records.Done(trial, 99.0)));
        Assert.False(store.Record(Records.Failed(trial, "late failure")));

        StoredTrial stored = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(1.0, stored.Metrics["test"][Metric.TestLoss]);
        Assert.Equal(1, stored.Attempts);
        using SqliteConnection raw = OpenRaw();
        Assert.Equal(1L, Scalar<long>(raw, "SELECT COUNT(*) FROM trials"));
        Assert.Equal(2L, Scalar<long>(raw, "SELECT COUNT(*) FROM metrics"));
    }

    [Fact]
    public void RegisterStudy_WithAChangedShape_ThrowsNamingBothShapes()
    {
        using ResultStore store = OpenToyStore();
        StudyDescriptor toy = ToyStudy.Definition.Descriptor;
        StudyDescriptor changed = new(
            toy.Name, toy.TypeName, toy.Description,
            [toy.Axes[0], new AxisDescriptor("Depth", AxisKind.Int32, "int", ["1", "2"], null)],
            toy.Seeds, toy.Derived, toy.Evaluations, toy.Laws, toy.HasConstraint, toy.RunMode);

        StoreException error = Assert.Throws<StoreException>(() => store.RegisterStudy(changed));

        Assert.Contains("'toy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("axes(Width:Int32, Mode:String)", error.Message, StringComparison.Ordinal);
        Assert.Contains("axes(Width:Int32, Depth:Int32)", error.Message, StringComparison.Ordinal);
        Assert.Contains(store.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisterStudy_WithOtherValuesOrSeeds_IsTheSameShape()
    {
        using ResultStore store = OpenToyStore();
        StudyDescriptor toy = ToyStudy.Definition.Descriptor;
        StudyDescriptor otherValues = new(
            toy.Name, toy.TypeName, toy.Description,
            [new AxisDescriptor("Width", AxisKind.Int32, "int", ["8", "16"], null), toy.Axes[1]],
            [5, 6, 7], toy.Derived, toy.Evaluations, toy.Laws, toy.HasConstraint, toy.RunMode);

        store.RegisterStudy(otherValues);

        Assert.Single(store.Studies());
    }

    [Fact]
    public void ResultsView_HasOneRowPerTrialAndEvaluation_AndFailedTrialsWithTheirError()
    {
        using (ResultStore store = OpenToyStore())
        {
            IReadOnlyList<Trial> trials = Records.ToyTrials();
            store.Record(Records.Done(trials[0], 1.0));
            store.Record(Records.Done(trials[1], 2.0));
            store.Record(Records.Failed(trials[2], "boom"));
        }

        using SqliteConnection raw = OpenRaw();
        Assert.Equal(5L, Scalar<long>(raw, "SELECT COUNT(*) FROM results WHERE study = 'toy'"));
        Assert.Equal(2L, Scalar<long>(raw, "SELECT COUNT(*) FROM results WHERE evaluation = 'shifted'"));
        Assert.Equal(1L, Scalar<long>(raw, "SELECT COUNT(*) FROM results WHERE status = 'failed' AND evaluation IS NULL AND error = 'boom'"));
        Assert.Equal(4.0, Scalar<double>(raw, "SELECT json_extract(metrics, '$.test_loss') FROM results WHERE key = 'Width=1;Mode=a;seed=1' AND evaluation = 'shifted'"));
    }

    [Fact]
    public void StudyView_HasAxisDerivedAndMetricColumns()
    {
        using (ResultStore store = OpenToyStore())
        {
            IReadOnlyList<Trial> trials = Records.ToyTrials();
            store.Record(Records.Done(trials[0], 1.0));
            store.Record(Records.Done(trials.Single(t => t.Key == "Width=2;Mode=b;seed=1"), 3.0));
            store.Record(Records.Failed(trials[6], "boom"));
            store.RefreshStudyView(ToyStudy.Definition.Descriptor);
        }

        using SqliteConnection raw = OpenRaw();
        List<string> columns = [];
        using (SqliteCommand info = raw.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('results:toy')";
            using SqliteDataReader reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["key", "seed", "Width", "Mode", "Parameters", "evaluation", Metric.TestLoss, "wall_seconds", "backend", "status", "error"], columns);
        Assert.Equal(5L, Scalar<long>(raw, "SELECT COUNT(*) FROM \"results:toy\""));
        Assert.Equal(6.0, Scalar<double>(raw, "SELECT test_loss FROM \"results:toy\" WHERE Width = 2 AND Mode = 'b' AND seed = 1 AND evaluation = 'shifted'"));
        Assert.Equal(20.0, Scalar<double>(raw, "SELECT Parameters FROM \"results:toy\" WHERE Width = 2 LIMIT 1"));
        Assert.Equal("boom", Scalar<string>(raw, "SELECT error FROM \"results:toy\" WHERE status = 'failed'"));
    }

    [Fact]
    public void Open_TurnsOnWriteAheadLogging()
    {
        using ResultStore store = OpenToyStore();

        using SqliteConnection raw = OpenRaw();
        Assert.Equal("wal", Scalar<string>(raw, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Runs_RecordTheEnvironmentAndHowTheRunEnded()
    {
        using ResultStore store = OpenToyStore();
        RunEnvironment environment = new("box", "Linux", ".NET 10", "CPU", 2, "abc123", "0.1.0");
        long first = store.BeginRun(new RunInfo("toy", "run toy", "cpu", null, environment));
        long second = store.BeginRun(new RunInfo("toy", "run toy --shard 1/2", "cpu", "1/2", environment));
        store.FinishRun(first, RunStatus.Failures);

        IReadOnlyList<StoredRun> runs = store.Runs("toy");
        Assert.Equal([first, second], runs.Select(r => r.RunId));
        Assert.Equal(RunStatus.Failures, runs[0].Status);
        Assert.NotNull(runs[0].FinishedUtc);
        Assert.Equal(RunStatus.Running, runs[1].Status);
        Assert.Null(runs[1].FinishedUtc);
        Assert.Equal("1/2", runs[1].Shard);
        Assert.Equal(environment, runs[1].Environment);
    }

    [Fact]
    public void Reopen_KeepsEverythingStored()
    {
        using (ResultStore store = OpenToyStore())
        {
            store.Record(Records.Done(Records.ToyTrials()[0], 1.0));
        }

        using ResultStore reopened = ResultStore.Open(_folder.File("sweep.db"));
        reopened.RegisterStudy(ToyStudy.Definition.Descriptor);
        StoredStudy study = Assert.Single(reopened.Studies());
        Assert.Equal(("toy", 1, 0), (study.Name, study.Done, study.Failed));
    }

    private SqliteConnection OpenRaw()
    {
        SqliteConnection connection = new($"Data Source={_folder.File("sweep.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
