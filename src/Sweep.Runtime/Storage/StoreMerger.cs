using Microsoft.Data.Sqlite;

namespace Sweep.Storage;

/// <summary>What a merge did.</summary>
/// <param name="Studies">The studies merged.</param>
/// <param name="TrialsAdded">Trials new to the output.</param>
/// <param name="FailuresReplaced">Failed trials in the output replaced by done ones.</param>
/// <param name="DuplicatesSkipped">Trials the output already had (done, or failed again).</param>
public sealed record MergeResult(IReadOnlyList<string> Studies, int TrialsAdded, int FailuresReplaced, int DuplicatesSkipped);

/// <summary>
/// Combines stores (typically one per shard of a Slurm job array) into one. Every study must have the same key
/// shape in every store, and a trial key held by two stores must carry the same description in both (else one of
/// them ran an edited study); both are checked for all inputs before anything is written, and the whole merge is one
/// transaction, so a refused or interrupted merge leaves the output as it was. Merging is idempotent: a trial
/// already done in the output is skipped, a failed one is replaced by a done one, history (superseded rows) is
/// copied once, and a run merged before is not copied again. A trial's reliability diagrams come with it (an input
/// written before they were stored has none).
/// </summary>
public static class StoreMerger
{
    private const string RunColumns = "study, status, started_utc, finished_utc, command_line, backend, shard, machine, os, dotnet, cpu, cores, git_commit, sweep_version";
    private const string TrialColumns =
        "study, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts, finished_utc, description_json, identity, stale_utc, kept_from_json, superseded_utc";

    private const int TrialColumnCount = 18;

    /// <summary>Merges stores into an output store (created if absent).</summary>
    /// <param name="inputs">The stores to read.</param>
    /// <param name="output">The store to write.</param>
    /// <returns>What was merged.</returns>
    /// <exception cref="StoreException">An input is missing or not a Sweep store, the output is also an input, or a study's shape differs.</exception>
    public static MergeResult Merge(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (inputs.Count == 0)
        {
            throw new StoreException("merge needs at least one input store.");
        }

        string outputPath = Path.GetFullPath(output);
        bool outputExisted = File.Exists(outputPath);
        List<SqliteConnection> sources = [];
        try
        {
            foreach (string input in inputs)
            {
                if (!File.Exists(input))
                {
                    throw new StoreException($"{input}: no such store.");
                }

                if (string.Equals(Path.GetFullPath(input), outputPath, StringComparison.Ordinal))
                {
                    throw new StoreException($"{input} is both an input and the output; merge into a new file.");
                }

                sources.Add(OpenSource(input));
            }

            using ResultStore target = ResultStore.Open(outputPath);
            lock (target.Gate)
            {
                CheckShapes(target, inputs, sources);
                CheckDescriptions(target, inputs, sources);
                int added = 0, replaced = 0, skipped = 0;
                HashSet<string> studies = new(StringComparer.Ordinal);
                using SqliteTransaction transaction = target.Connection.BeginTransaction();
                foreach (SqliteConnection source in sources)
                {
                    CopyStudies(source, target, transaction);
                    Dictionary<long, long> runIds = CopyRuns(source, target, transaction);
                    CopyTrials(source, target, runIds, transaction, studies, ref added, ref replaced, ref skipped);
                }

                transaction.Commit();
                return new MergeResult(studies.Order(StringComparer.Ordinal).ToArray(), added, replaced, skipped);
            }
        }
        catch (Exception) when (!outputExisted)
        {
            // The transaction rolled back, but opening the output created it: a refused or failed merge leaves no file behind.
            foreach (string file in new[] { outputPath, outputPath + "-wal", outputPath + "-shm" })
            {
                File.Delete(file);
            }

            throw;
        }
        finally
        {
            foreach (SqliteConnection source in sources)
            {
                source.Dispose();
            }
        }
    }

