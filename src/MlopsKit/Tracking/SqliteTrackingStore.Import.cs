using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MlopsKit.Tracking;

/// <summary>Writes experiments and runs read from an MLflow file store with their original ids, times and states (see <see cref="MlrunsImporter"/>).</summary>
public sealed partial class SqliteTrackingStore
{
    /// <summary>
    /// Finds the experiment by name, or creates it: with the file store's id when it is numeric and free, else the next
    /// id. Tags missing from the store are added; existing ones are kept. A created experiment keeps its lifecycle stage.
    /// </summary>
    internal Task<ImportTarget> ImportExperimentAsync(MlrunsExperiment experiment, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            long id;
            string location, stage;
            bool existing;
            using (var cmd = Command("SELECT experiment_id, artifact_location, lifecycle_stage FROM experiments WHERE name=$n", tx, ("$n", experiment.Name)))
            using (var r = cmd.ExecuteReader())
            {
                existing = r.Read();
                (id, location, stage) = existing ? (r.GetInt64(0), r.IsDBNull(1) ? "" : r.GetString(1), r.IsDBNull(2) ? Active : r.GetString(2)) : (0, "", "");
            }
            if (!existing)
            {
                var now = Now;
                var wanted = long.TryParse(experiment.SourceId, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && ScalarLong("SELECT COUNT(*) FROM experiments WHERE experiment_id=$id", tx, ("$id", n)) == 0 ? (long?)n : null;
                id = ScalarLong("INSERT INTO experiments(experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) " +
                    "VALUES($id, $n, '', $s, $c, $u) RETURNING experiment_id", tx, ("$id", wanted), ("$n", experiment.Name), ("$s", experiment.LifecycleStage),
                    ("$c", experiment.CreationTime ?? now), ("$u", experiment.LastUpdateTime ?? experiment.CreationTime ?? now));
                location = Path.Combine(ArtifactRoot, id.ToString(CultureInfo.InvariantCulture));
                stage = experiment.LifecycleStage;
                Exec("UPDATE experiments SET artifact_location=$loc WHERE experiment_id=$id", tx, ("$loc", location), ("$id", id));
            }
            var tagsWritten = 0;
            foreach (var (key, value) in experiment.Tags)
            {
                using var cmd = Command("INSERT OR IGNORE INTO experiment_tags(key, value, experiment_id) VALUES($k, $v, $id)", tx, ("$k", key), ("$v", value), ("$id", id));
                tagsWritten += cmd.ExecuteNonQuery();
            }
            return new ImportTarget(id.ToString(CultureInfo.InvariantCulture), location, stage, existing, tagsWritten);
        }, cancellationToken);

    /// <summary>Whether a run id is already in the store (in any experiment and lifecycle stage).</summary>
    internal Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync(() => ScalarLong("SELECT COUNT(*) FROM runs WHERE run_uuid=$id", null, ("$id", runId)) > 0, cancellationToken);

