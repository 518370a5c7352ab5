using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sweep.Storage;

/// <summary>
/// The SQLite result store of one output folder: studies, runs with their environment, one row per trial,
/// one per trial × evaluation × metric, and one per reliability bin of a probabilistic classifier's evaluation (and of its temperature-scaled model). WAL mode; every trial is written in one transaction, so a killed
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

    /// <summary>
    /// Opens the store at a path, creating it (and its folder) when there is no file, and migrating a store of an older
    /// schema. Every way this can fail is a <see cref="StoreException"/> that names the path: a folder that cannot be
    /// created or written, an empty (0-byte) file, a file that is not SQLite or is damaged, an SQLite database that is
    /// not a Sweep store, a store written by a newer Sweep.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="StoreException">The store cannot be opened; nothing was written.</exception>
    public static ResultStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string? directory = System.IO.Path.GetDirectoryName(full);
        if (IsLeftEmpty(full))
        {
            throw new StoreException($"{full} is empty (0 bytes), not a Sweep result store; delete it or choose another results folder.");
        }

        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot create the results folder {directory}: {e.Message}", e);
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
            Execute(connection, "PRAGMA busy_timeout=30000;");
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            Initialize(connection, full);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException(Describe(full, directory, e), e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new ResultStore(full, connection);
    }

    /// <summary>
    /// Whether the file is an empty leftover rather than a store another process is creating this moment (SQLite
    /// creates the file empty, then writes its header and journal within milliseconds): 0 bytes, and still 0 bytes
    /// with no journal beside it a moment later.
    /// </summary>
    private static bool IsLeftEmpty(string path)
    {
        static bool Empty(string file) => File.Exists(file) && new FileInfo(file).Length == 0 && !File.Exists(file + "-wal") && !File.Exists(file + "-journal");
        if (!Empty(path))
        {
            return false;
        }

        Thread.Sleep(250);
        return Empty(path);
    }

    /// <summary>
    /// Creates a new store's tables, checks an existing one's version, or migrates an older one. Several processes may
    /// open one new folder at once: the check and the creation are one immediate (write-locked) transaction, so the
    /// second finds what the first made.
    /// </summary>
    private static void Initialize(SqliteConnection connection, string path)
    {
        if (Version(connection, path, transaction: null) == "1")
        {
            MigrateFrom1(connection, path);
        }

        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        string? version = Version(connection, path, transaction);
        if (version is not null && version != StoreSchema.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw new StoreException($"{path} has store schema version {version}; this Sweep reads version {StoreSchema.Version} (and migrates version 1).");
        }

        Execute(connection, StoreSchema.Create, transaction);
        Execute(connection, $"INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{StoreSchema.Version}')", transaction);
        transaction.Commit();
    }

    /// <summary>The store's schema version, or null for an empty database; refuses an SQLite database that is not a Sweep store.</summary>
    private static string? Version(SqliteConnection connection, string path, SqliteTransaction? transaction)
    {
        long tables = Scalar<long>(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", transaction);
        bool hasMeta = Scalar<long>(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", transaction) == 1;
        if (tables > 0 && !hasMeta)
        {
            throw new StoreException($"{path} is an SQLite database but not a Sweep result store (it has no 'meta' table); choose another results folder.");
        }

        return hasMeta ? Scalar<string>(connection, "SELECT value FROM meta WHERE key = 'schema_version'", transaction) : null;
    }

    /// <summary>
    /// Migrates a version 1 store in one transaction (foreign keys off meanwhile, as SQLite's table rebuild needs), then
    /// checks that every metric still belongs to a trial. The per-study views come back at the next run or report.
    /// </summary>
    private static void MigrateFrom1(SqliteConnection connection, string path)
    {
        Execute(connection, "PRAGMA foreign_keys=OFF;");
        try
        {
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            if (Version(connection, path, transaction) != "1")
            {
                // Another process migrated it meanwhile.
                return;
            }

            List<string> views = [];
            using (SqliteCommand list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'view'";
                list.Transaction = transaction;
                using SqliteDataReader reader = list.ExecuteReader();
                while (reader.Read())
                {
                    views.Add(reader.GetString(0));
                }
            }

            foreach (string view in views)
            {
                Execute(connection, $"DROP VIEW {Quote(view)};", transaction);
            }

            Execute(connection, StoreSchema.MigrateFrom1, transaction);
            if (Scalar<long>(connection, "SELECT COUNT(*) FROM pragma_foreign_key_check", transaction) != 0)
            {
                throw new StoreException("the migration from store version 1 left metrics without their trial; nothing was changed.");
            }

            transaction.Commit();
        }
        finally
        {
            Execute(connection, "PRAGMA foreign_keys=ON;");
        }
    }

    private static string Describe(string path, string? directory, SqliteException e) => e.SqliteErrorCode switch
    {
        26 => $"{path} is not an SQLite database (SQLite: {e.Message}); it is not a Sweep result store, or it is damaged.",
        11 => $"{path} is damaged (SQLite: {e.Message}).",
        14 or 8 => $"cannot open or write {path} in {directory}: {e.Message}",
        _ => $"{path}: the result store failed: {e.Message}",
    };

    /// <summary>
    /// Records a study's declaration, or checks it against the one already stored: a study whose axes or run mode
    /// changed (so its trial keys mean something else) cannot share a store with its earlier results. Other changes
    /// (evaluations, derived columns, specs) are recorded, and make the affected trials stale instead.
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
                    string storedShape = StudyFingerprint.ShapeOf(reader.GetString(1));
                    if (reader.GetString(0) != fingerprint && storedShape != StudyFingerprint.Shape(study))
                    {
                        throw new StoreException(
                            $"{Path} holds results of study '{study.Name}' declared as {storedShape}, but it is now {StudyFingerprint.Shape(study)}; " +
                            "use another results folder for the changed study.");
                    }
                }
                else
                {
                    reader.Close();
                    using SqliteCommand insert = Command(
                        "INSERT INTO studies(name, type_name, fingerprint, descriptor_json, first_seen_utc) VALUES ($name, $type, $fingerprint, $json, $now)", transaction);
                    insert.Parameters.AddWithValue("$name", study.Name);
                    insert.Parameters.AddWithValue("$type", study.TypeName);
                    insert.Parameters.AddWithValue("$fingerprint", fingerprint);
                    insert.Parameters.AddWithValue("$json", StudyFingerprint.DescriptorJson(study));
                    insert.Parameters.AddWithValue("$now", Now());
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                    return;
                }
            }

            using SqliteCommand update = Command("UPDATE studies SET type_name = $type, fingerprint = $fingerprint, descriptor_json = $json WHERE name = $name", transaction);
            update.Parameters.AddWithValue("$name", study.Name);
            update.Parameters.AddWithValue("$fingerprint", fingerprint);
            update.Parameters.AddWithValue("$type", study.TypeName);
            update.Parameters.AddWithValue("$json", StudyFingerprint.DescriptorJson(study));
            update.ExecuteNonQuery();
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

    /// <summary>What the store holds of every trial of a study, by key: its current row's status and description.</summary>
    /// <param name="study">The study's name.</param>
    /// <returns>Key → state.</returns>
    public IReadOnlyDictionary<string, StoredState> TrialStates(string study)
    {
        lock (_gate)
        {
            using SqliteCommand read = Command("SELECT key, status, identity, description_json, stale_utc IS NOT NULL FROM trials WHERE study = $study AND superseded_utc IS NULL");
            read.Parameters.AddWithValue("$study", study);
            using SqliteDataReader reader = read.ExecuteReader();
            Dictionary<string, StoredState> states = new(StringComparer.Ordinal);
            while (reader.Read())
            {
                states[reader.GetString(0)] = new StoredState(
                    ParseStatus(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4) != 0);
            }

            return states;
        }
    }

    /// <summary>
    /// Stores a finished trial with its metrics and reliability diagrams in one transaction, and gives up its claim. A failed trial's row is
    /// replaced when it is re-run; a done row of another description (a stale trial re-run) is superseded and kept as
    /// history; a done row of the same description is never written twice.
    /// </summary>
    /// <param name="trial">The trial.</param>
    /// <returns>False when the trial was already stored as done with this description (nothing written).</returns>
    public bool Record(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            bool written = RecordCore(trial, transaction);
            using (SqliteCommand release = Command("DELETE FROM claims WHERE study = $study AND key = $key", transaction))
            {
                release.Parameters.AddWithValue("$study", trial.Study);
                release.Parameters.AddWithValue("$key", trial.Key);
                release.ExecuteNonQuery();
            }

            transaction.Commit();
            return written;
        }
    }

    private bool RecordCore(TrialRecord trial, SqliteTransaction transaction)
    {
        int previousAttempts = 0;
        long? superseded = null;
        using (SqliteCommand existing = Command("SELECT trial_id, status, attempts, identity FROM trials WHERE study = $study AND key = $key AND superseded_utc IS NULL", transaction))
        {
            existing.Parameters.AddWithValue("$study", trial.Study);
            existing.Parameters.AddWithValue("$key", trial.Key);
            using SqliteDataReader reader = existing.ExecuteReader();
            if (reader.Read())
            {
                string? identity = reader.IsDBNull(3) ? null : reader.GetString(3);
                if (ParseStatus(reader.GetString(1)) == TrialStatus.Done)
                {
                    if (trial.Identity is null || identity == trial.Identity)
                    {
                        return false;
                    }

                    superseded = reader.GetInt64(0);
                }
                else if (identity == trial.Identity)
                {
                    previousAttempts = reader.GetInt32(2);
                }
            }
        }

        string now = Now();
        if (superseded is long old)
        {
            using SqliteCommand supersede = Command("UPDATE trials SET superseded_utc = $now WHERE trial_id = $id", transaction);
            supersede.Parameters.AddWithValue("$now", now);
            supersede.Parameters.AddWithValue("$id", old);
            supersede.ExecuteNonQuery();
        }
        else
        {
            using SqliteCommand delete = Command("DELETE FROM trials WHERE study = $study AND key = $key AND superseded_utc IS NULL", transaction);
            delete.Parameters.AddWithValue("$study", trial.Study);
            delete.Parameters.AddWithValue("$key", trial.Key);
            delete.ExecuteNonQuery();
        }

        long trialId;
        using (SqliteCommand insert = Command("""
            INSERT INTO trials(study, key, trial_index, seed, axes_json, derived_json, description_json, identity, status, error, wall_seconds, backend, run_id, attempts, finished_utc)
            VALUES ($study, $key, $index, $seed, $axes, $derived, $description, $identity, $status, $error, $wall, $backend, $run, $attempts, $now)
            RETURNING trial_id
            """, transaction))
        {
            insert.Parameters.AddWithValue("$study", trial.Study);
            insert.Parameters.AddWithValue("$key", trial.Key);
            insert.Parameters.AddWithValue("$index", trial.Index);
            insert.Parameters.AddWithValue("$seed", trial.Seed);
            insert.Parameters.AddWithValue("$axes", AxesJson(trial.Axes));
            insert.Parameters.AddWithValue("$derived", DerivedJson(trial.Derived));
            insert.Parameters.AddWithValue("$description", (object?)trial.DescriptionJson ?? DBNull.Value);
            insert.Parameters.AddWithValue("$identity", (object?)trial.Identity ?? DBNull.Value);
            insert.Parameters.AddWithValue("$status", trial.Status == TrialStatus.Done ? "done" : "failed");
            insert.Parameters.AddWithValue("$error", (object?)trial.Error ?? DBNull.Value);
            insert.Parameters.AddWithValue("$wall", trial.WallSeconds);
            insert.Parameters.AddWithValue("$backend", trial.Backend);
            insert.Parameters.AddWithValue("$run", (object?)trial.RunId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$attempts", previousAttempts + 1);
            insert.Parameters.AddWithValue("$now", now);
            trialId = (long)insert.ExecuteScalar()!;
        }

        if (superseded is long replaced)
        {
            using SqliteCommand link = Command("UPDATE trials SET superseded_by = $new WHERE trial_id = $id", transaction);
            link.Parameters.AddWithValue("$new", trialId);
            link.Parameters.AddWithValue("$id", replaced);
            link.ExecuteNonQuery();
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

        WriteReliability(transaction, trialId, StoreSchema.ReliabilityTables.AsTrained, trial.Reliability);
        WriteReliability(transaction, trialId, StoreSchema.ReliabilityTables.Calibrated, trial.CalibratedReliability);
        return true;
    }

    /// <summary>Writes a trial's diagrams into one of the reliability tables, one row per evaluation × bin.</summary>
    private void WriteReliability(SqliteTransaction transaction, long trialId, string table, IReadOnlyDictionary<string, Training.ReliabilityDiagram> diagrams)
    {
        if (diagrams.Count == 0)
        {
            return;
        }

        using SqliteCommand bin = Command(
            $"INSERT OR REPLACE INTO {table}(trial_id, evaluation, bin, count, confidence, accuracy) VALUES ($trial, $evaluation, $bin, $count, $confidence, $accuracy)", transaction);
        bin.Parameters.AddWithValue("$trial", trialId);
        SqliteParameter evaluation = bin.Parameters.Add("$evaluation", SqliteType.Text);
        SqliteParameter index = bin.Parameters.Add("$bin", SqliteType.Integer);
        SqliteParameter count = bin.Parameters.Add("$count", SqliteType.Integer);
        SqliteParameter confidence = bin.Parameters.Add("$confidence", SqliteType.Real);
        SqliteParameter accuracy = bin.Parameters.Add("$accuracy", SqliteType.Real);
        foreach ((string name, Training.ReliabilityDiagram diagram) in diagrams)
        {
            evaluation.Value = name;
            foreach (Training.ReliabilityBin b in diagram.Bins)
            {
                index.Value = b.Bin;
                count.Value = b.Count;
                confidence.Value = double.IsNaN(b.Confidence) ? DBNull.Value : b.Confidence;
                accuracy.Value = double.IsNaN(b.Accuracy) ? DBNull.Value : b.Accuracy;
                bin.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// Marks done trials stale: the study's current description of them differs from the stored one. They leave every
    /// results reader (views, reports, fits, exports) until they are re-run, which supersedes them.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="keys">The stale trials' keys.</param>
    /// <returns>How many rows were newly marked.</returns>
    public int MarkStale(string study, IEnumerable<string> keys)
        => UpdateEach(study, keys, "UPDATE trials SET stale_utc = $now WHERE study = $study AND key = $key AND superseded_utc IS NULL AND status = 'done' AND stale_utc IS NULL", null);

    /// <summary>
    /// Keeps stale trials' results as current (<c>--keep-stale</c>): each takes the study's current description, and
    /// the one it ran with is kept in <c>kept_from_json</c> (<c>null</c> when it ran without one).
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="trials">Key, current description and its identity, per trial.</param>
    /// <returns>How many rows were updated.</returns>
    public int KeepStale(string study, IEnumerable<(string Key, string Json, string Identity)> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return UpdateEach(
            study, trials.Select(t => t.Key),
            """
            UPDATE trials SET kept_from_json = COALESCE(kept_from_json, description_json, 'null'), description_json = $json, identity = $identity, stale_utc = NULL
            WHERE study = $study AND key = $key AND superseded_utc IS NULL AND status = 'done'
            """,
            trials.ToDictionary(t => t.Key, t => (t.Json, t.Identity), StringComparer.Ordinal));
    }

    /// <summary>
    /// Refreshes done trials whose identity still matches but whose description (its derived values) changed, and
    /// clears a stale mark a run of a since-reverted study left on them.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="trials">Key, current description and its identity, per trial.</param>
    /// <returns>How many rows were updated.</returns>
    public int RefreshDescriptions(string study, IEnumerable<(string Key, string Json, string Identity, string DerivedJson)> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand update = Command("""
                UPDATE trials SET description_json = $json, derived_json = $derived, stale_utc = NULL
                WHERE study = $study AND key = $key AND identity = $identity AND superseded_utc IS NULL
                """, transaction);
            update.Parameters.AddWithValue("$study", study);
            SqliteParameter key = update.Parameters.Add("$key", SqliteType.Text);
            SqliteParameter json = update.Parameters.Add("$json", SqliteType.Text);
            SqliteParameter identity = update.Parameters.Add("$identity", SqliteType.Text);
            SqliteParameter derived = update.Parameters.Add("$derived", SqliteType.Text);
            int changed = 0;
            foreach ((string Key, string Json, string Identity, string DerivedJson) trial in trials)
            {
                key.Value = trial.Key;
                json.Value = trial.Json;
                identity.Value = trial.Identity;
                derived.Value = trial.DerivedJson;
                changed += update.ExecuteNonQuery();
            }

            transaction.Commit();
            return changed;
        }
    }

    private int UpdateEach(string study, IEnumerable<string> keys, string sql, Dictionary<string, (string Json, string Identity)>? descriptions)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand update = Command(sql, transaction);
            update.Parameters.AddWithValue("$study", study);
            update.Parameters.AddWithValue("$now", Now());
            SqliteParameter key = update.Parameters.Add("$key", SqliteType.Text);
            SqliteParameter? json = descriptions is null ? null : update.Parameters.Add("$json", SqliteType.Text);
            SqliteParameter? identity = descriptions is null ? null : update.Parameters.Add("$identity", SqliteType.Text);
            int changed = 0;
            foreach (string k in keys)
            {
                key.Value = k;
                if (descriptions is not null)
                {
                    (json!.Value, identity!.Value) = descriptions[k];
                }

                changed += update.ExecuteNonQuery();
            }

            transaction.Commit();
            return changed;
        }
    }

    /// <summary>
    /// Claims trials for a runner before it starts them, in one transaction: a trial another process has done with the
    /// same description, or has claimed and is still running (its lease holds, and on this host its process lives), is
    /// left out; a claim whose owner died or whose lease ran out is taken over.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="trials">Key and identity of each trial.</param>
    /// <param name="owner">Who claims.</param>
    /// <param name="lease">How long the claim holds without renewal.</param>
    /// <returns>The keys claimed, in the order given.</returns>
    public IReadOnlyList<string> TryClaim(string study, IReadOnlyList<(string Key, string Identity)> trials, ClaimOwner owner, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand done = Command("SELECT COUNT(*) FROM trials WHERE study = $study AND key = $key AND superseded_utc IS NULL AND status = 'done' AND identity = $identity", transaction);
            done.Parameters.AddWithValue("$study", study);
            SqliteParameter doneKey = done.Parameters.Add("$key", SqliteType.Text);
            SqliteParameter doneIdentity = done.Parameters.Add("$identity", SqliteType.Text);
            using SqliteCommand held = Command("SELECT owner, host, pid, process_started, lease_until_utc FROM claims WHERE study = $study AND key = $key", transaction);
            held.Parameters.AddWithValue("$study", study);
            SqliteParameter heldKey = held.Parameters.Add("$key", SqliteType.Text);
            using SqliteCommand claim = Command("""
                INSERT INTO claims(study, key, owner, host, pid, process_started, claimed_utc, lease_until_utc)
                VALUES ($study, $key, $owner, $host, $pid, $started, $now, $until)
                ON CONFLICT(study, key) DO UPDATE SET owner = $owner, host = $host, pid = $pid, process_started = $started, claimed_utc = $now, lease_until_utc = $until
                """, transaction);
            claim.Parameters.AddWithValue("$study", study);
            claim.Parameters.AddWithValue("$owner", owner.Token);
            claim.Parameters.AddWithValue("$host", owner.Host);
            claim.Parameters.AddWithValue("$pid", owner.Pid);
            claim.Parameters.AddWithValue("$started", (object?)owner.ProcessStarted ?? DBNull.Value);
            DateTime now = DateTime.UtcNow;
            claim.Parameters.AddWithValue("$now", Utc(now));
            claim.Parameters.AddWithValue("$until", Utc(now + lease));
            SqliteParameter claimKey = claim.Parameters.Add("$key", SqliteType.Text);
            List<string> claimed = [];
            foreach ((string key, string identity) in trials)
            {
                doneKey.Value = key;
                doneIdentity.Value = identity;
                if ((long)done.ExecuteScalar()! > 0)
                {
                    continue;
                }

                heldKey.Value = key;
                using (SqliteDataReader reader = held.ExecuteReader())
                {
                    if (reader.Read() && reader.GetString(0) != owner.Token
                        && string.CompareOrdinal(reader.GetString(4), Utc(now)) > 0
                        && !ClaimOwner.IsDeadHere(reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)))
                    {
                        continue;
                    }
                }

                claimKey.Value = key;
                claim.ExecuteNonQuery();
                claimed.Add(key);
            }

            transaction.Commit();
            return claimed;
        }
    }

    /// <summary>Extends every claim of an owner by a lease from now (a running runner renews them while it works).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="lease">The new lease.</param>
    public void RenewClaims(ClaimOwner owner, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            using SqliteCommand renew = Command("UPDATE claims SET lease_until_utc = $until WHERE owner = $owner");
            renew.Parameters.AddWithValue("$until", Utc(DateTime.UtcNow + lease));
            renew.Parameters.AddWithValue("$owner", owner.Token);
            renew.ExecuteNonQuery();
        }
    }

    /// <summary>Gives up every claim of an owner (its run ended; trials it did not finish are free for others).</summary>
    /// <param name="owner">The owner.</param>
    public void ReleaseClaims(ClaimOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            using SqliteCommand release = Command("DELETE FROM claims WHERE owner = $owner");
            release.Parameters.AddWithValue("$owner", owner.Token);
            release.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Reads a study's current trials, in grid-index order: what answers the study as it was last run. Superseded rows
    /// (history) are never included; rows a run marked stale only when asked for.
    /// </summary>
    /// <param name="study">The study's name.</param>
    /// <param name="includeStale">Whether to include rows marked stale.</param>
    /// <returns>The trials with their metrics.</returns>
    public IReadOnlyList<StoredTrial> ReadTrials(string study, bool includeStale = false)
    {
        string current = includeStale ? "t.superseded_utc IS NULL" : "t.superseded_utc IS NULL AND t.stale_utc IS NULL";
        lock (_gate)
        {
            Dictionary<long, Dictionary<string, Dictionary<string, double>>> metrics = [];
            using (SqliteCommand read = Command("""
                SELECT m.trial_id, m.evaluation, m.name, m.value FROM metrics m JOIN trials t ON t.trial_id = m.trial_id
                WHERE t.study = $study AND {{current}} ORDER BY m.rowid
                """.Replace("{{current}}", current, StringComparison.Ordinal)))
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

            Dictionary<long, Dictionary<string, Training.ReliabilityDiagram>> reliability = ReadReliability(study, current, StoreSchema.ReliabilityTables.AsTrained);
            Dictionary<long, Dictionary<string, Training.ReliabilityDiagram>> calibrated = ReadReliability(study, current, StoreSchema.ReliabilityTables.Calibrated);
            List<StoredTrial> trials = [];
            using SqliteCommand command = Command("""
                SELECT trial_id, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts,
                       identity, description_json, stale_utc IS NOT NULL
                FROM trials t WHERE study = $study AND {{current}} ORDER BY trial_index, key
                """.Replace("{{current}}", current, StringComparison.Ordinal));
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
                    trialMetrics)
                {
                    Identity = rows.IsDBNull(12) ? null : rows.GetString(12),
                    DescriptionJson = rows.IsDBNull(13) ? null : rows.GetString(13),
                    MarkedStale = rows.GetInt64(14) != 0,
                    Reliability = reliability.TryGetValue(id, out Dictionary<string, Training.ReliabilityDiagram>? diagrams)
                        ? diagrams
                        : new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal),
                    CalibratedReliability = calibrated.TryGetValue(id, out Dictionary<string, Training.ReliabilityDiagram>? scaled)
                        ? scaled
                        : new Dictionary<string, Training.ReliabilityDiagram>(StringComparer.Ordinal),
                });
            }

            return trials;
        }
    }

    /// <summary>The diagrams one reliability table holds for a study's trials the condition selects: trial id → evaluation → diagram.</summary>
    private Dictionary<long, Dictionary<string, Training.ReliabilityDiagram>> ReadReliability(string study, string current, string table)
    {
        Dictionary<long, Dictionary<string, List<Training.ReliabilityBin>>> bins = [];
        using (SqliteCommand read = Command("""
            SELECT r.trial_id, r.evaluation, r.bin, r.count, r.confidence, r.accuracy FROM {{table}} r JOIN trials t ON t.trial_id = r.trial_id
            WHERE t.study = $study AND {{current}} ORDER BY r.trial_id, r.evaluation, r.bin
            """.Replace("{{current}}", current, StringComparison.Ordinal).Replace("{{table}}", table, StringComparison.Ordinal)))
        {
            read.Parameters.AddWithValue("$study", study);
            using SqliteDataReader reader = read.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!bins.TryGetValue(id, out Dictionary<string, List<Training.ReliabilityBin>>? byEvaluation))
                {
                    byEvaluation = new Dictionary<string, List<Training.ReliabilityBin>>(StringComparer.Ordinal);
                    bins[id] = byEvaluation;
                }

                string evaluation = reader.GetString(1);
                if (!byEvaluation.TryGetValue(evaluation, out List<Training.ReliabilityBin>? list))
                {
                    list = [];
                    byEvaluation[evaluation] = list;
                }

                list.Add(new Training.ReliabilityBin(
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? double.NaN : reader.GetDouble(4),
                    reader.IsDBNull(5) ? double.NaN : reader.GetDouble(5)));
            }
        }

        return bins.ToDictionary(
            t => t.Key,
            t => t.Value.ToDictionary(e => e.Key, e => new Training.ReliabilityDiagram(e.Value), StringComparer.Ordinal));
    }

    /// <summary>The studies in this store with their trial counts.</summary>
    /// <returns>One summary per study, by name.</returns>
    public IReadOnlyList<StoredStudy> Studies()
    {
        lock (_gate)
        {
            using SqliteCommand read = Command("""
                SELECT s.name, s.type_name, s.fingerprint, s.descriptor_json,
                       (SELECT COUNT(*) FROM trials t WHERE t.study = s.name AND t.superseded_utc IS NULL AND t.status = 'done' AND t.stale_utc IS NULL),
                       (SELECT COUNT(*) FROM trials t WHERE t.study = s.name AND t.superseded_utc IS NULL AND t.status = 'failed'),
                       (SELECT COUNT(*) FROM trials t WHERE t.study = s.name AND t.superseded_utc IS NULL AND t.status = 'done' AND t.stale_utc IS NOT NULL),
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
                    reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
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
            using (SqliteCommand read = Command(
                "SELECT DISTINCT m.name FROM metrics m JOIN trials t ON t.trial_id = m.trial_id WHERE t.study = $study AND t.superseded_utc IS NULL AND t.stale_utc IS NULL ORDER BY m.name"))
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
                .Append(Literal(study.Name)).Append(" AND t.superseded_utc IS NULL AND t.stale_utc IS NULL;");
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

    internal static string Now() => Utc(DateTime.UtcNow);

    private static string Utc(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);

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

    internal static string DerivedJson(IReadOnlyList<DerivedValue> derived)
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
