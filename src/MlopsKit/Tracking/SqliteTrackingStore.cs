using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace MlopsKit.Tracking;

/// <summary>
/// MLflow's SQL tracking store on an embedded SQLite file (<c>sqlite:///path/mlflow.db</c>), using MLflow's table and
/// column names. WAL mode, a busy timeout and retries on SQLITE_BUSY let several processes write at once.
/// </summary>
public sealed partial class SqliteTrackingStore : ITrackingStore, IDisposable
{
    private const string Active = "active";
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private readonly SqliteConnection _db;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    private SqliteTrackingStore(string dbPath, string artifactRoot, TimeProvider time)
    {
        _time = time;
        ArtifactRoot = artifactRoot;
        DatabasePath = dbPath;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false, DefaultTimeout = 1 }.ToString());
        try
        {
            _db.Open();
            Exec("PRAGMA busy_timeout=1000;");
            Retry(() => Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
            Retry(CreateSchema);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            _db.Dispose();
            throw new IntegrityException($"'{dbPath}' is not a usable SQLite tracking database ({e.Message.TrimEnd('.')}). Nothing was changed; " +
                "restore it from a backup, or point MLFLOW_TRACKING_URI at another file.");
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            _db.Dispose();
            throw new ConflictException($"'{dbPath}' stayed locked by another process; try again when it has finished.");
        }
    }

    /// <summary>Absolute path of the SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>Folder under which experiments keep artifacts: <c>mlartifacts</c> beside the database by default.</summary>
    public string ArtifactRoot { get; }

    /// <summary>Opens (creating if needed) the store at a path or <c>sqlite:///path</c> URI, with the Default experiment "0".</summary>
    public static SqliteTrackingStore Open(string pathOrUri, string? artifactRoot = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUri);
        var path = pathOrUri.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase) ? pathOrUri["sqlite:///".Length..] : pathOrUri;
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var root = artifactRoot ?? Path.Combine(Path.GetDirectoryName(path)!, "mlartifacts");
        return new SqliteTrackingStore(path, root, time ?? TimeProvider.System);
    }

    /// <summary>Closes the database connection.</summary>
    public void Dispose()
    {
        _db.Dispose();
        _gate.Dispose();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void CreateSchema()
    {
        using var tx = _db.BeginTransaction();
        Exec("""
            CREATE TABLE IF NOT EXISTS experiments(experiment_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,
                artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
            CREATE TABLE IF NOT EXISTS experiment_tags(key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL,
                PRIMARY KEY(key, experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments(experiment_id));
            CREATE TABLE IF NOT EXISTS runs(run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20),
                source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT,
                end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200),
                experiment_id INTEGER, deleted_time BIGINT, FOREIGN KEY(experiment_id) REFERENCES experiments(experiment_id));
            CREATE TABLE IF NOT EXISTS params(key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL,
                PRIMARY KEY(key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs(run_uuid));
            CREATE TABLE IF NOT EXISTS tags(key VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL,
                PRIMARY KEY(key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs(run_uuid));
            CREATE TABLE IF NOT EXISTS metrics(key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL,
                run_uuid VARCHAR(32) NOT NULL, step BIGINT NOT NULL DEFAULT 0, is_nan BOOLEAN NOT NULL DEFAULT 0,
                PRIMARY KEY(key, timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs(run_uuid));
            CREATE INDEX IF NOT EXISTS index_metrics_run_uuid ON metrics(run_uuid);
            CREATE TABLE IF NOT EXISTS latest_metrics(key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT,
                step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,
                PRIMARY KEY(key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs(run_uuid));
            CREATE TABLE IF NOT EXISTS datasets(dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL,
                digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL, dataset_schema TEXT,
                dataset_profile TEXT, PRIMARY KEY(experiment_id, name, digest), FOREIGN KEY(experiment_id) REFERENCES experiments(experiment_id));
            CREATE TABLE IF NOT EXISTS inputs(input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL,
                destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL,
                PRIMARY KEY(source_type, source_id, destination_type, destination_id));
            CREATE TABLE IF NOT EXISTS input_tags(input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(500) NOT NULL,
                PRIMARY KEY(input_uuid, name));
            -- MLflow's own indexes: reading one run's (or a page of runs') data without scanning whole tables.
            CREATE INDEX IF NOT EXISTS index_latest_metrics_run_uuid ON latest_metrics(run_uuid);
            CREATE INDEX IF NOT EXISTS index_params_run_uuid ON params(run_uuid);
            CREATE INDEX IF NOT EXISTS index_tags_run_uuid ON tags(run_uuid);
            CREATE INDEX IF NOT EXISTS index_inputs_destination_type_destination_id_source_type ON inputs(destination_type, destination_id, source_type);
            """, tx);
        Exec(RegistrySchema, tx);
        var now = Now;
        Exec("INSERT OR IGNORE INTO experiments(experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) " +
             "VALUES(0, 'Default', $loc, 'active', $now, $now)", tx, ("$loc", Path.Combine(ArtifactRoot, "0")), ("$now", now));
        tx.Commit();
    }

    /// <inheritdoc/>
    public Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        TrackingValidation.ValidateExperimentName(name);
        if (artifactLocation is not null && artifactLocation.StartsWith("runs:", StringComparison.Ordinal))
            throw new InvalidParameterException($"artifact location '{artifactLocation}' may not start with 'runs:'; pass a folder or URI.");
        return WriteAsync(tx =>
        {
            if (ScalarLong("SELECT COUNT(*) FROM experiments WHERE name=$n", tx, ("$n", name)) > 0)
                throw new ConflictException($"experiment '{name}' already exists (RESOURCE_ALREADY_EXISTS); choose another name or use the existing one.");
            var now = Now;
            long id;
            try
            {
                id = ScalarLong("INSERT INTO experiments(name, artifact_location, lifecycle_stage, creation_time, last_update_time) " +
                    "VALUES($n, '', 'active', $now, $now) RETURNING experiment_id", tx, ("$n", name), ("$now", now));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new ConflictException($"experiment '{name}' already exists (RESOURCE_ALREADY_EXISTS); choose another name or use the existing one.");
            }
            Exec("UPDATE experiments SET artifact_location=$loc WHERE experiment_id=$id", tx,
                ("$loc", artifactLocation ?? Path.Combine(ArtifactRoot, id.ToString(System.Globalization.CultureInfo.InvariantCulture))), ("$id", id));
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
                Exec("INSERT OR REPLACE INTO experiment_tags(key, value, experiment_id) VALUES($k, $v, $id)", tx, ("$k", key), ("$v", value), ("$id", id));
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(() =>
        {
            Experiment? found = null;
            using (var cmd = Command("SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time FROM experiments WHERE name=$n", null, ("$n", name)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                    found = new Experiment(r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2), r.GetString(3),
                        r.GetInt64(4), r.GetInt64(5), new Dictionary<string, string>());
            }
            if (found is null) return null;
            return found with { Tags = Pairs("SELECT key, value FROM experiment_tags WHERE experiment_id=$id", ("$id", long.Parse(found.ExperimentId, System.Globalization.CultureInfo.InvariantCulture))) };
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<Run> CreateRunAsync(string experimentId, string? runName, long startTime, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var t in tags) TrackingValidation.ValidateTag(t);
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var allTags = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var name = runName ?? allTags.GetValueOrDefault("mlflow.runName") ?? "";
        if (name.Length > 0) allTags["mlflow.runName"] = name;
        var user = allTags.GetValueOrDefault("mlflow.user") ?? Environment.UserName;
        await WriteAsync(tx =>
        {
            var expId = ParseExperimentId(experimentId);
            string? location = null, stage = null;
            using (var cmd = Command("SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id=$id", tx, ("$id", expId)))
            using (var r = cmd.ExecuteReader())
                if (r.Read()) (location, stage) = (r.GetString(0), r.GetString(1));
            if (location is null) throw new NotFoundException($"experiment '{experimentId}' does not exist (RESOURCE_DOES_NOT_EXIST); create it first.");
            if (stage != Active) throw new InvalidParameterException($"experiment '{experimentId}' must be in 'active' lifecycle_stage to create runs; restore it first.");
            var artifactUri = $"{location.TrimEnd('/')}/{runId}/artifacts";
            Exec("INSERT INTO runs(run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) " +
                 "VALUES($id, $name, 'UNKNOWN', '', '', $user, 'RUNNING', $start, NULL, '', 'active', $uri, $exp, NULL)", tx,
                 ("$id", runId), ("$name", name), ("$user", user), ("$start", startTime), ("$uri", artifactUri), ("$exp", expId));
            foreach (var (key, value) in allTags)
                Exec("INSERT OR REPLACE INTO tags(key, value, run_uuid) VALUES($k, $v, $r)", tx, ("$k", key), ("$v", value), ("$r", runId));
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(() =>
        {
            var info = ReadRunInfo(runId, null) ?? throw RunNotFound(runId);
            return new Run(info, ReadRunData(runId)) { Inputs = ReadInputs(runId) };
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus status, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default) =>
        WriteAsync(tx =>
        {
            RequireActiveRun(runId, tx);
            Exec("UPDATE runs SET status=$s, end_time=COALESCE($e, end_time), name=COALESCE($n, name) WHERE run_uuid=$id", tx,
                ("$s", status.ToString()), ("$e", endTime), ("$n", runName), ("$id", runId));
            if (runName is not null)
                Exec("INSERT OR REPLACE INTO tags(key, value, run_uuid) VALUES('mlflow.runName', $v, $r)", tx, ("$v", runName), ("$r", runId));
            return ReadRunInfo(runId, tx)!;
        }, cancellationToken);

    private static long ParseExperimentId(string experimentId) =>
        long.TryParse(experimentId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : throw new NotFoundException($"experiment '{experimentId}' does not exist (RESOURCE_DOES_NOT_EXIST); experiment ids are decimal numbers, list them with 'mlops experiments list --view all'.");

    private static NotFoundException RunNotFound(string runId) =>
        new($"run '{runId}' not found (RESOURCE_DOES_NOT_EXIST); list runs with 'mlops runs list --view all'.");

    private void RequireActiveRun(string runId, SqliteTransaction tx)
    {
        using var cmd = Command("SELECT lifecycle_stage FROM runs WHERE run_uuid=$id", tx, ("$id", runId));
        var stage = cmd.ExecuteScalar() as string ?? throw RunNotFound(runId);
        if (stage != Active)
            throw new InvalidParameterException($"run '{runId}' must be in 'active' lifecycle_stage to be written, but it is '{stage}'; restore it first.");
    }
}
