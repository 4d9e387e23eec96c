namespace MlopsKit.Serving;

/// <summary>Options for <see cref="ModelClient"/>.</summary>
public sealed record ModelClientOptions
{
    /// <summary>Model name for Open Inference routes (<c>/v2/models/{name}/infer</c>). Default: discovered once from <c>GET /v2/models</c>,
    /// else from the <c>X-Model-Name</c> header MlopsKit servers send.</summary>
    public string? ModelName { get; init; }

    /// <summary>Model version for Open Inference routes (<c>/v2/models/{name}/versions/{version}/infer</c>). Default: none (the server's default).</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Column order for the positional forms (MLflow <c>dataframe_split</c>, Seldon <c>ndarray</c>, the V2 tensor). Default: the
    /// rows' keys in the order they first appear, which must then be the model's signature order for Seldon and V2.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Ask the Flask route for class probabilities too (<c>?proba=true</c>). Default: false.</summary>
    public bool Probabilities { get; init; }

    /// <summary>Time allowed per request when the client creates its own <see cref="HttpClient"/>. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
