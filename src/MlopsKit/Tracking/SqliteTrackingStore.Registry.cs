using System.Globalization;
using Microsoft.Data.Sqlite;
using MlopsKit.Models;

namespace MlopsKit.Tracking;

/// <summary>The model registry: MLflow's registered_models, model_versions, tags and aliases tables.</summary>
public sealed partial class SqliteTrackingStore
{
    private static readonly string[] s_versionTables = ["registered_model_aliases", "model_version_tags", "model_versions"];
    private static readonly string[] s_modelTables = [.. s_versionTables, "registered_model_tags", "registered_models"];

    private const string VersionColumns =
        "name, version, creation_time, last_updated_time, user_id, current_stage, description, source, run_id, status, status_message, run_link";

    /// <summary>Creates a registered model; <see cref="ConflictException"/> when the name is taken.</summary>
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        RegistryValidation.ValidateModelName(name);
        return WriteAsync(tx =>
        {
            if (ModelExists(name, tx))
                throw new ConflictException($"registered model '{name}' already exists (RESOURCE_ALREADY_EXISTS); add a version to it or choose another name.");
            InsertModel(name, description, tx);
            return ReadModel(name, tx);
        }, cancellationToken);
    }

    /// <summary>The registered model with its latest version per stage, tags and aliases.</summary>
    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(() => ReadModel(name, null), cancellationToken);

    /// <summary>Every registered model, by name.</summary>
    public Task<IReadOnlyList<RegisteredModel>> SearchRegisteredModelsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<RegisteredModel>>(() =>
        {
            var names = new List<string>();
            using (var cmd = Command("SELECT name FROM registered_models ORDER BY name", null))
            using (var r = cmd.ExecuteReader())
                while (r.Read()) names.Add(r.GetString(0));
            return names.Select(n => ReadModel(n, null)).ToList();
        }, cancellationToken);

    /// <summary>
    /// Registers <paramref name="source"/> (<c>runs:/&lt;run_id&gt;/&lt;path&gt;</c> of an existing run artifact, or a local folder holding an
    /// MLmodel file) as the next version of <paramref name="name"/>, creating the registered model when missing as <c>mlflow.register_model</c> does.
    /// </summary>
    public Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null, CancellationToken cancellationToken = default)
    {
        RegistryValidation.ValidateModelName(name);
        ArgumentNullException.ThrowIfNull(source);
        return WriteAsync(tx =>
        {
            var (stored, sourceRunId, location) = CheckSource(source, tx);
            if (runId is not null && sourceRunId is not null && runId != sourceRunId)
                throw new InvalidParameterException($"run id '{runId}' does not match the run in source '{source}'; leave the run id out or make them agree.");
            runId ??= sourceRunId;
            if (runId is not null && ReadRunInfo(runId, tx) is null) throw RunNotFound(runId);
            if (!ModelExists(name, tx)) InsertModel(name, null, tx);
            var version = ScalarLong("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name=$n", tx, ("$n", name));
            var now = Now;
            Exec("INSERT INTO model_versions(name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, " +
                 "status, status_message, run_link, storage_location) VALUES($n, $v, $now, $now, '', $user, 'None', $src, $run, 'READY', '', '', $loc)", tx,
                 ("$n", name), ("$v", version), ("$now", now), ("$user", Environment.UserName), ("$src", stored), ("$run", runId ?? ""), ("$loc", location));
            TouchModel(name, now, tx);
            return ReadVersion(name, version, tx);
        }, cancellationToken);
    }

    /// <summary>One version of a registered model.</summary>
    public Task<ModelVersion> GetModelVersionAsync(string name, long version, CancellationToken cancellationToken = default) =>
        ReadAsync(() => ReadVersion(name, version, null), cancellationToken);

    /// <summary>
    /// The highest version in each of <paramref name="stages"/> (every stage when null) that has one, ordered by version: MLflow's
    /// <c>get-latest-versions</c>.
    /// </summary>
    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages = null, CancellationToken cancellationToken = default)
    {
        var wanted = stages?.Select(RegistryValidation.CanonicalStage).ToHashSet(StringComparer.Ordinal);
        return ReadAsync<IReadOnlyList<ModelVersion>>(() =>
        {
            RequireModel(name, null);
            return LatestVersions(name, wanted, null);
        }, cancellationToken);
    }

    /// <summary>
    /// Moves a version to a stage (None, Staging, Production or Archived, any case); with <paramref name="archiveExisting"/>, the other
    /// versions in that stage (which must be Staging or Production) move to Archived.
    /// </summary>
    public Task<ModelVersion> TransitionModelVersionStageAsync(string name, long version, string stage, bool archiveExisting = false, CancellationToken cancellationToken = default)
    {
        var canonical = RegistryValidation.CanonicalStage(stage);
        if (archiveExisting && canonical is not ("Staging" or "Production"))
            throw new InvalidParameterException($"cannot archive existing versions when moving to '{canonical}': only Staging and Production are active stages.");
        return WriteAsync(tx =>
        {
            RequireVersion(name, version, tx);
            var now = Now;
            if (archiveExisting)
                Exec("UPDATE model_versions SET current_stage='Archived', last_updated_time=$now WHERE name=$n AND current_stage=$s AND version<>$v", tx,
                    ("$now", now), ("$n", name), ("$s", canonical), ("$v", version));
            Exec("UPDATE model_versions SET current_stage=$s, last_updated_time=$now WHERE name=$n AND version=$v", tx,
                ("$s", canonical), ("$now", now), ("$n", name), ("$v", version));
            TouchModel(name, now, tx);
            return ReadVersion(name, version, tx);
        }, cancellationToken);
    }

    /// <summary>Points <paramref name="alias"/> at a version (re-pointing it if it exists).</summary>
    public Task SetRegisteredModelAliasAsync(string name, string alias, long version, CancellationToken cancellationToken = default)
    {
        RegistryValidation.ValidateAlias(alias);
        return WriteAsync(tx =>
        {
            RequireVersion(name, version, tx);
            Exec("INSERT OR REPLACE INTO registered_model_aliases(alias, version, name) VALUES($a, $v, $n)", tx, ("$a", alias), ("$v", version), ("$n", name));
            TouchModel(name, Now, tx);
            return 0;
        }, cancellationToken);
    }

    /// <summary>Removes an alias; like MLflow, removing an alias that is not set does nothing (the model must exist).</summary>
    public Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryValidation.ValidateAlias(alias);
        return WriteAsync(tx =>
        {
            RequireModel(name, tx);
            Exec("DELETE FROM registered_model_aliases WHERE name=$n AND alias=$a", tx, ("$n", name), ("$a", alias));
            return 0;
        }, cancellationToken);
    }

    /// <summary>The version an alias points at; <see cref="NotFoundException"/> when the model or alias does not exist.</summary>
    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryValidation.ValidateAlias(alias);
        return ReadAsync(() =>
        {
            RequireModel(name, null);
            using var cmd = Command("SELECT version FROM registered_model_aliases WHERE name=$n AND alias=$a", null, ("$n", name), ("$a", alias));
            var version = cmd.ExecuteScalar() ?? throw new NotFoundException(
                $"registered model '{name}' has no alias '{alias}' (RESOURCE_DOES_NOT_EXIST); set it with 'mlops models alias --name {name} --alias {alias} --version <n>'.");
            return ReadVersion(name, Convert.ToInt64(version, CultureInfo.InvariantCulture), null);
        }, cancellationToken);
    }

    /// <summary>Deletes a version with its tags and the aliases that point at it.</summary>
    public Task DeleteModelVersionAsync(string name, long version, CancellationToken cancellationToken = default) =>
        WriteAsync(tx =>
        {
            RequireVersion(name, version, tx);
            foreach (var table in s_versionTables)
                Exec($"DELETE FROM {table} WHERE name=$n AND version=$v", tx, ("$n", name), ("$v", version));
            TouchModel(name, Now, tx);
            return 0;
        }, cancellationToken);

    /// <summary>Deletes a registered model with all its versions, tags and aliases (the logged models themselves stay).</summary>
    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync(tx =>
        {
            RequireModel(name, tx);
            foreach (var table in s_modelTables)
                Exec($"DELETE FROM {table} WHERE name=$n", tx, ("$n", name));
            return 0;
        }, cancellationToken);

    private const string RegistrySchema = """
        CREATE TABLE IF NOT EXISTS registered_models(name VARCHAR(256) NOT NULL PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT,
            description VARCHAR(5000));
        CREATE TABLE IF NOT EXISTS model_versions(name VARCHAR(256) NOT NULL, version INTEGER NOT NULL, creation_time BIGINT, last_updated_time BIGINT,
            description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20),
            status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500),
            PRIMARY KEY(name, version), FOREIGN KEY(name) REFERENCES registered_models(name) ON UPDATE CASCADE);
        CREATE TABLE IF NOT EXISTS registered_model_tags(key VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL,
            PRIMARY KEY(key, name), FOREIGN KEY(name) REFERENCES registered_models(name) ON UPDATE CASCADE);
        CREATE TABLE IF NOT EXISTS model_version_tags(key VARCHAR(250) NOT NULL, value VARCHAR(5000), name VARCHAR(256) NOT NULL, version INTEGER NOT NULL,
            PRIMARY KEY(key, name, version), FOREIGN KEY(name, version) REFERENCES model_versions(name, version) ON UPDATE CASCADE);
        CREATE TABLE IF NOT EXISTS registered_model_aliases(alias VARCHAR(256) NOT NULL, version INTEGER NOT NULL, name VARCHAR(256) NOT NULL,
            PRIMARY KEY(name, alias), FOREIGN KEY(name) REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE);
        """;

    /// <summary>Checks a version source and returns what to store: the source, the run it names and where the files are.</summary>
    private (string Source, string? RunId, string Location) CheckSource(string source, SqliteTransaction tx)
    {
        const string Expected = "use runs:/<run_id>/<artifact path> of a logged model, or a local folder that holds an MLmodel file";
        if (source.Length == 0) throw new InvalidParameterException($"the model version source is empty; {Expected}.");
        if (source.Replace('\\', '/').Split('/').Contains(".."))
            throw new InvalidParameterException($"model version source '{source}' contains '..'; {Expected}, without '..'.");
        ModelUri uri;
        try
        {
            uri = ModelUri.Parse(source);
        }
        catch (ConfigException e)
        {
            throw new InvalidParameterException($"model version source '{source}' is not valid ({e.Message.Split(':')[^1].Trim().TrimEnd('.')}); {Expected}.");
        }
        switch (uri.Kind)
        {
            case ModelUriKind.Run:
                var info = ReadRunInfo(uri.RunId!, tx) ?? throw RunNotFound(uri.RunId!);
                if (uri.ArtifactPath!.Length == 0)
                    throw new InvalidParameterException($"model version source '{source}' names the whole run; add the model's artifact path, e.g. runs:/{uri.RunId}/model.");
                var path = TrackingClient.ResolveInside(TrackingClient.ArtifactDirectory(info), uri.ArtifactPath);
                if (!Directory.Exists(path) && !File.Exists(path))
                    throw new NotFoundException($"run '{uri.RunId}' has no artifact '{uri.ArtifactPath}'; list its artifacts with 'mlops runs show {uri.RunId}'.");
                return ($"runs:/{uri.RunId}/{uri.ArtifactPath}", uri.RunId, path);
            case ModelUriKind.Local:
                var dir = Path.TrimEndingDirectorySeparator(uri.LocalPath!);
                if (!Directory.Exists(dir)) throw new NotFoundException($"model version source '{source}' does not exist; {Expected}.");
                if (!File.Exists(Path.Combine(dir, "MLmodel")))
                    throw new InvalidParameterException($"model version source '{source}' is a folder without an MLmodel file, so it is not a model; {Expected}.");
                return (dir, null, dir);
            default:
                throw new InvalidParameterException($"model version source '{source}' is a registry URI; {Expected}.");
        }
    }

    private Dictionary<string, string> PairsIn(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) result[r.GetString(0)] = r.IsDBNull(1) ? "" : r.GetString(1);
        return result;
    }

    private bool ModelExists(string name, SqliteTransaction? tx) =>
        ScalarLong("SELECT COUNT(*) FROM registered_models WHERE name=$n", tx, ("$n", name)) > 0;

    private void RequireModel(string name, SqliteTransaction? tx)
    {
        if (!ModelExists(name, tx)) throw ModelNotFound(name);
    }

    private void RequireVersion(string name, long version, SqliteTransaction? tx)
    {
        RegistryValidation.ValidateVersion(version);
        RequireModel(name, tx);
        if (ScalarLong("SELECT COUNT(*) FROM model_versions WHERE name=$n AND version=$v", tx, ("$n", name), ("$v", version)) == 0)
            throw VersionNotFound(name, version);
    }

    private static NotFoundException ModelNotFound(string name) =>
        new($"registered model '{name}' not found (RESOURCE_DOES_NOT_EXIST); list models with 'mlops models list'.");

    private static NotFoundException VersionNotFound(string name, long version) =>
        new($"registered model '{name}' has no version {version} (RESOURCE_DOES_NOT_EXIST); list models with 'mlops models list'.");

    private void InsertModel(string name, string? description, SqliteTransaction tx)
    {
        var now = Now;
        Exec("INSERT INTO registered_models(name, creation_time, last_updated_time, description) VALUES($n, $now, $now, $d)", tx,
            ("$n", name), ("$now", now), ("$d", description ?? ""));
    }

    private void TouchModel(string name, long now, SqliteTransaction tx) =>
        Exec("UPDATE registered_models SET last_updated_time=$now WHERE name=$n", tx, ("$now", now), ("$n", name));

    private RegisteredModel ReadModel(string name, SqliteTransaction? tx)
    {
        long created, updated;
        string description;
        using (var cmd = Command("SELECT creation_time, last_updated_time, description FROM registered_models WHERE name=$n", tx, ("$n", name)))
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) throw ModelNotFound(name);
            (created, updated, description) = (r.IsDBNull(0) ? 0 : r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.IsDBNull(2) ? "" : r.GetString(2));
        }
        var aliases = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT alias, version FROM registered_model_aliases WHERE name=$n ORDER BY alias", tx, ("$n", name)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) aliases[r.GetString(0)] = r.GetInt64(1);
        return new RegisteredModel(name, created, updated, description, LatestVersions(name, null, tx),
            PairsIn("SELECT key, value FROM registered_model_tags WHERE name=$n", tx, ("$n", name)), aliases);
    }

    private List<ModelVersion> LatestVersions(string name, HashSet<string>? stages, SqliteTransaction? tx)
    {
        var versions = new List<long>();
        using (var cmd = Command("SELECT current_stage, MAX(version) FROM model_versions WHERE name=$n GROUP BY current_stage", tx, ("$n", name)))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                if (stages is null || stages.Contains(r.IsDBNull(0) ? "None" : r.GetString(0))) versions.Add(r.GetInt64(1));
        return versions.Order().Select(v => ReadVersion(name, v, tx)).ToList();
    }

    private ModelVersion ReadVersion(string name, long version, SqliteTransaction? tx)
    {
        RegistryValidation.ValidateVersion(version);
        ModelVersion found;
        using (var cmd = Command($"SELECT {VersionColumns} FROM model_versions WHERE name=$n AND version=$v", tx, ("$n", name), ("$v", version)))
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read())
            {
                if (!ModelExists(name, tx)) throw ModelNotFound(name);
                throw VersionNotFound(name, version);
            }
            string Text(int i) => r.IsDBNull(i) ? "" : r.GetString(i);
            found = new ModelVersion(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2), r.IsDBNull(3) ? 0 : r.GetInt64(3), Text(4),
                r.IsDBNull(5) ? "None" : r.GetString(5), Text(6), Text(7), Text(8), Text(9), Text(10), Text(11), new Dictionary<string, string>(), []);
        }
        var aliases = new List<string>();
        using (var cmd = Command("SELECT alias FROM registered_model_aliases WHERE name=$n AND version=$v ORDER BY alias", tx, ("$n", name), ("$v", version)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) aliases.Add(r.GetString(0));
        return found with
        {
            Tags = PairsIn("SELECT key, value FROM model_version_tags WHERE name=$n AND version=$v", tx, ("$n", name), ("$v", version)),
            Aliases = aliases,
        };
    }
}
