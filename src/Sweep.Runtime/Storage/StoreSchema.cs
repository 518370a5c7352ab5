namespace Sweep.Storage;

/// <summary>The result store's tables. One database per output folder; every write is a transaction.</summary>
internal static class StoreSchema
{
    public const int Version = 1;

    public const string Create = """
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
}
