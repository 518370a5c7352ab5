using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sweep.Storage;

/// <summary>
/// The SQLite result store of one output folder: studies, runs with their environment, one row per trial and
/// one per trial × evaluation × metric. WAL mode; every trial is written in one transaction, so a killed
/// process loses at most the trials in flight and never leaves a half-written trial.
/// </summary>
public sealed class ResultStore : IDisposable
{
    /// <summary>The database file name in an output folder.</summary>
    public const string DefaultFileName = "sweep.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private ResultStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (and creates if needed) the store at a path.</summary>
    /// <param name="path">The database file.</param>
    /// <returns>The open store.</returns>
    public static ResultStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string? directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
            using (SqliteTransaction transaction = connection.BeginTransaction())
            {
                Execute(connection, StoreSchema.Create, transaction);
                string? version = Scalar<string>(connection, "SELECT value FROM meta WHERE key = 'schema_version'", transaction);
                if (version is null)
                {
                    Execute(connection, $"INSERT INTO meta(key, value) VALUES ('schema_version', '{StoreSchema.Version}')", transaction);
                }
                else if (version != StoreSchema.Version.ToString(CultureInfo.InvariantCulture))
                {
                    throw new StoreException($"{full} has store schema version {version}; this Sweep reads version {StoreSchema.Version}.");
                }

                transaction.Commit();
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new ResultStore(full, connection);
    }

    /// <summary>
    /// Records a study's declaration, or checks it against the one already stored: a study whose axes, mode or
    /// evaluations changed cannot share a store with its earlier results.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <exception cref="StoreException">The stored declaration differs.</exception>
    public void RegisterStudy(StudyDescriptor study)
    {
        ArgumentNullException.ThrowIfNull(study);
        string fingerprint = StudyFingerprint.Compute(study);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand read = Command("SELECT fingerprint, descriptor_json FROM studies WHERE name = $name", transaction);
            read.Parameters.AddWithValue("$name", study.Name);
            using (SqliteDataReader reader = read.ExecuteReader())
            {
                if (reader.Read())
                {
                    if (reader.GetString(0) != fingerprint)
                    {
                        string storedShape = JsonDocument.Parse(reader.GetString(1)).RootElement.GetProperty("shape").GetString() ?? "?";
                        throw new StoreException(
                            $"{Path} holds results of study '{study.Name}' declared as {storedShape}, but it is now {StudyFingerprint.Shape(study)}; " +
                            "use another --out folder for the changed study.");
                    }

                    return;
                }
            }

            using SqliteCommand insert = Command(
                "INSERT INTO studies(name, type_name, fingerprint, descriptor_json, first_seen_utc) VALUES ($name, $type, $fingerprint, $json, $now)", transaction);
            insert.Parameters.AddWithValue("$name", study.Name);
            insert.Parameters.AddWithValue("$type", study.TypeName);
            insert.Parameters.AddWithValue("$fingerprint", fingerprint);
            insert.Parameters.AddWithValue("$json", StudyFingerprint.DescriptorJson(study));
            insert.Parameters.AddWithValue("$now", Now());
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>Records the start of a run.</summary>
    /// <param name="run">What is running, where.</param>
    /// <returns>The run's id.</returns>
    public long BeginRun(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            using SqliteCommand insert = Command("""
                INSERT INTO runs(study, status, started_utc, command_line, backend, shard, machine, os, dotnet, cpu, cores, git_commit, sweep_version)
                VALUES ($study, 'running', $now, $cmd, $backend, $shard, $machine, $os, $dotnet, $cpu, $cores, $git, $version)
                RETURNING run_id
                """);
            insert.Parameters.AddWithValue("$study", run.Study);
            insert.Parameters.AddWithValue("$now", Now());
            insert.Parameters.AddWithValue("$cmd", run.CommandLine);
            insert.Parameters.AddWithValue("$backend", run.Backend);
            insert.Parameters.AddWithValue("$shard", (object?)run.Shard ?? DBNull.Value);
            insert.Parameters.AddWithValue("$machine", run.Environment.Machine);
            insert.Parameters.AddWithValue("$os", run.Environment.OperatingSystem);
            insert.Parameters.AddWithValue("$dotnet", run.Environment.DotNet);
            insert.Parameters.AddWithValue("$cpu", run.Environment.Cpu);
            insert.Parameters.AddWithValue("$cores", run.Environment.Cores);
            insert.Parameters.AddWithValue("$git", (object?)run.Environment.GitCommit ?? DBNull.Value);
            insert.Parameters.AddWithValue("$version", run.Environment.SweepVersion);
            return (long)insert.ExecuteScalar()!;
        }
    }

