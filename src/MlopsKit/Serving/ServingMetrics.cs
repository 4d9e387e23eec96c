using Microsoft.AspNetCore.Http;
using Prometheus;

namespace MlopsKit.Serving;

/// <summary>
/// The Prometheus metrics of one served model, in a registry of their own (so several servers in one process do not share series):
/// request golden signals per protocol, rows scored, batch sizes, predicted classes, input feature statistics, drift bins and the
/// PSI/KS drift gauges of a sliding window (computed when scraped, not on the request path).
/// </summary>
/// <remarks>
/// Request metrics come from <see cref="ModelMetricsMiddlewareExtensions.UseModelMetrics"/>, prediction metrics from
/// <see cref="MeteredScorer"/>; <see cref="ModelServer"/> installs both and serves <see cref="Registry"/> (with prometheus-net's HTTP
/// metrics and the process/.NET collectors) on <c>/metrics</c>. Label values are bounded: protocols are the four below, features come
/// from the signature, classes from the model's labels, and anything else is counted as <c>other</c>.
/// </remarks>
public sealed partial class ServingMetrics
{
    /// <summary>The <see cref="HttpContext.Items"/> key a route may set to the error reason of a failed request
    /// (<c>bad_request</c>, <c>schema</c>, <c>too_large</c> or <c>internal</c>); without it the reason follows the status code.</summary>
    public const string ErrorReasonItem = "mlops.error_reason";

    /// <summary>Buckets of the duration histograms: 0.1 ms to 10 s.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The <c>protocol</c> label values: <c>mlflow</c>, <c>flask</c>, <c>seldon</c>, <c>v2</c>.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["mlflow", "flask", "seldon", "v2"];

    private static readonly string[] s_reasons = ["bad_request", "schema", "too_large", "internal"];

    private readonly Histogram _requestSeconds;
    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Gauge.Child _inFlight;

    internal ServingMetrics(ServedModel model, int driftWindowRows, int driftMinRows)
    {
        Model = model.Name;
        Version = model.Version;
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);

        _requestSeconds = factory.CreateHistogram("model_request_duration_seconds", "Time to answer a prediction request, from routing to the last byte written.",
            new HistogramConfiguration { LabelNames = ["model", "version", "protocol", "status_class"], Buckets = [.. DurationBuckets] });
        _requests = factory.CreateCounter("model_requests_total", "Prediction requests answered, by protocol and status code.",
            new CounterConfiguration { LabelNames = ["model", "version", "protocol", "code"] });
        _errors = factory.CreateCounter("model_request_errors_total", "Prediction requests answered with 4xx or 5xx, by reason.",
            new CounterConfiguration { LabelNames = ["model", "version", "protocol", "code", "reason"] });
        _inFlight = factory.CreateGauge("model_requests_in_flight", "Prediction requests being processed.",
            new GaugeConfiguration { LabelNames = ["model"] }).WithLabels(Model);
        foreach (var protocol in Protocols)
        {
            // Zero series, so error ratios exist before the first failure, and rate() counts the first success too: a counter that
            // first appears at 1 loses that increment, and the 200 and 500 rates of a ratio are then extrapolated alike.
            _requests.WithLabels(Model, Version, protocol, "200");
            _requests.WithLabels(Model, Version, protocol, "500");
            _errors.WithLabels(Model, Version, protocol, "500", "internal");
        }
        factory.CreateGauge("model_info", "Always 1; the labels say which model, run and training data are served.",
            new GaugeConfiguration { LabelNames = ["model_name", "model_version", "run_id", "data_md5"] })
            .WithLabels(Model, Version, model.RunId ?? "", model.DataMd5 ?? "").Set(1);
        InitPredictionMetrics(factory, model, driftWindowRows, driftMinRows);
    }

    /// <summary>The registry holding every series of this server; serve it with <c>MapMetrics(registry: metrics.Registry)</c>.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The <c>model</c> label.</summary>
    public string Model { get; }

    /// <summary>The <c>version</c> label.</summary>
    public string Version { get; }

    /// <summary>
    /// The <c>protocol</c> label of a prediction route, or null for other paths: <c>mlflow</c> for <c>/invocations</c>, <c>flask</c> for
    /// <c>/predict</c> (whatever the body's shape), <c>seldon</c> for <c>/api/v1.0|v0.1/predictions</c> (also under
    /// <c>/seldon/&lt;namespace&gt;/&lt;deployment&gt;/</c>), <c>v2</c> for <c>/v2/models/{name}[/versions/{v}]/infer</c>.
    /// </summary>
    public static string? ProtocolOf(PathString path)
    {
        var p = (path.Value ?? "").TrimEnd('/');
        if (p.Equals("/invocations", StringComparison.OrdinalIgnoreCase)) return "mlflow";
        if (p.Equals("/predict", StringComparison.OrdinalIgnoreCase)) return "flask";
        if (IsSeldonPredictions(p)) return "seldon";
        if (p.StartsWith("/seldon/", StringComparison.OrdinalIgnoreCase)
            && p.Split('/') is { Length: > 4 } parts && IsSeldonPredictions("/" + string.Join('/', parts[4..])))
            return "seldon";
        if (p.StartsWith("/v2/models/", StringComparison.OrdinalIgnoreCase) && p.EndsWith("/infer", StringComparison.OrdinalIgnoreCase)) return "v2";
        return null;
    }

    private static bool IsSeldonPredictions(string p) =>
        p.Equals("/api/v1.0/predictions", StringComparison.OrdinalIgnoreCase) || p.Equals("/api/v0.1/predictions", StringComparison.OrdinalIgnoreCase);

    internal void RequestStarted() => _inFlight.Inc();

    internal void RequestEnded(RequestMetricsState state, int? code, string? routeReason, double seconds)
    {
        _inFlight.Dec();
        if (code is not { } status) return;
        var codeText = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _requests.WithLabels(Model, Version, state.Protocol, codeText).Inc();
        _requestSeconds.WithLabels(Model, Version, state.Protocol, $"{status / 100}xx").Observe(seconds);
        if (status < 400) return;
        var reason = routeReason is not null && s_reasons.Contains(routeReason) ? routeReason
            : status == StatusCodes.Status413PayloadTooLarge ? "too_large"
            : status >= 500 ? "internal"
            : state.SchemaError ? "schema"
            : "bad_request";
        _errors.WithLabels(Model, Version, state.Protocol, codeText, reason).Inc();
    }
}
