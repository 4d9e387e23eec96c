namespace MlopsKit.Serving;

/// <summary>A model server answered a request with an error, or could not be reached (then <see cref="StatusCode"/> is 0).</summary>
public sealed class ModelServerException(string message, int statusCode, string serverMessage, string? errorCode = null, Exception? inner = null)
    : MlopsException(message, inner)
{
    /// <summary>The HTTP status, or 0 when no response came back (connection refused, timeout).</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The server's own error text: MLflow's <c>message</c>, Seldon's <c>status.info</c>, the <c>error</c> of Flask and V2.</summary>
    public string ServerMessage { get; } = serverMessage;

    /// <summary>MLflow's <c>error_code</c> (e.g. <c>INVALID_PARAMETER_VALUE</c>) or Seldon's <c>status.reason</c>; null when the protocol has none.</summary>
    public string? ErrorCode { get; } = errorCode;
}