    /// <summary>Records how a run ended.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="status">How it ended.</param>
    public void FinishRun(long runId, RunStatus status)
    {
        lock (_gate)
        {
            using SqliteCommand update = Command("UPDATE runs SET status = $status, finished_utc = $now WHERE run_id = $id");
            update.Parameters.AddWithValue("$status", status.ToString().ToLowerInvariant());
            update.Parameters.AddWithValue("$now", Now());
            update.Parameters.AddWithValue("$id", runId);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>The stored status of every trial of a study, by key.</summary>
    /// <param name="study">The study's name.</param>
    /// <returns>Key → status.</returns>
    public IReadOnlyDictionary<string, TrialStatus> TrialStates(string study)
    {
        lock (_gate)
        {
            using SqliteCommand read = Command("SELECT key, status FROM trials WHERE study = $study");
            read.Parameters.AddWithValue("$study", study);
            using SqliteDataReader reader = read.ExecuteReader();
            Dictionary<string, TrialStatus> states = new(StringComparer.Ordinal);
            while (reader.Read())
            {
                states[reader.GetString(0)] = ParseStatus(reader.GetString(1));
            }

            return states;
        }
    }

    /// <summary>
    /// Stores a finished trial with its metrics in one transaction. A failed trial is replaced when it is rerun;
    /// a trial already done is never written twice.
    /// </summary>
    /// <param name="trial">The trial.</param>
    /// <returns>False when the trial was already stored as done (nothing written).</returns>
    public bool Record(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            bool written = RecordCore(trial, attempts: null, transaction);
            transaction.Commit();
            return written;
        }
    }

    internal bool RecordCore(TrialRecord trial, int? attempts, SqliteTransaction transaction)
    {
        int previousAttempts = 0;
        using (SqliteCommand existing = Command("SELECT status, attempts FROM trials WHERE study = $study AND key = $key", transaction))
        {
            existing.Parameters.AddWithValue("$study", trial.Study);
            existing.Parameters.AddWithValue("$key", trial.Key);
            using SqliteDataReader reader = existing.ExecuteReader();
            if (reader.Read())
            {
                if (ParseStatus(reader.GetString(0)) == TrialStatus.Done)
                {
                    return false;
                }

                previousAttempts = reader.GetInt32(1);
            }
        }

        using (SqliteCommand delete = Command("DELETE FROM trials WHERE study = $study AND key = $key", transaction))
        {
            delete.Parameters.AddWithValue("$study", trial.Study);
            delete.Parameters.AddWithValue("$key", trial.Key);
            delete.ExecuteNonQuery();
        }

        long trialId;
        using (SqliteCommand insert = Command("""
            INSERT INTO trials(study, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts, finished_utc)
            VALUES ($study, $key, $index, $seed, $axes, $derived, $status, $error, $wall, $backend, $run, $attempts, $now)
            RETURNING trial_id
            """, transaction))
        {
            insert.Parameters.AddWithValue("$study", trial.Study);
            insert.Parameters.AddWithValue("$key", trial.Key);
            insert.Parameters.AddWithValue("$index", trial.Index);
            insert.Parameters.AddWithValue("$seed", trial.Seed);
            insert.Parameters.AddWithValue("$axes", AxesJson(trial.Axes));
            insert.Parameters.AddWithValue("$derived", DerivedJson(trial.Derived));
            insert.Parameters.AddWithValue("$status", trial.Status == TrialStatus.Done ? "done" : "failed");
            insert.Parameters.AddWithValue("$error", (object?)trial.Error ?? DBNull.Value);
            insert.Parameters.AddWithValue("$wall", trial.WallSeconds);
            insert.Parameters.AddWithValue("$backend", trial.Backend);
            insert.Parameters.AddWithValue("$run", (object?)trial.RunId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$attempts", attempts ?? previousAttempts + 1);
            insert.Parameters.AddWithValue("$now", Now());
            trialId = (long)insert.ExecuteScalar()!;
        }

        if (trial.Metrics.Count > 0)
        {
            using SqliteCommand metric = Command(
                "INSERT OR REPLACE INTO metrics(trial_id, evaluation, name, value) VALUES ($trial, $evaluation, $name, $value)", transaction);
            SqliteParameter evaluation = metric.Parameters.Add("$evaluation", SqliteType.Text);
            SqliteParameter name = metric.Parameters.Add("$name", SqliteType.Text);
            SqliteParameter value = metric.Parameters.Add("$value", SqliteType.Real);
            metric.Parameters.AddWithValue("$trial", trialId);
            foreach (MetricValue m in trial.Metrics)
            {
                evaluation.Value = m.Evaluation;
                name.Value = m.Name;
                value.Value = double.IsNaN(m.Value) ? DBNull.Value : m.Value;
                metric.ExecuteNonQuery();
            }
        }

        return true;
    }

    /// <summary>Reads every stored trial of a study, in grid-index order.</summary>
    /// <param name="study">The study's name.</param>
    /// <returns>The trials with their metrics.</returns>
    public IReadOnlyList<StoredTrial> ReadTrials(string study)
    {
        lock (_gate)
        {
            Dictionary<long, Dictionary<string, Dictionary<string, double>>> metrics = [];
            using (SqliteCommand read = Command("""
                SELECT m.trial_id, m.evaluation, m.name, m.value FROM metrics m JOIN trials t ON t.trial_id = m.trial_id
                WHERE t.study = $study ORDER BY m.rowid
                """))
            {
                read.Parameters.AddWithValue("$study", study);
                using SqliteDataReader reader = read.ExecuteReader();
                while (reader.Read())
                {
                    long id = reader.GetInt64(0);
                    if (!metrics.TryGetValue(id, out Dictionary<string, Dictionary<string, double>>? byEvaluation))
                    {
                        byEvaluation = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
                        metrics[id] = byEvaluation;
                    }

                    string evaluation = reader.GetString(1);
                    if (!byEvaluation.TryGetValue(evaluation, out Dictionary<string, double>? values))
                    {
                        values = new Dictionary<string, double>(StringComparer.Ordinal);
                        byEvaluation[evaluation] = values;
                    }

                    values[reader.GetString(2)] = reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3);
                }
            }

            List<StoredTrial> trials = [];
            using SqliteCommand command = Command("""
                SELECT trial_id, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts
                FROM trials WHERE study = $study ORDER BY trial_index, key
                """);
            command.Parameters.AddWithValue("$study", study);
            using SqliteDataReader rows = command.ExecuteReader();
            while (rows.Read())
            {
                long id = rows.GetInt64(0);
                IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> trialMetrics =
                    metrics.TryGetValue(id, out Dictionary<string, Dictionary<string, double>>? found)
                        ? found.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value, StringComparer.Ordinal)
                        : new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
                trials.Add(new StoredTrial(
                    study,
                    rows.GetString(1),
                    rows.GetInt64(2),
                    rows.GetInt32(3),
                    ParseValues(rows.GetString(4)),
                    ParseValues(rows.GetString(5)),
                    ParseStatus(rows.GetString(6)),
                    rows.IsDBNull(7) ? null : rows.GetString(7),
                    rows.GetDouble(8),
                    rows.GetString(9),
                    rows.IsDBNull(10) ? null : rows.GetInt64(10),
                    rows.GetInt32(11),
                    trialMetrics));
            }

            return trials;
        }
    }

