using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>
/// Calls a model server over any of the four protocols with typed rows: builds each protocol's request body, reads predictions (and class
/// probabilities when given) from its response, and turns its error bodies into <see cref="ModelServerException"/>. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var client = new ModelClient(new Uri("http://127.0.0.1:5000"));
/// var answer = await client.PredictAsync([new Dictionary&lt;string, object?&gt; { ["sepal_length"] = 5.9, ... }], ServingProtocol.Mlflow);
/// </code>
/// </example>
public sealed partial class ModelClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ModelClientOptions _options;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private string? _modelName;

    /// <summary>A client with its own <see cref="HttpClient"/> for the server at <paramref name="baseAddress"/>.</summary>
    public ModelClient(Uri baseAddress, ModelClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _options = options ?? new ModelClientOptions();
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = _options.Timeout };
        _ownsHttp = true;
        _modelName = _options.ModelName;
        BaseAddress = baseAddress;
    }

    /// <summary>A client over a caller-owned <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the server.</summary>
    public ModelClient(HttpClient http, ModelClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        BaseAddress = http.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress (the model server's URL).", nameof(http));
        _http = http;
        _options = options ?? new ModelClientOptions();
        _modelName = _options.ModelName;
    }

    /// <summary>The server's URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Scores <paramref name="rows"/> (column name → value: numbers, strings, booleans, dates, lists, or <see cref="JsonElement"/>s).</summary>
    /// <exception cref="ModelServerException">The server answered an error (status, message and code from the protocol's error body) or
    /// could not be reached.</exception>
    /// <exception cref="ArgumentException">A row cannot be written in the protocol's form (e.g. text in the V2 FP32 tensor).</exception>
    public async Task<ModelPrediction> PredictAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, ServingProtocol protocol,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("send at least one row.", nameof(rows));
        var columns = _options.Columns ?? ColumnsOf(rows);
        var (path, body) = protocol switch
        {
            ServingProtocol.Mlflow => ("invocations", MlflowBody(rows, columns)),
            ServingProtocol.Flask => (_options.Probabilities ? "predict?proba=true" : "predict", FlaskBody(rows)),
            ServingProtocol.Seldon => ("api/v1.0/predictions", SeldonBody(rows, columns)),
            ServingProtocol.OpenInference => (await InferPathAsync(cancellationToken).ConfigureAwait(false), OpenInferenceBody(rows, columns)),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol."),
        };
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        var (response, text) = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw Error(request, response, text);
            return Read(protocol, response, text, rows.Count, request);
        }
    }

    /// <summary>True when the server answers its liveness route with 2xx: <c>/ping</c> (MLflow, Flask), <c>/health/ping</c> (Seldon) or
    /// <c>/v2/health/ready</c> (Open Inference); false on any other status or when it cannot be reached.</summary>
    public async Task<bool> PingAsync(ServingProtocol protocol = ServingProtocol.Mlflow, CancellationToken cancellationToken = default)
    {
        var path = protocol switch
        {
            ServingProtocol.Seldon => "health/ping",
            ServingProtocol.OpenInference => "v2/health/ready",
            _ => "ping",
        };
        try
        {
            using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Releases the <see cref="HttpClient"/> when the client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
        _discovery.Dispose();
    }

    private async Task<(HttpResponseMessage Response, string Text)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ModelServerException($"{request.Method} {Url(request)} failed: {e.Message} Is the model server running there?", 0, e.Message, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelServerException($"{request.Method} {Url(request)} timed out after {_http.Timeout.TotalSeconds:0.#} s.", 0, "timeout", inner: e);
        }
        try
        {
            return (response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // The infer route, with the model name from the options or discovered once: /v2/models (a list), else the X-Model-Name header.
    private async Task<string> InferPathAsync(CancellationToken cancellationToken)
    {
        var name = _modelName;
        if (name is null)
        {
            await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                name = _modelName ??= await DiscoverModelNameAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _discovery.Release();
            }
        }
        var version = _options.ModelVersion is { } v ? $"/versions/{Uri.EscapeDataString(v)}" : "";
        return $"v2/models/{Uri.EscapeDataString(name)}{version}/infer";
    }

    private async Task<string> DiscoverModelNameAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/models");
        var (response, text) = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            var names = response.IsSuccessStatusCode ? ModelNames(text) : [];
            if (names.Count == 1) return names[0];
            if (names.Count > 1)
                throw new ModelServerException($"{Url(request)} lists {names.Count} models ({string.Join(", ", names)}); set ModelClientOptions.ModelName to one of them.",
                    (int)response.StatusCode, text);
            if (response.Headers.TryGetValues(LineageHeaders.ModelName, out var header) && header.FirstOrDefault() is { Length: > 0 } fromHeader)
                return fromHeader;
            throw new ModelServerException($"cannot discover the model name at {BaseAddress}: GET /v2/models answered {(int)response.StatusCode} without a model list "
                + $"or an {LineageHeaders.ModelName} header; set ModelClientOptions.ModelName.", (int)response.StatusCode, text);
        }
    }

    // {"models": ["iris"]}, {"models": [{"name": "iris"}]}, or a bare list of either.
    private static List<string> ModelNames(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var list = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("models", out var m) ? m : doc.RootElement;
            if (list.ValueKind != JsonValueKind.Array) return [];
            return list.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()
                    : e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)
                .OfType<string>().ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private Uri Url(HttpRequestMessage request) => request.RequestUri is { IsAbsoluteUri: true } u ? u : new Uri(BaseAddress, request.RequestUri!);

    private static string Status(HttpResponseMessage response) => $"{(int)response.StatusCode} {response.ReasonPhrase ?? ((HttpStatusCode)(int)response.StatusCode).ToString()}";
}
