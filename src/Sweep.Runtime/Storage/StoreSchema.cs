namespace Sweep.Storage;

/// <summary>
/// The result store's tables. One database per output folder; every write is a transaction.
/// </summary>
/// <remarks>
/// A trial row is <em>current</em> while <c>superseded_utc</c> is null: at most one current row per study and key
/// (a partial unique index). Re-running a stale trial supersedes its row, which stays as history. A current row
/// whose description the study no longer matches is marked <c>stale_utc</c> by the run that found it; the views and
/// every reader of results see current rows that are not marked stale. <c>claims</c> is the work queue several
/// processes on one folder share: a process claims a trial before it starts it and the claim goes when the trial
/// is stored; a claim whose lease ran out, or whose owner died on this host, is taken over. <c>reliability</c> holds
/// each probabilistic-classifier evaluation's reliability diagram, one row per confidence bin (empty bins with a count
/// of 0 and NULL confidence and accuracy), and <c>calibrated_reliability</c> the same bins of the temperature-scaled
/// model where a temperature was fitted; each is created when a store without it (written before it existed) is
/// opened, which needs no version change because it only adds a table.
/// </remarks>
internal static class StoreSchema
{
    /// <summary>The two tables of reliability bins.</summary>
    public static class ReliabilityTables
    {
        /// <summary>The model as trained.</summary>
        public const string AsTrained = "reliability";

        /// <summary>The temperature-scaled model, softmax(logits / T).</summary>
        public const string Calibrated = "calibrated_reliability";
    }

    public const int Version = 2;

    public static readonly string Create = """
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
        """ + TrialsTable("trials") + """
        CREATE TABLE IF NOT EXISTS metrics (
            trial_id   INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
            evaluation TEXT NOT NULL,
            name       TEXT NOT NULL,
            value      REAL,
            PRIMARY KEY (trial_id, evaluation, name)
        );
        """ + ReliabilityTable(ReliabilityTables.AsTrained) + ReliabilityTable(ReliabilityTables.Calibrated) + """
        CREATE TABLE IF NOT EXISTS claims (
            study           TEXT NOT NULL,
            key             TEXT NOT NULL,
            owner           TEXT NOT NULL,
            host            TEXT NOT NULL,
            pid             INTEGER NOT NULL,
            process_started TEXT,
            claimed_utc     TEXT NOT NULL,
            lease_until_utc TEXT NOT NULL,
            PRIMARY KEY (study, key)
        );
        """ + Indexes + ResultsView;

    /// <summary>
    /// A table of reliability bins, one row per trial × evaluation × confidence bin: <see cref="ReliabilityTables.AsTrained"/>
    /// for the model as trained, <see cref="ReliabilityTables.Calibrated"/> for softmax(logits / T).
    /// </summary>
    public static string ReliabilityTable(string name) => $$"""
        CREATE TABLE IF NOT EXISTS {{name}} (
            trial_id   INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
            evaluation TEXT NOT NULL,
            bin        INTEGER NOT NULL,
            count      INTEGER NOT NULL,
            confidence REAL,
            accuracy   REAL,
            PRIMARY KEY (trial_id, evaluation, bin)
        );

        """;

    /// <summary>The trials table, under a name (the version 1 migration builds it beside the old one).</summary>
    public static string TrialsTable(string name) => $$"""
        CREATE TABLE IF NOT EXISTS {{name}} (
            trial_id         INTEGER PRIMARY KEY AUTOINCREMENT,
            study            TEXT NOT NULL REFERENCES studies(name),
            key              TEXT NOT NULL,
            trial_index      INTEGER NOT NULL,
            seed             INTEGER NOT NULL,
            axes_json        TEXT NOT NULL,
            derived_json     TEXT NOT NULL,
            description_json TEXT,
            identity         TEXT,
            status           TEXT NOT NULL CHECK (status IN ('done', 'failed')),
            error            TEXT,
            wall_seconds     REAL NOT NULL,
            backend          TEXT NOT NULL,
            run_id           INTEGER REFERENCES runs(run_id),
            attempts         INTEGER NOT NULL DEFAULT 1,
            finished_utc     TEXT NOT NULL,
            stale_utc        TEXT,
            kept_from_json   TEXT,
            superseded_utc   TEXT,
            superseded_by    INTEGER
        );

        """;

    public const string Indexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS trials_current ON trials(study, key) WHERE superseded_utc IS NULL;
        CREATE INDEX IF NOT EXISTS trials_by_status ON trials(study, status);

        """;

    /// <summary>The generic view: one row per current, not stale trial × evaluation.</summary>
    public const string ResultsView = """
        CREATE VIEW IF NOT EXISTS results AS
            SELECT t.study, t.key, t.trial_index, t.seed, t.axes_json AS axes, t.derived_json AS derived,
                   e.evaluation,
                   (SELECT json_group_object(x.name, x.value) FROM metrics x
                    WHERE x.trial_id = t.trial_id AND x.evaluation = e.evaluation) AS metrics,
                   t.wall_seconds, t.backend, t.status, t.error, t.run_id, t.finished_utc
            FROM trials t LEFT JOIN (SELECT DISTINCT trial_id, evaluation FROM metrics) e ON e.trial_id = t.trial_id
            WHERE t.superseded_utc IS NULL AND t.stale_utc IS NULL;
        """;

    /// <summary>
    /// Version 1 → 2, run with foreign keys off inside one transaction once the old views are dropped: the trials table
    /// gains descriptions, staleness and history (its unique constraint becomes the partial index, so the table is
    /// rebuilt beside the old one and renamed), and a built-in-engine study's metrics take their new names. Rows keep
    /// their results; having no description, they count as stale until re-run or kept with <c>--keep-stale</c>.
    /// </summary>
    public static readonly string MigrateFrom1 = TrialsTable("trials_v2") + """
        INSERT INTO trials_v2(trial_id, study, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts, finished_utc)
            SELECT trial_id, study, key, trial_index, seed, axes_json, derived_json, status, error, wall_seconds, backend, run_id, attempts, finished_utc FROM trials;
        DROP INDEX IF EXISTS trials_by_status;
        DROP TABLE trials;
        ALTER TABLE trials_v2 RENAME TO trials;
        UPDATE metrics SET name = CASE name WHEN 'parameters' THEN 'model_parameters' WHEN 'tokens' THEN 'train_tokens' ELSE 'train_flops' END
            WHERE name IN ('parameters', 'tokens', 'flops')
              AND trial_id IN (SELECT t.trial_id FROM trials t JOIN studies s ON s.name = t.study
                               WHERE json_extract(s.descriptor_json, '$.shape') LIKE '%mode(Specs)%');
        UPDATE meta SET value = '2' WHERE key = 'schema_version';

        """;
}