    /// <summary>The studies in this store with their trial counts.</summary>
    /// <returns>One summary per study, by name.</returns>
    public IReadOnlyList<StoredStudy> Studies()
    {
        lock (_gate)
        {
            using SqliteCommand read = Command("""
                SELECT s.name, s.type_name, s.fingerprint, s.descriptor_json,
                       (SELECT COUNT(*) FROM trials t WHERE t.study = s.name AND t.status = 'done'),
                       (SELECT COUNT(*) FROM trials t WHERE t.study = s.name AND t.status = 'failed'),
                       (SELECT MAX(started_utc) FROM runs r WHERE r.study = s.name)
                FROM studies s ORDER BY s.name
                """);
            using SqliteDataReader reader = read.ExecuteReader();
            List<StoredStudy> studies = [];
            while (reader.Read())
            {
                studies.Add(new StoredStudy(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }

            return studies;
        }
    }

    /// <summary>The runs of a study, oldest first.</summary>
    /// <param name="study">The study's name.</param>
    /// <returns>The runs.</returns>
    public IReadOnlyList<StoredRun> Runs(string study)
    {
        lock (_gate)
        {
            using SqliteCommand read = Command("""
                SELECT run_id, status, started_utc, finished_utc, command_line, backend, shard, machine, os, dotnet, cpu, cores, git_commit, sweep_version
                FROM runs WHERE study = $study ORDER BY run_id
                """);
            read.Parameters.AddWithValue("$study", study);
            using SqliteDataReader reader = read.ExecuteReader();
            List<StoredRun> runs = [];
            while (reader.Read())
            {
                runs.Add(new StoredRun(
                    reader.GetInt64(0),
                    Enum.Parse<RunStatus>(reader.GetString(1), ignoreCase: true),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    new RunEnvironment(
                        reader.GetString(7),
                        reader.GetString(8),
                        reader.GetString(9),
                        reader.GetString(10),
                        reader.GetInt32(11),
                        reader.IsDBNull(12) ? null : reader.GetString(12),
                        reader.GetString(13))));
            }

            return runs;
        }
    }

    /// <summary>
    /// (Re)creates a view <c>"results:{study}"</c> with one column per axis, derived value and metric, one row per
    /// trial × evaluation, for plain SQL: <c>SELECT Width, avg(test_loss) FROM "results:mlp-width" GROUP BY Width</c>.
    /// </summary>
    /// <param name="study">The study.</param>
    public void RefreshStudyView(StudyDescriptor study)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_gate)
        {
            List<string> metricNames = [];
            using (SqliteCommand read = Command("SELECT DISTINCT m.name FROM metrics m JOIN trials t ON t.trial_id = m.trial_id WHERE t.study = $study ORDER BY m.name"))
            {
                read.Parameters.AddWithValue("$study", study.Name);
                using SqliteDataReader reader = read.ExecuteReader();
                while (reader.Read())
                {
                    metricNames.Add(reader.GetString(0));
                }
            }

            StringBuilder sql = new();
            string view = Quote("results:" + study.Name);
            sql.Append("DROP VIEW IF EXISTS ").Append(view).Append("; CREATE VIEW ").Append(view).Append(" AS SELECT t.key, t.seed");
            foreach (AxisDescriptor axis in study.Axes)
            {
                sql.Append(", json_extract(t.axes_json, '$.").Append(axis.Name).Append("') AS ").Append(Quote(axis.Name));
            }

            foreach (DerivedDescriptor derived in study.Derived)
            {
                sql.Append(", json_extract(t.derived_json, '$.").Append(derived.Name).Append("') AS ").Append(Quote(derived.Name));
            }

            sql.Append(", e.evaluation");
            foreach (string metric in metricNames)
            {
                sql.Append(", (SELECT value FROM metrics x WHERE x.trial_id = t.trial_id AND x.evaluation = e.evaluation AND x.name = ")
                    .Append(Literal(metric)).Append(") AS ").Append(Quote(metric));
            }

            sql.Append(", t.wall_seconds, t.backend, t.status, t.error FROM trials t LEFT JOIN (SELECT DISTINCT trial_id, evaluation FROM metrics) e ON e.trial_id = t.trial_id WHERE t.study = ")
                .Append(Literal(study.Name)).Append(';');
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Execute(_connection, sql.ToString(), transaction);
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    internal SqliteConnection Connection => _connection;

    internal Lock Gate => _gate;

    internal SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    internal static TrialStatus ParseStatus(string text) => text switch
    {
        "done" => TrialStatus.Done,
        "failed" => TrialStatus.Failed,
        _ => throw new StoreException($"unknown trial status '{text}' in the store."),
    };

    internal static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static T? Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)value;
    }

