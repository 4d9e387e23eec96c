using Microsoft.Data.Analysis;

namespace MlopsKit.Monitoring;

/// <summary>
/// The answer to a PromQL query: <c>vector</c> (one point per series), <c>matrix</c> (a range of points per series),
/// <c>scalar</c> (one series without labels) or <c>string</c> (<see cref="Text"/>).
/// </summary>
public sealed record PrometheusQueryResult(string ResultType, IReadOnlyList<PrometheusSeries> Series)
{
    /// <summary>The value of a <c>string</c> result, else null.</summary>
    public string? Text { get; init; }

    /// <summary>Warnings Prometheus attached to the answer.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// One row per sample: a string column per label (union over all series, null where a series lacks it; <c>__name__</c> first),
    /// then <c>timestamp</c> (UTC) and <c>value</c>. A label named like those two becomes <c>label_timestamp</c> / <c>label_value</c>.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var names = Series.SelectMany(s => s.Labels.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(n => n == "__name__" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var rows = Series.Sum(s => s.Points.Count);
        var labelColumns = names.Select(n => new StringDataFrameColumn(n is "timestamp" or "value" ? "label_" + n : n, rows)).ToList();
        var timestamps = new PrimitiveDataFrameColumn<DateTime>("timestamp", rows);
        var values = new DoubleDataFrameColumn("value", rows);
        var row = 0;
        foreach (var series in Series)
        {
            foreach (var point in series.Points)
            {
                for (var i = 0; i < names.Count; i++)
                    labelColumns[i][row] = series.Labels.TryGetValue(names[i], out var v) ? v : null;
                timestamps[row] = point.Timestamp.UtcDateTime;
                values[row] = point.Value;
                row++;
            }
        }
        return new DataFrame([.. labelColumns, timestamps, values]);
    }
}