    /// <summary>
    /// Writes one run, its params, tags, every metric point, latest_metrics and dataset inputs in one transaction.
    /// Returns null, writing nothing, when the run id is already in the store. A run of a deleted experiment is stored deleted.
    /// </summary>
    internal Task<ImportedRunCounts?> ImportRunAsync(MlrunsRun run, ImportTarget target, string artifactUri, CancellationToken cancellationToken) =>
        WriteAsync<ImportedRunCounts?>(tx =>
        {
            if (ScalarLong("SELECT COUNT(*) FROM runs WHERE run_uuid=$id", tx, ("$id", run.RunId)) > 0) return null;
            var expId = long.Parse(target.ExperimentId, CultureInfo.InvariantCulture);
            var deleted = run.LifecycleStage == Deleted || target.LifecycleStage == Deleted;
            Exec("INSERT INTO runs(run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, " +
                 "lifecycle_stage, artifact_uri, experiment_id, deleted_time) " +
                 "VALUES($id, $name, $st, '', '', $user, $status, $start, $end, '', $stage, $uri, $exp, $dt)", tx,
                 ("$id", run.RunId), ("$name", run.Name), ("$st", run.SourceType), ("$user", run.UserId), ("$status", run.Status.ToString()),
                 ("$start", run.StartTime), ("$end", run.EndTime), ("$stage", deleted ? Deleted : Active), ("$uri", artifactUri), ("$exp", expId),
                 ("$dt", deleted ? run.DeletedTime ?? Now : null));
            foreach (var (key, value) in run.Params)
                Exec("INSERT INTO params(key, value, run_uuid) VALUES($k, $v, $r)", tx, ("$k", key), ("$v", value), ("$r", run.RunId));
            foreach (var (key, value) in run.Tags)
                Exec("INSERT INTO tags(key, value, run_uuid) VALUES($k, $v, $r)", tx, ("$k", key), ("$v", value), ("$r", run.RunId));
            var points = 0;
            var latest = new Dictionary<string, (long Step, long Timestamp, double Value, bool IsNan)>(StringComparer.Ordinal);
            using (var insert = Command("INSERT OR IGNORE INTO metrics(key, value, timestamp, run_uuid, step, is_nan) VALUES($k, $v, $t, $r, $s, $n)", tx,
                ("$k", ""), ("$v", 0.0), ("$t", 0L), ("$r", run.RunId), ("$s", 0L), ("$n", 0)))
            {
                foreach (var m in run.Metrics)
                {
                    var (value, isNan) = Stored(m.Value);
                    insert.Parameters["$k"].Value = m.Key;
                    insert.Parameters["$v"].Value = value;
                    insert.Parameters["$t"].Value = m.Timestamp;
                    insert.Parameters["$s"].Value = m.Step;
                    insert.Parameters["$n"].Value = isNan ? 1 : 0;
                    points += insert.ExecuteNonQuery();
                    // The same rule as LogBatchAsync: the greatest (step, timestamp, stored value) wins, the first of equals stays.
                    if (!latest.TryGetValue(m.Key, out var l) || (m.Step, m.Timestamp, value).CompareTo((l.Step, l.Timestamp, l.Value)) > 0)
                        latest[m.Key] = (m.Step, m.Timestamp, value, isNan);
                }
            }
            foreach (var (key, l) in latest)
                Exec("INSERT INTO latest_metrics(key, value, timestamp, step, is_nan, run_uuid) VALUES($k, $v, $t, $s, $n, $r)", tx,
                    ("$k", key), ("$v", l.Value), ("$t", l.Timestamp), ("$s", l.Step), ("$n", l.IsNan ? 1 : 0), ("$r", run.RunId));
            var datasets = 0;
            foreach (var input in run.Inputs)
            {
                var d = input.Dataset;
                var datasetId = FindDataset(tx, expId, d);
                if (datasetId is null)
                {
                    datasetId = Guid.NewGuid().ToString("N");
                    Exec("INSERT INTO datasets(dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) " +
                         "VALUES($id, $e, $n, $d, $st, $s, $schema, $profile)", tx,
                         ("$id", datasetId), ("$e", expId), ("$n", d.Name), ("$d", d.Digest), ("$st", d.SourceType), ("$s", d.Source),
                         ("$schema", d.Schema), ("$profile", d.Profile));
                    datasets++;
                }
                var inputId = Guid.NewGuid().ToString("N");
                Exec("INSERT OR IGNORE INTO inputs(input_uuid, source_type, source_id, destination_type, destination_id) VALUES($i, 'DATASET', $s, 'RUN', $r)",
                    tx, ("$i", inputId), ("$s", datasetId), ("$r", run.RunId));
                foreach (var (name, value) in input.Tags)
                    Exec("INSERT OR REPLACE INTO input_tags(input_uuid, name, value) VALUES($i, $n, $v)", tx, ("$i", inputId), ("$n", name), ("$v", value));
            }
            return new ImportedRunCounts(run.Params.Count, run.Tags.Count, points, datasets);
        }, cancellationToken);
}