    private static SqliteConnection OpenSource(string path)
    {
        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using SqliteCommand check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('studies', 'runs', 'trials', 'metrics')";
            if ((long)check.ExecuteScalar()! != 4)
            {
                throw new StoreException($"{path} is not a Sweep result store.");
            }
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException($"{path} is not a readable SQLite store: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private static void CheckShapes(ResultStore target, IReadOnlyList<string> inputs, List<SqliteConnection> sources)
    {
        Dictionary<string, (string Fingerprint, string Shape, string Source)> shapes = ReadShapes(target.Connection, target.Path);
        for (int i = 0; i < sources.Count; i++)
        {
            foreach ((string study, (string fingerprint, string shape, _)) in ReadShapes(sources[i], inputs[i]))
            {
                if (shapes.TryGetValue(study, out (string Fingerprint, string Shape, string Source) known) && known.Fingerprint != fingerprint)
                {
                    throw new StoreException(
                        $"study '{study}' differs: {known.Source} declares {known.Shape}, but {inputs[i]} declares {shape}; " +
                        "only stores of the same study declaration can be merged.");
                }

                shapes.TryAdd(study, (fingerprint, shape, inputs[i]));
            }
        }
    }

    /// <summary>
    /// Refuses stores that hold different descriptions under one trial key (current rows, done or failed), naming the
    /// key, both stores and what differs; a row stored without a description (by an older Sweep) differs from one with.
    /// </summary>
    private static void CheckDescriptions(ResultStore target, IReadOnlyList<string> inputs, List<SqliteConnection> sources)
    {
        Dictionary<(string Study, string Key), (string? Identity, string? Json, string Source)> seen = [];
        void Read(SqliteConnection connection, string source)
        {
            using SqliteCommand read = connection.CreateCommand();
            read.CommandText = "SELECT study, key, identity, description_json FROM trials WHERE superseded_utc IS NULL";
            using SqliteDataReader reader = read.ExecuteReader();
            while (reader.Read())
            {
                (string, string) key = (reader.GetString(0), reader.GetString(1));
                string? identity = reader.IsDBNull(2) ? null : reader.GetString(2);
                string? json = reader.IsDBNull(3) ? null : reader.GetString(3);
                if (seen.TryGetValue(key, out (string? Identity, string? Json, string Source) known) && known.Identity != identity)
                {
                    string change = json is null ? "one of them has no description (an older Sweep stored it)"
                        : known.Json is null ? "one of them has no description (an older Sweep stored it)"
                        : Running.DescriptionJson.Difference(known.Json, json);
                    throw new StoreException(
                        $"study '{key.Item1}', trial {key.Item2}: {known.Source} and {source} hold different descriptions of it ({change}); " +
                        "one of them ran an edited study. Re-run it with the current study, or merge the stores that ran the same one.");
                }

                seen.TryAdd(key, (identity, json, source));
            }
        }

        Read(target.Connection, target.Path);
        for (int i = 0; i < sources.Count; i++)
        {
            Read(sources[i], inputs[i]);
        }
    }

    private static Dictionary<string, (string Fingerprint, string Shape, string Source)> ReadShapes(SqliteConnection connection, string source)
    {
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT name, descriptor_json FROM studies";
        using SqliteDataReader reader = read.ExecuteReader();
        Dictionary<string, (string, string, string)> shapes = new(StringComparer.Ordinal);
        while (reader.Read())
        {
            string shape = StudyFingerprint.ShapeOf(reader.GetString(1));
            shapes[reader.GetString(0)] = (shape, shape, source);
        }

        return shapes;
    }

    private static void CopyStudies(SqliteConnection source, ResultStore target, SqliteTransaction transaction)
    {
        using SqliteCommand read = source.CreateCommand();
        read.CommandText = "SELECT name, type_name, fingerprint, descriptor_json, first_seen_utc FROM studies";
        using SqliteDataReader reader = read.ExecuteReader();
        using SqliteCommand insert = target.Command(
            "INSERT OR IGNORE INTO studies(name, type_name, fingerprint, descriptor_json, first_seen_utc) VALUES ($0, $1, $2, $3, $4)", transaction);
        CopyRows(reader, insert);
    }

    private static Dictionary<long, long> CopyRuns(SqliteConnection source, ResultStore target, SqliteTransaction transaction)
    {
        Dictionary<long, long> map = [];
        using SqliteCommand read = source.CreateCommand();
        read.CommandText = $"SELECT run_id, {RunColumns} FROM runs ORDER BY run_id";
        using SqliteDataReader reader = read.ExecuteReader();
        using SqliteCommand insert = target.Command(
            $"INSERT INTO runs({RunColumns}) VALUES ({Placeholders(14)}) RETURNING run_id", transaction);

        // A run merged before (same study, start, command, shard and machine) is reused, so merging again adds no runs;
        // if the output still has it unfinished, it takes the input's ending.
        using SqliteCommand reuse = target.Command("""
            UPDATE runs SET status = CASE WHEN finished_utc IS NULL THEN $1 ELSE status END, finished_utc = COALESCE(finished_utc, $3)
            WHERE study = $0 AND started_utc = $2 AND command_line = $4 AND shard IS $6 AND machine = $7 RETURNING run_id
            """, transaction);
        for (int i = 0; i < 14; i++)
        {
            insert.Parameters.Add(new SqliteParameter("$" + i, null));
            reuse.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        while (reader.Read())
        {
            for (int i = 0; i < 14; i++)
            {
                insert.Parameters[i].Value = reader.GetValue(i + 1);
                reuse.Parameters[i].Value = reader.GetValue(i + 1);
            }

            map[reader.GetInt64(0)] = reuse.ExecuteScalar() is long existing ? existing : (long)insert.ExecuteScalar()!;
        }

        return map;
    }

    private static void CopyTrials(
        SqliteConnection source, ResultStore target, Dictionary<long, long> runIds, SqliteTransaction transaction,
        HashSet<string> studies, ref int added, ref int replaced, ref int skipped)
    {
        using SqliteCommand read = source.CreateCommand();
        read.CommandText = $"SELECT trial_id, {TrialColumns} FROM trials ORDER BY trial_id";
        using SqliteDataReader reader = read.ExecuteReader();

        using SqliteCommand existing = target.Command("SELECT status FROM trials WHERE study = $study AND key = $key AND superseded_utc IS NULL", transaction);
        SqliteParameter existingStudy = existing.Parameters.Add("$study", SqliteType.Text);
        SqliteParameter existingKey = existing.Parameters.Add("$key", SqliteType.Text);

        using SqliteCommand history = target.Command(
            "SELECT COUNT(*) FROM trials WHERE study = $study AND key = $key AND identity IS $identity AND finished_utc = $finished AND superseded_utc IS NOT NULL", transaction);
        SqliteParameter historyStudy = history.Parameters.Add("$study", SqliteType.Text);
        SqliteParameter historyKey = history.Parameters.Add("$key", SqliteType.Text);
        SqliteParameter historyIdentity = history.Parameters.Add("$identity", SqliteType.Text);
        SqliteParameter historyFinished = history.Parameters.Add("$finished", SqliteType.Text);

        using SqliteCommand delete = target.Command("DELETE FROM trials WHERE study = $study AND key = $key AND superseded_utc IS NULL", transaction);
        SqliteParameter deleteStudy = delete.Parameters.Add("$study", SqliteType.Text);
        SqliteParameter deleteKey = delete.Parameters.Add("$key", SqliteType.Text);

        using SqliteCommand insert = target.Command($"INSERT INTO trials({TrialColumns}) VALUES ({Placeholders(TrialColumnCount)}) RETURNING trial_id", transaction);
        for (int i = 0; i < TrialColumnCount; i++)
        {
            insert.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        using SqliteCommand readMetrics = source.CreateCommand();
        readMetrics.CommandText = "SELECT evaluation, name, value FROM metrics WHERE trial_id = $id";
        SqliteParameter metricsOf = readMetrics.Parameters.Add("$id", SqliteType.Integer);
        using SqliteCommand insertMetric = target.Command("INSERT INTO metrics(trial_id, evaluation, name, value) VALUES ($trial, $0, $1, $2)", transaction);
        SqliteParameter metricTrial = insertMetric.Parameters.Add("$trial", SqliteType.Integer);
        for (int i = 0; i < 3; i++)
        {
            insertMetric.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        using DiagramCopy? asTrained = DiagramCopy.Open(source, target, transaction, StoreSchema.ReliabilityTables.AsTrained);
        using DiagramCopy? calibrated = DiagramCopy.Open(source, target, transaction, StoreSchema.ReliabilityTables.Calibrated);
        while (reader.Read())
        {
            string study = reader.GetString(1);
            string key = reader.GetString(2);
            bool sourceDone = reader.GetString(7) == "done";
            studies.Add(study);
            if (!reader.IsDBNull(18))
            {
                // History: copied once, beside the output's rows of the key.
                historyStudy.Value = study;
                historyKey.Value = key;
                historyIdentity.Value = reader.GetValue(15);
                historyFinished.Value = reader.GetString(13);
                if ((long)history.ExecuteScalar()! > 0)
                {
                    skipped++;
                    continue;
                }
            }
            else
            {
                existingStudy.Value = study;
                existingKey.Value = key;
                string? targetStatus = existing.ExecuteScalar() as string;
                if (targetStatus == "done" || (targetStatus == "failed" && !sourceDone))
                {
                    skipped++;
                    continue;
                }

                if (targetStatus == "failed")
                {
                    deleteStudy.Value = study;
                    deleteKey.Value = key;
                    delete.ExecuteNonQuery();
                    replaced++;
                }
                else
                {
                    added++;
                }
            }

            for (int i = 0; i < TrialColumnCount; i++)
            {
                insert.Parameters[i].Value = reader.GetValue(i + 1);
            }

            insert.Parameters[10].Value = !reader.IsDBNull(11) && runIds.TryGetValue(reader.GetInt64(11), out long runId) ? runId : DBNull.Value;
            metricTrial.Value = (long)insert.ExecuteScalar()!;
            metricsOf.Value = reader.GetInt64(0);
            using (SqliteDataReader metricRows = readMetrics.ExecuteReader())
            {
                CopyRows(metricRows, insertMetric, firstParameter: 1);
            }

            asTrained?.Copy(reader.GetInt64(0), (long)metricTrial.Value);
            calibrated?.Copy(reader.GetInt64(0), (long)metricTrial.Value);
        }
    }

    private static void CopyRows(SqliteDataReader reader, SqliteCommand insert, int firstParameter = 0)
    {
        while (insert.Parameters.Count < firstParameter + reader.FieldCount)
        {
            insert.Parameters.Add(new SqliteParameter("$" + (insert.Parameters.Count - firstParameter), null));
        }

        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                insert.Parameters[firstParameter + i].Value = reader.GetValue(i);
            }

            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Copies one reliability table's bins of a trial from the source store to its new row in the output.</summary>
    private sealed class DiagramCopy : IDisposable
    {
        private readonly SqliteCommand _read;
        private readonly SqliteParameter _sourceTrial;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _targetTrial;

        private DiagramCopy(SqliteConnection source, ResultStore target, SqliteTransaction transaction, string table)
        {
            _read = source.CreateCommand();
            _read.CommandText = $"SELECT evaluation, bin, count, confidence, accuracy FROM {table} WHERE trial_id = $id";
            _sourceTrial = _read.Parameters.Add("$id", SqliteType.Integer);
            _insert = target.Command($"INSERT INTO {table}(trial_id, evaluation, bin, count, confidence, accuracy) VALUES ($trial, $0, $1, $2, $3, $4)", transaction);
            _targetTrial = _insert.Parameters.Add("$trial", SqliteType.Integer);
        }

        /// <summary>The copier of a table, or null when the source has no such table (a store written before it existed has no diagrams of it).</summary>
        public static DiagramCopy? Open(SqliteConnection source, ResultStore target, SqliteTransaction transaction, string table)
        {
            using SqliteCommand exists = source.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            exists.Parameters.AddWithValue("$name", table);
            return (long)exists.ExecuteScalar()! == 0 ? null : new DiagramCopy(source, target, transaction, table);
        }

        public void Copy(long sourceTrial, long targetTrial)
        {
            _sourceTrial.Value = sourceTrial;
            _targetTrial.Value = targetTrial;
            using SqliteDataReader rows = _read.ExecuteReader();
            CopyRows(rows, _insert, firstParameter: 1);
        }

        public void Dispose()
        {
            _read.Dispose();
            _insert.Dispose();
        }
    }

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "$" + i));
}
