using Microsoft.Data.Sqlite;

namespace MlopsKit.Tracking;

/// <summary>Dataset inputs of runs, in MLflow's datasets / inputs / input_tags tables.</summary>
public sealed partial class SqliteTrackingStore
{
    /// <summary>Records datasets as inputs of a run; a dataset is stored once per experiment by (name, digest).</summary>
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs) ValidateInput(input);
        return WriteAsync(tx =>
        {
            RequireActiveRun(runId, tx);
            using var expCmd = Command("SELECT experiment_id FROM runs WHERE run_uuid=$r", tx, ("$r", runId));
            var experimentId = (long)expCmd.ExecuteScalar()!;
            foreach (var input in inputs)
            {
                var d = input.Dataset;
                var datasetId = FindDataset(tx, experimentId, d);
                if (datasetId is null)
                {
                    datasetId = Guid.NewGuid().ToString("N");
                    Exec("INSERT INTO datasets(dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) " +
                         "VALUES($id, $e, $n, $d, $st, $s, $schema, $profile)", tx,
                         ("$id", datasetId), ("$e", experimentId), ("$n", d.Name), ("$d", d.Digest), ("$st", d.SourceType), ("$s", d.Source),
                         ("$schema", d.Schema), ("$profile", d.Profile));
                }
                using var existing = Command("SELECT input_uuid FROM inputs WHERE source_type='DATASET' AND source_id=$s AND destination_type='RUN' AND destination_id=$r",
                    tx, ("$s", datasetId), ("$r", runId));
                var inputId = existing.ExecuteScalar() as string;
                if (inputId is null)
                {
                    inputId = Guid.NewGuid().ToString("N");
                    Exec("INSERT INTO inputs(input_uuid, source_type, source_id, destination_type, destination_id) VALUES($i, 'DATASET', $s, 'RUN', $r)",
                        tx, ("$i", inputId), ("$s", datasetId), ("$r", runId));
                }
                foreach (var (name, value) in input.Tags)
                    Exec("INSERT OR REPLACE INTO input_tags(input_uuid, name, value) VALUES($i, $n, $v)", tx, ("$i", inputId), ("$n", name), ("$v", value));
            }
            return 0;
        }, cancellationToken);
    }

    private string? FindDataset(SqliteTransaction tx, long experimentId, TrackedDataset d)
    {
        using var cmd = Command("SELECT dataset_uuid FROM datasets WHERE experiment_id=$e AND name=$n AND digest=$d", tx, ("$e", experimentId), ("$n", d.Name), ("$d", d.Digest));
        return cmd.ExecuteScalar() as string;
    }

    private static void ValidateInput(DatasetInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = input.Dataset;
        if (string.IsNullOrEmpty(d.Name) || d.Name.Length > 500)
            throw new InvalidParameterException($"dataset name '{d.Name}' must have 1 to 500 characters.");
        if (string.IsNullOrEmpty(d.Digest) || d.Digest.Length > 36)
            throw new InvalidParameterException($"dataset digest '{d.Digest}' must have 1 to 36 characters (an md5 hex digest has 32).");
        if (string.IsNullOrEmpty(d.SourceType) || d.SourceType.Length > 36)
            throw new InvalidParameterException($"dataset source type '{d.SourceType}' must have 1 to 36 characters.");
        foreach (var (name, value) in input.Tags)
        {
            if (name.Length is 0 or > 255) throw new InvalidParameterException($"input tag name '{name}' must have 1 to 255 characters.");
            if (value.Length > 500) throw new InvalidParameterException($"input tag '{name}' has {value.Length} characters; the limit is 500.");
        }
    }

    /// <summary>Which of these runs have dataset inputs: one query per chunk of ids, so a page of runs without inputs costs no query per run.</summary>
    private HashSet<string> RunsWithInputs(IReadOnlyList<string> runIds)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in runIds.Chunk(500))
        {
            var names = string.Join(",", chunk.Select((_, i) => "$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var cmd = Command($"SELECT DISTINCT destination_id FROM inputs WHERE destination_type='RUN' AND destination_id IN ({names})", null,
                chunk.Select((id, i) => ("$r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)id)).ToArray());
            using var r = cmd.ExecuteReader();
            while (r.Read()) found.Add(r.GetString(0));
        }
        return found;
    }

    private List<DatasetInput> ReadInputs(string runId)
    {
        var found = new List<(string InputId, TrackedDataset Dataset)>();
        using (var cmd = Command("SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile " +
            "FROM inputs i JOIN datasets d ON d.dataset_uuid=i.source_id WHERE i.destination_type='RUN' AND i.destination_id=$r AND i.source_type='DATASET' " +
            "ORDER BY d.name, d.digest", null, ("$r", runId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                found.Add((r.GetString(0), new TrackedDataset(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))));
        }
        return found.Select(f => new DatasetInput(f.Dataset, Pairs("SELECT name, value FROM input_tags WHERE input_uuid=$i", ("$i", f.InputId)))).ToList();
    }
}
