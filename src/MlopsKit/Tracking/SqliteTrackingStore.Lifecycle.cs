using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MlopsKit.Tracking;

/// <summary>Experiment lookup and listing, tags, and the delete/restore lifecycle of experiments and runs.</summary>
public sealed partial class SqliteTrackingStore
{
    private const string Deleted = "deleted";
    private const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    /// <inheritdoc/>
    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var id = ParseExperimentId(experimentId);
        return ReadAsync(() => ReadExperiments($"WHERE experiment_id={id}").FirstOrDefault()
            ?? throw new NotFoundException($"experiment '{experimentId}' does not exist (RESOURCE_DOES_NOT_EXIST); list them with 'mlops experiments list'."), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Experiment>> SearchExperimentsAsync(ViewType viewType = ViewType.ActiveOnly, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Experiment>>(() => ReadExperiments(viewType switch
        {
            ViewType.ActiveOnly => "WHERE lifecycle_stage='active' ORDER BY experiment_id",
            ViewType.DeletedOnly => "WHERE lifecycle_stage='deleted' ORDER BY experiment_id",
            _ => "ORDER BY experiment_id",
        }), cancellationToken);

    /// <summary>Marks an experiment and its runs deleted; they stay in the database until purged, so restore brings them back.</summary>
    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        SetExperimentStage(experimentId, Deleted, cancellationToken);

    /// <summary>Brings a deleted experiment and its runs back.</summary>
    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        SetExperimentStage(experimentId, Active, cancellationToken);

    /// <summary>Marks a run deleted (restorable).</summary>
    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default) => SetRunStage(runId, Deleted, cancellationToken);

    /// <summary>Brings a deleted run back.</summary>
    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default) => SetRunStage(runId, Active, cancellationToken);

    /// <summary>Removes a run tag; a missing tag is an error, as in MLflow.</summary>
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        WriteAsync(tx =>
        {
            RequireActiveRun(runId, tx);
            using var cmd = Command("DELETE FROM tags WHERE run_uuid=$r AND key=$k", tx, ("$r", runId), ("$k", key));
            if (cmd.ExecuteNonQuery() == 0)
                throw new NotFoundException($"no tag '{key}' on run '{runId}' (RESOURCE_DOES_NOT_EXIST).");
            return 0;
        }, cancellationToken);

    /// <summary>Sets (or overwrites) an experiment tag.</summary>
    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingValidation.ValidateKey("tag", key);
        if (value.Length > TrackingValidation.MaxExperimentTagValueLength)
            throw new InvalidParameterException($"experiment tag '{key}' has {value.Length} characters; the limit is {TrackingValidation.MaxExperimentTagValueLength}.");
        var id = ParseExperimentId(experimentId);
        return WriteAsync(tx =>
        {
            RequireActiveExperiment(experimentId, id, tx);
            Exec("INSERT OR REPLACE INTO experiment_tags(key, value, experiment_id) VALUES($k, $v, $id)", tx, ("$k", key), ("$v", value), ("$id", id));
            return 0;
        }, cancellationToken);
    }

    private Task<int> SetExperimentStage(string experimentId, string stage, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        if (id == 0 && stage == Deleted)
            throw new InvalidParameterException("the Default experiment '0' cannot be deleted; delete its runs instead.");
        return WriteAsync(tx =>
        {
            var current = CurrentStage($"SELECT lifecycle_stage FROM experiments WHERE experiment_id={id}", tx)
                ?? throw new NotFoundException($"experiment '{experimentId}' does not exist (RESOURCE_DOES_NOT_EXIST); list them with 'mlops experiments list --view all'.");
            if (current == stage)
                throw new InvalidParameterException($"experiment '{experimentId}' is already {stage}; nothing was changed.");
            var now = Now;
            Exec("UPDATE experiments SET lifecycle_stage=$s, last_update_time=$now WHERE experiment_id=$id", tx, ("$s", stage), ("$now", now), ("$id", id));
            Exec("UPDATE runs SET lifecycle_stage=$s, deleted_time=$t WHERE experiment_id=$id", tx,
                ("$s", stage), ("$t", stage == Deleted ? now : null), ("$id", id));
            return 0;
        }, cancellationToken);
    }

    private Task<int> SetRunStage(string runId, string stage, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            var current = CurrentStage("SELECT lifecycle_stage FROM runs WHERE run_uuid=$id", tx, ("$id", runId)) ?? throw RunNotFound(runId);
            if (current == stage) throw new InvalidParameterException($"run '{runId}' is already {stage}; nothing was changed.");
            if (stage == Active)
            {
                var expStage = CurrentStage("SELECT e.lifecycle_stage FROM experiments e JOIN runs r ON r.experiment_id=e.experiment_id WHERE r.run_uuid=$id", tx, ("$id", runId));
                if (expStage != Active) throw new InvalidParameterException($"run '{runId}' belongs to a deleted experiment; restore the experiment first.");
            }
            Exec("UPDATE runs SET lifecycle_stage=$s, deleted_time=$t WHERE run_uuid=$id", tx,
                ("$s", stage), ("$t", stage == Deleted ? Now : null), ("$id", runId));
            return 0;
        }, cancellationToken);

    private string? CurrentStage(string sql, SqliteTransaction tx, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return cmd.ExecuteScalar() as string;
    }

    private void RequireActiveExperiment(string experimentId, long id, SqliteTransaction tx)
    {
        var stage = CurrentStage($"SELECT lifecycle_stage FROM experiments WHERE experiment_id={id}", tx)
            ?? throw new NotFoundException($"experiment '{experimentId}' does not exist (RESOURCE_DOES_NOT_EXIST).");
        if (stage != Active) throw new InvalidParameterException($"experiment '{experimentId}' is deleted; restore it first.");
    }

    private List<Experiment> ReadExperiments(string where)
    {
        var found = new List<Experiment>();
        using (var cmd = Command($"SELECT {ExperimentColumns} FROM experiments {where}", null))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                found.Add(new Experiment(r.GetInt64(0).ToString(CultureInfo.InvariantCulture), r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2),
                    r.IsDBNull(3) ? Active : r.GetString(3), r.IsDBNull(4) ? 0 : r.GetInt64(4), r.IsDBNull(5) ? 0 : r.GetInt64(5), new Dictionary<string, string>()));
        }
        return found.Select(e => e with
        {
            Tags = Pairs("SELECT key, value FROM experiment_tags WHERE experiment_id=$id", ("$id", long.Parse(e.ExperimentId, CultureInfo.InvariantCulture))),
        }).ToList();
    }
}
