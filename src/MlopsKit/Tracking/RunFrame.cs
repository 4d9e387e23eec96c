using Microsoft.Data.Analysis;

namespace MlopsKit.Tracking;

/// <summary>Runs as a <see cref="DataFrame"/>, shaped like <c>mlflow.search_runs</c>' pandas frame.</summary>
public static class RunFrame
{
    /// <summary>
    /// One row per run: <c>run_id, experiment_id, status, artifact_uri, start_time, end_time</c> (UTC), then <c>metrics.*</c> (double,
    /// null when missing), <c>params.*</c> and <c>tags.*</c> (string), each group sorted by key.
    /// </summary>
    public static DataFrame ToDataFrame(this IEnumerable<Run> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs as IReadOnlyList<Run> ?? runs.ToList();
        var n = list.Count;
        var metricKeys = new SortedSet<string>(list.SelectMany(r => r.Data.Metrics.Keys), StringComparer.Ordinal);
        var paramKeys = new SortedSet<string>(list.SelectMany(r => r.Data.Params.Keys), StringComparer.Ordinal);
        var tagKeys = new SortedSet<string>(list.SelectMany(r => r.Data.Tags.Keys), StringComparer.Ordinal);

        var columns = new List<DataFrameColumn>
        {
            Strings("run_id", list, r => r.Info.RunId),
            Strings("experiment_id", list, r => r.Info.ExperimentId),
            Strings("status", list, r => r.Info.Status.ToString()),
            Strings("artifact_uri", list, r => r.Info.ArtifactUri),
            Times("start_time", list, r => r.Info.StartTime),
            Times("end_time", list, r => r.Info.EndTime),
        };
        foreach (var key in metricKeys)
        {
            var values = new double?[n];
            for (var i = 0; i < n; i++)
                if (list[i].Data.Metrics.TryGetValue(key, out var m)) values[i] = m.Value;
            columns.Add(new PrimitiveDataFrameColumn<double>("metrics." + key, values));
        }
        foreach (var key in paramKeys) columns.Add(Strings("params." + key, list, r => r.Data.Params.GetValueOrDefault(key)));
        foreach (var key in tagKeys) columns.Add(Strings("tags." + key, list, r => r.Data.Tags.GetValueOrDefault(key)));
        return new DataFrame(columns);
    }

    private static StringDataFrameColumn Strings(string name, IReadOnlyList<Run> runs, Func<Run, string?> pick) =>
        new(name, runs.Select(pick));

    private static PrimitiveDataFrameColumn<DateTime> Times(string name, IReadOnlyList<Run> runs, Func<Run, long?> pick) =>
        new(name, runs.Select(r => pick(r) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : (DateTime?)null));
}
