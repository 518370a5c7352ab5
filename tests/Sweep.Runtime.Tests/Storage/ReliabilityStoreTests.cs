using Microsoft.Data.Sqlite;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Storage;

/// <summary>
/// The <c>reliability</c> and <c>calibrated_reliability</c> tables: round trip, one set of bins per trial and
/// evaluation however often a trial is recorded, older stores, merges.
/// </summary>
public sealed class ReliabilityStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly ReliabilityDiagram s_test = EvaluationMetrics.Reliability([0.9, 0.9, 0.9, 0.9, 0.9, 0.55, 0.35], [true, true, true, true, false, true, false]);
    private static readonly ReliabilityDiagram s_shifted = EvaluationMetrics.Reliability([0.99, 0.7, 0.7], [false, true, false]);
    private static readonly ReliabilityDiagram s_testScaled = EvaluationMetrics.Reliability([0.8, 0.8, 0.8, 0.8, 0.8, 0.5, 0.34], [true, true, true, true, false, true, false]);

    private static TrialRecord WithScaledDiagrams(TrialRecord record) => WithDiagrams(record) with
    {
        CalibratedReliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { ["test"] = s_testScaled },
    };

    private static TrialRecord WithDiagrams(TrialRecord record) => record with
    {
        Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { ["test"] = s_test, ["shifted"] = s_shifted },
    };

    private ResultStore Open(string file = "sweep.db")
    {
        ResultStore store = ResultStore.Open(_folder.File(file));
        store.RegisterStudy(ToyStudy.Definition.Descriptor);
        return store;
    }

    [Fact]
    public void Record_ThenRead_RoundTripsEveryBin_EmptyOnesAsNaN()
    {
        using (ResultStore store = Open())
        {
            Assert.True(store.Record(WithDiagrams(Records.Done(Records.ToyTrials()[0], 1.0))));
        }

        using ResultStore reopened = Open();
        StoredTrial stored = Assert.Single(reopened.ReadTrials("toy"));
        Assert.Equal(["shifted", "test"], stored.Reliability.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(s_test, stored.Reliability["test"]);
        Assert.Equal(s_shifted, stored.Reliability["shifted"]);
        ReliabilityBin top = stored.Reliability["test"].Bins[13];
        Assert.Equal(5, top.Count);
        Assert.Equal(0.9, top.Confidence, 12);
        Assert.Equal(0.8, top.Accuracy, 12);
        Assert.True(double.IsNaN(stored.Reliability["test"].Bins[0].Confidence));
        Assert.Equal(30L, Count("SELECT COUNT(*) FROM reliability"));
        Assert.Equal(12L + 13, Count("SELECT COUNT(*) FROM reliability WHERE count = 0 AND confidence IS NULL AND accuracy IS NULL"));
    }

    [Fact]
    public void TheTemperatureScaledDiagrams_RoundTripInTheirOwnTable_BesideTheDiagramsAsTrained()
    {
        using (ResultStore store = Open())
        {
            Assert.True(store.Record(WithScaledDiagrams(Records.Done(Records.ToyTrials()[0], 1.0))));
            Assert.True(store.Record(WithDiagrams(Records.Done(Records.ToyTrials()[1], 2.0))));
        }

        using ResultStore reopened = Open();
        IReadOnlyList<StoredTrial> trials = reopened.ReadTrials("toy");
        StoredTrial scaled = trials.Single(t => t.Key == Records.ToyTrials()[0].Key);
        Assert.Equal(s_test, scaled.Reliability["test"]);
        Assert.Equal(s_testScaled, Assert.Single(scaled.CalibratedReliability, p => p.Key == "test").Value);
        Assert.Empty(trials.Single(t => t.Key == Records.ToyTrials()[1].Key).CalibratedReliability);
        Assert.Equal(60L, Count("SELECT COUNT(*) FROM reliability"));
        Assert.Equal(15L, Count("SELECT COUNT(*) FROM calibrated_reliability"));
    }

    [Fact]
    public void ATrialWithoutDiagrams_ReadsBackWithNone()
    {
        using ResultStore store = Open();
        store.Record(Records.Done(Records.ToyTrials()[0], 1.0));

        Assert.Empty(Assert.Single(store.ReadTrials("toy")).Reliability);
        Assert.Equal(0L, Count("SELECT COUNT(*) FROM reliability"));
    }

    [Fact]
    public void RecordingADoneTrialAgain_AsAResumedRunWould_AddsNoBins()
    {
        using ResultStore store = Open();
        Trial trial = Records.ToyTrials()[0];
        Assert.True(store.Record(WithDiagrams(Records.Done(trial, 1.0))));

        Assert.False(store.Record(WithDiagrams(Records.Done(trial, 2.0))));

        Assert.Equal(30L, Count("SELECT COUNT(*) FROM reliability"));
    }

    [Fact]
    public void AFailedTrialRerun_GetsItsBins_AndAStaleOnesRerunKeepsTheOldBinsAsHistoryOnly()
    {
        using ResultStore store = Open();
        Trial trial = Records.ToyTrials()[0];
        store.Record(Records.Failed(trial, "broke"));
        store.Record(WithDiagrams(Records.Done(trial, 1.0)));
        Assert.Equal(30L, Count("SELECT COUNT(*) FROM reliability"));

        ReliabilityDiagram edited = EvaluationMetrics.Reliability([0.6], [true]);
        store.Record(Records.Done(trial, 1.0) with
        {
            Identity = "edited",
            Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { ["test"] = edited },
        });

        StoredTrial current = Assert.Single(store.ReadTrials("toy"));
        Assert.Equal(edited, Assert.Single(current.Reliability).Value);
        Assert.Equal(45L, Count("SELECT COUNT(*) FROM reliability"));
        Assert.Equal(15L, Count("SELECT COUNT(*) FROM reliability r JOIN trials t ON t.trial_id = r.trial_id WHERE t.superseded_utc IS NULL"));
    }

    [Fact]
    public void AStoreWrittenBeforeTheTable_StillOpens_AndGainsIt()
    {
        using (ResultStore store = Open())
        {
            store.Record(Records.Done(Records.ToyTrials()[0], 1.0));
        }

        Execute("DROP TABLE reliability; DROP TABLE calibrated_reliability");
        Assert.Equal(0L, Count("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('reliability', 'calibrated_reliability')"));

        using ResultStore reopened = Open();
        StoredTrial old = Assert.Single(reopened.ReadTrials("toy"));
        Assert.Equal(1.0, old.Metrics["test"][Metric.TestLoss]);
        Assert.Empty(old.Reliability);
        Assert.Empty(old.CalibratedReliability);
        Assert.True(reopened.Record(WithScaledDiagrams(Records.Done(Records.ToyTrials()[1], 2.0))));
        Assert.Equal(30L, Count("SELECT COUNT(*) FROM reliability"));
        Assert.Equal(15L, Count("SELECT COUNT(*) FROM calibrated_reliability"));
    }

    [Fact]
    public void Merge_CopiesTheBinsOnce_AndTakesAnInputWithoutTheTable()
    {
        IReadOnlyList<Trial> grid = Records.ToyTrials();
        using (ResultStore shard = Open("a.db"))
        {
            shard.Record(WithScaledDiagrams(Records.Done(grid[0], 1.0)));
        }

        using (ResultStore shard = Open("b.db"))
        {
            shard.Record(Records.Done(grid[1], 2.0));
        }

        Execute("DROP TABLE reliability; DROP TABLE calibrated_reliability", "b.db");
        string output = _folder.File("merged.db");

        StoreMerger.Merge([_folder.File("a.db"), _folder.File("b.db")], output);
        StoreMerger.Merge([_folder.File("a.db"), _folder.File("b.db")], output);

        using ResultStore merged = ResultStore.Open(output);
        IReadOnlyList<StoredTrial> trials = merged.ReadTrials("toy");
        Assert.Equal(s_test, trials.Single(t => t.Key == grid[0].Key).Reliability["test"]);
        Assert.Equal(s_testScaled, trials.Single(t => t.Key == grid[0].Key).CalibratedReliability["test"]);
        Assert.Empty(trials.Single(t => t.Key == grid[1].Key).Reliability);
        Assert.Equal(30L, Count("SELECT COUNT(*) FROM reliability", "merged.db"));
        Assert.Equal(15L, Count("SELECT COUNT(*) FROM calibrated_reliability", "merged.db"));
    }

    private long Count(string sql, string file = "sweep.db") => StoreQuery.Scalar<long>(_folder.File(file), sql);

    private void Execute(string sql, string file = "sweep.db")
    {
        using SqliteConnection connection = new($"Data Source={_folder.File(file)};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
