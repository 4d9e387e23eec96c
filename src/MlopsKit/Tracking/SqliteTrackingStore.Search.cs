using System.Globalization;
using System.Text.Json;

namespace MlopsKit.Tracking;

/// <summary>Run search: filter and order in memory over the experiments' active runs, then one page by offset.</summary>
public sealed partial class SqliteTrackingStore
{
    /// <inheritdoc/>
    public async Task<(IReadOnlyList<Run> Runs, string? NextPageToken)> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (search.MaxResults is < 1 or > RunSearch.MaxResultsLimit)
            throw new InvalidParameterException($"RunSearch.MaxResults is {search.MaxResults}; it must be between 1 and {RunSearch.MaxResultsLimit}.");
        var clauses = SearchFilter.Parse(search.Filter);
        var order = search.OrderBy.Select(ParseOrderBy).ToList();
        var offset = ReadPageToken(search.PageToken);
        var experimentIds = search.ExperimentIds.Select(ParseExperimentId).ToList();
        var stages = search.ViewType switch
        {
            ViewType.ActiveOnly => "('active')",
            ViewType.DeletedOnly => "('deleted')",
            _ => "('active','deleted')",
        };
        // Only the keys the filter and order_by name are read for every run; whole runs are read for the page alone.
        var needed = clauses.Select(c => (c.Entity, c.Key)).Concat(order.Select(o => (o.Entity, o.Key))).Distinct().ToList();
        var page = await ReadAsync(() =>
        {
            var runs = ReadSparseRuns(experimentIds, stages, needed);
            var matching = runs.Where(run => SearchFilter.Matches(clauses, c => Lookup(run, c.Entity, c.Key))).ToList();
            matching.Sort((a, b) => CompareRuns(a, b, order));
            var slice = matching.Skip(offset).Take(search.MaxResults).Select(r => r.Info).ToList();
            var ids = slice.Select(i => i.RunId).ToList();
            var data = ReadRunData(ids);
            var withInputs = RunsWithInputs(ids);
            return (Runs: slice.Select(i => new Run(i, data[i.RunId]) { Inputs = withInputs.Contains(i.RunId) ? ReadInputs(i.RunId) : [] }).ToList(), More: offset + slice.Count < matching.Count, Next: offset + slice.Count);
        }, cancellationToken).ConfigureAwait(false);
        return (page.Runs, page.More ? WritePageToken(page.Next) : null);
    }

    private List<Run> ReadSparseRuns(List<long> experimentIds, string stages, List<(FilterEntity Entity, string Key)> needed)
    {
        var expList = string.Join(",", experimentIds);
        var infos = new List<RunInfo>();
        using (var cmd = Command($"SELECT {RunColumns} FROM runs WHERE experiment_id IN ({expList}) AND lifecycle_stage IN {stages}", null))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) infos.Add(ReadRunInfo(r));
        var searched = infos.Select(i => i.RunId).ToHashSet(StringComparer.Ordinal);
        var metrics = new Dictionary<string, Dictionary<string, Metric>>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var tags = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (entity, key) in needed)
        {
            var (table, columns) = entity switch
            {
                FilterEntity.Metric => ("latest_metrics", "t.key, t.value, t.timestamp, t.step, t.is_nan, t.run_uuid"),
                FilterEntity.Param => ("params", "t.key, t.value, t.run_uuid"),
                FilterEntity.Tag => ("tags", "t.key, t.value, t.run_uuid"),
                _ => ("", ""),
            };
            if (table.Length == 0) continue;
            // One range of the (key, run_uuid) primary key; rows of runs outside the search are skipped here rather than
            // joined with runs in SQL, which cost a runs lookup per row.
            using var cmd = Command($"SELECT {columns} FROM {table} t WHERE t.key=$k", null, ("$k", key));
            using var r = cmd.ExecuteReader();
            var runIdColumn = entity == FilterEntity.Metric ? 5 : 2;
            while (r.Read())
            {
                var runId = r.GetString(runIdColumn);
                if (!searched.Contains(runId)) continue;
                if (entity == FilterEntity.Metric)
                    Slot(metrics, runId)[key] = ReadMetric(r);
                else
                    Slot(entity == FilterEntity.Param ? parameters : tags, runId)[key] = r.IsDBNull(1) ? "" : r.GetString(1);
            }
        }
        return infos.Select(i => new Run(i, new RunData(
            metrics.GetValueOrDefault(i.RunId) ?? s_noMetrics,
            parameters.GetValueOrDefault(i.RunId) ?? s_noStrings,
            tags.GetValueOrDefault(i.RunId) ?? s_noStrings))).ToList();
    }

    private static Dictionary<string, T> Slot<T>(Dictionary<string, Dictionary<string, T>> all, string runId)
    {
        if (!all.TryGetValue(runId, out var slot)) all[runId] = slot = new Dictionary<string, T>(StringComparer.Ordinal);
        return slot;
    }

    private static readonly Dictionary<string, Metric> s_noMetrics = [];
    private static readonly Dictionary<string, string> s_noStrings = [];


    private static object? Lookup(Run run, FilterEntity entity, string key) => entity switch
    {
        FilterEntity.Metric => run.Data.Metrics.TryGetValue(key, out var m) ? m.Value : null,
        FilterEntity.Param => run.Data.Params.GetValueOrDefault(key),
        FilterEntity.Tag => run.Data.Tags.GetValueOrDefault(key),
        FilterEntity.Attribute => key.Replace(' ', '_').ToLowerInvariant() switch
        {
            "run_id" => run.Info.RunId,
            "run_name" => run.Info.RunName,
            "user_id" => run.Info.UserId,
            "status" => run.Info.Status.ToString(),
            "start_time" or "created" => run.Info.StartTime,
            "end_time" => run.Info.EndTime,
            "artifact_uri" => run.Info.ArtifactUri,
            "experiment_id" => run.Info.ExperimentId,
            _ => null,
        },
        _ => null,
    };

    private static (FilterEntity Entity, string Key, bool Descending) ParseOrderBy(string item)
    {
        var text = item.Trim();
        var descending = false;
        if (text.EndsWith(" DESC", StringComparison.OrdinalIgnoreCase)) (text, descending) = (text[..^5].TrimEnd(), true);
        else if (text.EndsWith(" ASC", StringComparison.OrdinalIgnoreCase)) text = text[..^4].TrimEnd();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot < 0 ? "" : text[..dot].ToLowerInvariant();
        FilterEntity? entity = prefix switch
        {
            "metric" or "metrics" => FilterEntity.Metric,
            "param" or "params" or "parameter" or "parameters" => FilterEntity.Param,
            "tag" or "tags" => FilterEntity.Tag,
            "attribute" or "attributes" or "attr" or "run" => FilterEntity.Attribute,
            _ => null,
        };
        var key = entity is null ? text : text[(dot + 1)..];
        key = key.Trim().Trim('`', '"');
        if (key.Length == 0) throw new InvalidParameterException($"order_by item '{item}' names no key; write e.g. 'metrics.rmse DESC'.");
        if (entity is null && (dot >= 0 || Lookup(s_emptyRun, FilterEntity.Attribute, key) is null && key is not "end_time"))
            throw new InvalidParameterException($"order_by item '{item}' is not understood; use metrics.<key>, params.<key>, tags.<key> or attributes.<name>, then ASC or DESC.");
        return (entity ?? FilterEntity.Attribute, key, descending);
    }

    private static readonly Run s_emptyRun = new(
        new RunInfo("", "", "", "", RunStatus.RUNNING, 0, null, "", Active),
        new RunData(new Dictionary<string, Metric>(), new Dictionary<string, string>(), new Dictionary<string, string>()));

    private static int CompareRuns(Run a, Run b, List<(FilterEntity Entity, string Key, bool Descending)> order)
    {
        foreach (var (entity, key, descending) in order)
        {
            var c = CompareValues(Lookup(a, entity, key), Lookup(b, entity, key), descending);
            if (c != 0) return c;
        }
        var byStart = b.Info.StartTime.CompareTo(a.Info.StartTime);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Info.RunId, b.Info.RunId);
    }

    /// <summary>Orders two values; a run lacking the value sorts last in both directions, as in MLflow's SQL store.</summary>
    private static int CompareValues(object? x, object? y, bool descending)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
        var c = x is string sx && y is string sy ? string.CompareOrdinal(sx, sy)
            : Convert.ToDouble(x, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(y, CultureInfo.InvariantCulture));
        return descending ? -c : c;
    }

    /// <summary>MLflow's page token: base64 of <c>{"offset": N}</c>.</summary>
    private static string WritePageToken(int offset)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("offset", offset);
            writer.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    private static int ReadPageToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var reader = new Utf8JsonReader(Convert.FromBase64String(token));
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isOffset = reader.ValueTextEquals("offset"u8);
                    reader.Read();
                    if (isOffset && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var offset) && offset >= 0) return offset;
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        throw new InvalidParameterException($"invalid page token '{token}'; pass the next_page_token of the previous page unchanged.");
    }
}
