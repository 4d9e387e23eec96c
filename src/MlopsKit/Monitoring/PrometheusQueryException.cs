namespace MlopsKit.Monitoring;

/// <summary>Prometheus refused a query (bad PromQL, or it failed to run); the message is Prometheus' own error type and text on one line.</summary>
public sealed class PrometheusQueryException(string errorType, string error)
    : MlopsException($"Prometheus rejected the query ({errorType}): {OneLine(error)}")
{
    /// <summary>Prometheus' <c>errorType</c> (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>, …).</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>Prometheus' <c>error</c> text.</summary>
    public string Error { get; } = error;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
