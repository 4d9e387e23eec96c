using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlopsKit.Monitoring;

/// <summary>Queries a Prometheus server over its HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>).</summary>
public sealed partial class PrometheusClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for the Prometheus at <paramref name="baseAddress"/> (e.g. <c>http://127.0.0.1:9090</c>).</summary>
    /// <param name="baseAddress">The server's base URL.</param>
    /// <param name="http">An HttpClient to use (not disposed); default: a new one with a 30 s timeout.</param>
    public PrometheusClient(Uri baseAddress, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/') + "/");
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The server's base URL, ending in '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Evaluates an instant query at <paramref name="time"/> (default: now).</summary>
    /// <exception cref="PrometheusQueryException">Prometheus rejected the query.</exception>
    /// <exception cref="RemoteException">Prometheus cannot be reached.</exception>
    public Task<PrometheusQueryResult> QueryAsync(string query, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var form = new List<KeyValuePair<string, string>> { new("query", query) };
        if (time is { } t) form.Add(new("time", Seconds(t)));
        return PostAsync("api/v1/query", form, cancellationToken);
    }

    /// <summary>Evaluates a range query from <paramref name="start"/> to <paramref name="end"/> every <paramref name="step"/>; the result is a <c>matrix</c>.</summary>
    /// <exception cref="PrometheusQueryException">Prometheus rejected the query (including too many points per series).</exception>
    /// <exception cref="RemoteException">Prometheus cannot be reached.</exception>
    public Task<PrometheusQueryResult> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (step <= TimeSpan.Zero) throw new ConfigException($"The step {step} of a range query must be positive (for example 15s).");
        if (end < start) throw new ConfigException($"The range query ends ({end:O}) before it starts ({start:O}).");
        return PostAsync("api/v1/query_range", [new("query", query), new("start", Seconds(start)), new("end", Seconds(end)), new("step", step.TotalSeconds.ToString("R", CultureInfo.InvariantCulture))], cancellationToken);
    }

    /// <summary>Parses a Prometheus duration such as <c>15s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c> or <c>500ms</c>.</summary>
    /// <exception cref="ConfigException">The text is not a duration.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
            throw new ConfigException($"'{text}' is not a duration; use a number with a unit: ms, s, m, h, d, w or y (for example 15m or 1h30m).");
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var n = long.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                "w" => TimeSpan.FromDays(7 * n),
                _ => TimeSpan.FromDays(365 * n),
            };
        }
        if (total <= TimeSpan.Zero) throw new ConfigException($"The duration '{text}' must be positive.");
        return total;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private async Task<PrometheusQueryResult> PostAsync(string path, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseAddress, path);
        string body;
        HttpStatusCode status;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {_http.Timeout.TotalSeconds:0} s", e);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new RemoteException($"{BaseAddress.ToString().TrimEnd('/')} answered HTTP {(int)status} without Prometheus API JSON; is it a Prometheus server? Pass its URL with --prometheus.", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var s))
                throw new RemoteException($"{BaseAddress.ToString().TrimEnd('/')} answered HTTP {(int)status} with JSON that is not a Prometheus API answer; pass the Prometheus URL with --prometheus.");
            if (s.GetString() != "success")
                throw new PrometheusQueryException(Text(root, "errorType") ?? "error", Text(root, "error") ?? $"HTTP {(int)status}");
            return Parse(root);
        }
    }

    private RemoteException Unreachable(string why, Exception inner) =>
        new($"cannot reach Prometheus at {BaseAddress.ToString().TrimEnd('/')} ({why.TrimEnd('.')}); start it with `mlops monitor up` or pass --prometheus", inner);

    private static PrometheusQueryResult Parse(JsonElement root)
    {
        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString() ?? "";
        var result = data.GetProperty("result");
        var warnings = root.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
        var series = new List<PrometheusSeries>();
        string? text = null;
        switch (type)
        {
            case "scalar":
                series.Add(new PrometheusSeries(new Dictionary<string, string>(), [Point(result)]));
                break;
            case "string":
                text = result[1].GetString();
                break;
            default:
                foreach (var item in result.EnumerateArray())
                {
                    var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (item.TryGetProperty("metric", out var metric))
                        foreach (var p in metric.EnumerateObject()) labels[p.Name] = p.Value.GetString() ?? "";
                    var points = item.TryGetProperty("values", out var values)
                        ? values.EnumerateArray().Select(Point).ToList()
                        : item.TryGetProperty("value", out var value) ? [Point(value)] : [];
                    series.Add(new PrometheusSeries(labels, points));
                }
                break;
        }
        return new PrometheusQueryResult(type, series) { Text = text, Warnings = warnings };
    }

    private static PrometheusPoint Point(JsonElement pair)
    {
        var seconds = pair[0].GetDouble();
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return new PrometheusPoint(time, ParseValue(pair[1].GetString() ?? "NaN"));
    }

    internal static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Seconds(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<part>[0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationPattern();
}