    private static string AxesJson(IReadOnlyList<AxisValue> axes)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream))
        {
            json.WriteStartObject();
            foreach (AxisValue axis in axes)
            {
                switch (axis.Value)
                {
                    case int i: json.WriteNumber(axis.Name, i); break;
                    case long l: json.WriteNumber(axis.Name, l); break;
                    case float f: json.WriteNumber(axis.Name, f); break;
                    case double d: json.WriteNumber(axis.Name, d); break;
                    case bool b: json.WriteBoolean(axis.Name, b); break;
                    default: json.WriteString(axis.Name, axis.Text); break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string DerivedJson(IReadOnlyList<DerivedValue> derived)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream))
        {
            json.WriteStartObject();
            foreach (DerivedValue value in derived)
            {
                if (double.IsFinite(value.Value))
                {
                    json.WriteNumber(value.Name, value.Value);
                }
                else
                {
                    json.WriteNull(value.Name);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static KeyValuePair<string, StoredValue>[] ParseValues(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        List<KeyValuePair<string, StoredValue>> values = [];
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            StoredValue value = property.Value.ValueKind switch
            {
                JsonValueKind.Number => new StoredValue(property.Value.GetRawText(), property.Value.GetDouble()),
                JsonValueKind.True => new StoredValue("true", 1),
                JsonValueKind.False => new StoredValue("false", 0),
                JsonValueKind.Null => new StoredValue(string.Empty, double.NaN),
                _ => new StoredValue(property.Value.GetString() ?? string.Empty, null),
            };
            values.Add(new KeyValuePair<string, StoredValue>(property.Name, value));
        }

        return values.ToArray();
    }
}
