using Microsoft.Data.Sqlite;
using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Storage;

/// <summary>
/// What the store does with files it did not write, or with a store of the previous schema: every refusal names the
/// file, nothing is created or lost; a version 1 store migrates with its results kept (stale, having no description).
/// </summary>
public sealed class StoreFilesTests : IDisposable
{
    /// <summary>The version 1 schema, as Sweep 0.1 wrote it before trial descriptions.</summary>
    private const string Version1Schema = """
        CREATE TABLE IF NOT EXISTS meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS studies (
        name            TEXT PRIMARY KEY,
        type_name       TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        descriptor_json TEXT NOT NULL,
        first_seen_utc  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runs (
        run_id        INTEGER PRIMARY KEY AUTOINCREMENT,
        study         TEXT NOT NULL REFERENCES studies(name),
        status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failures', 'cancelled')),
        started_utc   TEXT NOT NULL,
        finished_utc  TEXT,
        command_line  TEXT NOT NULL,
        backend       TEXT NOT NULL,
        shard         TEXT,
        machine       TEXT NOT NULL,
        os            TEXT NOT NULL,
        dotnet        TEXT NOT NULL,
        cpu           TEXT NOT NULL,
        cores         INTEGER NOT NULL,
        git_commit    TEXT,
        sweep_version TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS trials (
        trial_id     INTEGER PRIMARY KEY AUTOINCREMENT,
        study        TEXT NOT NULL REFERENCES studies(name),
        key          TEXT NOT NULL,
        trial_index  INTEGER NOT NULL,
        seed         INTEGER NOT NULL,
        axes_json    TEXT NOT NULL,
        derived_json TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('done', 'failed')),
        error        TEXT,
        wall_seconds REAL NOT NULL,
        backend      TEXT NOT NULL,
        run_id       INTEGER REFERENCES runs(run_id),
        attempts     INTEGER NOT NULL DEFAULT 1,
        finished_utc TEXT NOT NULL,
        UNIQUE (study, key)
        );
        CREATE TABLE IF NOT EXISTS metrics (
        trial_id   INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
        evaluation TEXT NOT NULL,
        name       TEXT NOT NULL,
        value      REAL,
        PRIMARY KEY (trial_id, evaluation, name)
        );
        CREATE INDEX IF NOT EXISTS trials_by_status ON trials(study, status);
        CREATE VIEW IF NOT EXISTS results AS
        SELECT t.study, t.key, t.trial_index, t.seed, t.axes_json AS axes, t.derived_json AS derived,
        e.evaluation,
        (SELECT json_group_object(x.name, x.value) FROM metrics x
        WHERE x.trial_id = t.trial_id AND x.evaluation = e.evaluation) AS metrics,
        t.wall_seconds, t.backend, t.status, t.error, t.run_id, t.finished_utc
        FROM trials t LEFT JOIN (SELECT DISTINCT trial_id, evaluation FROM metrics) e ON e.trial_id = t.trial_id;
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AnEmptyFile_IsRefused_NotTreatedAsANewStore()
    {
        string path = _folder.File("sweep.db");
        File.WriteAllBytes(path, []);

        StoreException error = Assert.Throws<StoreException>(() => ResultStore.Open(path));

        Assert.Equal($"{path} is empty (0 bytes), not a Sweep result store; delete it or choose another results folder.", error.Message);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void RandomBytes_AreRefused_NamingTheFile()
    {
        string path = _folder.File("sweep.db");
        byte[] noise = new byte[8192];
        new Random(3).NextBytes(noise);
        File.WriteAllBytes(path, noise);

        StoreException error = Assert.Throws<StoreException>(() => ResultStore.Open(path));

        Assert.StartsWith($"{path} is not an SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(noise, File.ReadAllBytes(path));
    }

    [Fact]
    public void ATruncatedStore_IsRefused_NamingTheFile()
    {
        string path = _folder.File("sweep.db");
        using (ResultStore store = ResultStore.Open(path))
        {
            store.RegisterStudy(ToyStudy.Definition.Descriptor);
            foreach (Trial trial in Records.ToyTrials())
            {
                store.Record(Records.Done(trial, 1.0));
            }
        }

        SqliteConnection.ClearAllPools();
        byte[] whole = File.ReadAllBytes(path);
        Assert.True(whole.Length > 4096, "the store spans several pages");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        StoreException error = Assert.Throws<StoreException>(() =>
        {
            using ResultStore store = ResultStore.Open(path);
            store.ReadTrials("toy");
        });

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherSqliteDatabase_IsRefused_AndLeftAsItWas()
    {
        string path = _folder.File("sweep.db");
        using (SqliteConnection other = new($"Data Source={path};Pooling=False"))
        {
            other.Open();
            using SqliteCommand create = other.CreateCommand();
            create.CommandText = "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)";
            create.ExecuteNonQuery();
        }

        StoreException error = Assert.Throws<StoreException>(() => ResultStore.Open(path));

        Assert.Equal($"{path} is an SQLite database but not a Sweep result store (it has no 'meta' table); choose another results folder.", error.Message);
        Assert.Equal(["orders"], Tables(path));
    }

    [Fact]
    public void AFolderThatCannotBeCreated_IsAStoreErrorNamingIt()
    {
        string blocker = _folder.File("not-a-folder");
        File.WriteAllText(blocker, "a file where the results folder would go");

        StoreException error = Assert.Throws<StoreException>(() => ResultStore.Open(Path.Combine(blocker, "results", "sweep.db")));

        Assert.StartsWith($"cannot create the results folder {Path.Combine(blocker, "results")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersion1Store_Migrates_KeepingEveryResult_WithTheEnginesMetricsRenamed_AndItsTrialsStale()
    {
        string path = _folder.File("sweep.db");
        using (SqliteConnection v1 = new($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            Execute(v1, Version1Schema);
            Execute(v1, """
                INSERT INTO meta VALUES ('schema_version', '1');
                INSERT INTO studies VALUES ('ridge', 'Sweep.Runtime.Tests.Fakes.RidgeStudy', '0123456789abcdef',
                    '{"name":"ridge","type":"x","shape":"axes(Features:Int32, TrainSize:Int32) derived() evaluations(Clean, Wider) mode(Specs)","axes":[{"name":"Features","kind":"Int32","type":"int","zip":null,"values":["4"]},{"name":"TrainSize","kind":"Int32","type":"int","zip":null,"values":["64"]}],"seeds":[0],"derived":[],"evaluations":["Clean","Wider"]}',
                    '2025-01-01T00:00:00.0000000Z');
                INSERT INTO runs(study, status, started_utc, finished_utc, command_line, backend, machine, os, dotnet, cpu, cores, sweep_version)
                    VALUES ('ridge', 'completed', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', 'run ridge', 'cpu', 'lab', 'linux', '10', 'cpu', 2, '0.1.0');
                INSERT INTO trials(study, key, trial_index, seed, axes_json, derived_json, status, wall_seconds, backend, run_id, finished_utc)
                    VALUES ('ridge', 'Features=4;TrainSize=64;seed=0', 0, 0, '{"Features":4,"TrainSize":64}', '{}', 'done', 0.5, 'cpu', 1, '2025-01-01T00:00:30Z');
                INSERT INTO metrics VALUES (1, 'Clean', 'test_loss', 0.25), (1, 'Clean', 'flops', 1000), (1, 'Clean', 'parameters', 4), (1, 'Clean', 'tokens', 64);
                """);
        }

        using ResultStore store = ResultStore.Open(path);
        StoredTrial migrated = Assert.Single(store.ReadTrials("ridge"));
        store.RegisterStudy(RidgeStudy.Definition.Descriptor);

        Assert.Equal("2", Scalar<string>(path, "SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(0.25, migrated.Metrics["Clean"][Metric.TestLoss]);
        Assert.Equal((1000.0, 4.0, 64.0), (migrated.Metrics["Clean"][Metric.Flops], migrated.Metrics["Clean"][Metric.Parameters], migrated.Metrics["Clean"][Metric.Tokens]));
        Assert.Null(migrated.Identity);
        StaleTrial stale = Assert.Single(StaleTrials.Find(RidgeStudy.Definition, [migrated]));
        Assert.Equal("stored without a description (by an older Sweep)", stale.Change);
        Assert.Equal(0L, Scalar<long>(path, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public void AStoreOfANewerSchema_IsRefused()
    {
        string path = _folder.File("sweep.db");
        using (ResultStore store = ResultStore.Open(path))
        {
        }

        using (SqliteConnection connection = new($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "UPDATE meta SET value = '9' WHERE key = 'schema_version'");
        }

        StoreException error = Assert.Throws<StoreException>(() => ResultStore.Open(path));

        Assert.Equal($"{path} has store schema version 9; this Sweep reads version 2 (and migrates version 1).", error.Message);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string[] Tables(string path)
    {
        using SqliteConnection connection = new($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        List<string> names = [];
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }

    private static T Scalar<T>(string path, string sql) => StoreQuery.Scalar<T>(path, sql);
}
