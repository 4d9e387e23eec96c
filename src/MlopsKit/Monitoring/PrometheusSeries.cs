namespace MlopsKit.Monitoring;

/// <summary>A series of a query result: its labels (including <c>__name__</c> when Prometheus returns it) and its samples, oldest first.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusPoint> Points)
{
    /// <summary>The series as PromQL writes it: <c>name{a="x", b="y"}</c>, or <c>{}</c> without labels.</summary>
    public override string ToString()
    {
        Labels.TryGetValue("__name__", out var name);
        var rest = Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"");
        var inner = string.Join(", ", rest);
        return inner.Length == 0 && name is not null ? name : $"{name}{{{inner}}}";
    }
}
