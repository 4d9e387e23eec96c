using System.Net;
using System.Text;

namespace MlopsKit.Monitoring;

/// <summary>Pushes metrics of batch jobs to a Prometheus Pushgateway (<c>/metrics/job/&lt;job&gt;{/&lt;label&gt;/&lt;value&gt;}</c>).</summary>
public sealed class PushgatewayClient : IDisposable
{
    /// <summary>The environment variable that names the Pushgateway when no URL is given.</summary>
    public const string UrlVariable = "MLOPS_PUSHGATEWAY_URL";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>A client for the Pushgateway at <paramref name="baseAddress"/> (e.g. <c>http://127.0.0.1:9091</c>).</summary>
    /// <param name="baseAddress">The gateway's base URL.</param>
    /// <param name="http">An HttpClient to use (not disposed); default: a new one with a 10 s timeout.</param>
    public PushgatewayClient(Uri baseAddress, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = new Uri(baseAddress.ToString().TrimEnd('/') + "/");
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The gateway's base URL, ending in '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The gateway named by <paramref name="url"/>, else by <c>MLOPS_PUSHGATEWAY_URL</c>, or null when neither is set.</summary>
    /// <exception cref="ConfigException">The URL is not an absolute http(s) URL.</exception>
    public static Uri? ResolveUrl(string? url)
    {
        var text = url is { Length: > 0 } ? url : Environment.GetEnvironmentVariable(UrlVariable);
        if (text is not { Length: > 0 }) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigException($"Pushgateway URL '{text}' is not an http(s) URL (for example http://127.0.0.1:9091); fix --pushgateway or {UrlVariable}.");
        return uri;
    }

    /// <summary>
    /// Pushes <paramref name="metrics"/> into the group of <paramref name="job"/> and <paramref name="groupingLabels"/>:
    /// PUT when <paramref name="replace"/> (the group then holds only these), else POST (only same-named metrics are replaced).
    /// </summary>
    /// <exception cref="RemoteException">The gateway cannot be reached or rejected the push (its explanation is in the message).</exception>
    /// <exception cref="ConfigException">A metric or label name is invalid.</exception>
    public async Task PushAsync(string job, IReadOnlyDictionary<string, string>? groupingLabels, IEnumerable<MetricFamily> metrics, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var url = GroupUrl(job, groupingLabels);
        using var content = new StringContent(ExpositionText.Write(metrics), new UTF8Encoding(false));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ExpositionText.ContentType);
        using var request = new HttpRequestMessage(replace ? HttpMethod.Put : HttpMethod.Post, url) { Content = content };
        await SendAsync(request, "push to", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the whole group of <paramref name="job"/> and <paramref name="groupingLabels"/> (the gateway queues it: 202).</summary>
    /// <exception cref="RemoteException">The gateway cannot be reached or refused.</exception>
    public async Task DeleteAsync(string job, IReadOnlyDictionary<string, string>? groupingLabels = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, GroupUrl(job, groupingLabels));
        await SendAsync(request, "delete from", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The URL of a group: <c>metrics/job/&lt;job&gt;/&lt;label&gt;/&lt;value&gt;…</c>, values that are empty or contain '/' as <c>&lt;label&gt;@base64/&lt;base64url&gt;</c>.</summary>
    public Uri GroupUrl(string job, IReadOnlyDictionary<string, string>? groupingLabels = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Length == 0) throw new ConfigException("The Pushgateway job name is empty; give a job name such as nightly_drift.");
        var path = new StringBuilder("metrics/").Append(Segment("job", job));
        foreach (var (name, value) in groupingLabels ?? new Dictionary<string, string>())
        {
            ExpositionText.CheckLabelName(name);
            if (name == "job") throw new ConfigException("'job' cannot be a grouping label: it is the job name itself.");
            path.Append('/').Append(Segment(name, value));
        }
        return new Uri(BaseAddress, path.ToString());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private static string Segment(string name, string value)
    {
        if (value.Length == 0) return name + "@base64/=";
        if (value.Contains('/', StringComparison.Ordinal))
            return name + "@base64/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return name + "/" + Uri.EscapeDataString(value);
    }

    private async Task SendAsync(HttpRequestMessage request, string verb, CancellationToken cancellationToken)
    {
        var gateway = BaseAddress.ToString().TrimEnd('/');
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return;
            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            var why = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new RemoteException(response.StatusCode == HttpStatusCode.BadRequest
                ? $"the Pushgateway at {gateway} rejected the push: {why}"
                : $"could not {verb} the Pushgateway at {gateway}: HTTP {(int)response.StatusCode} {why}".TrimEnd());
        }
        catch (HttpRequestException e)
        {
            throw new RemoteException($"cannot reach the Pushgateway at {gateway} ({e.Message.TrimEnd('.')}); start it with `mlops monitor up` or fix --pushgateway / {UrlVariable}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteException($"cannot reach the Pushgateway at {gateway} (no answer within {_http.Timeout.TotalSeconds:0} s); start it with `mlops monitor up` or fix --pushgateway / {UrlVariable}", e);
        }
    }
}
