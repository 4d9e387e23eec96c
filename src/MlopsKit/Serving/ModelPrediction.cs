namespace MlopsKit.Serving;

/// <summary>What a model server answered, read the same way for every protocol: one prediction per row, class probabilities when sent, the raw body.</summary>
public sealed record ModelPrediction
{
    /// <summary>The protocol that was called.</summary>
    public required ServingProtocol Protocol { get; init; }

    /// <summary>One value per input row: a class label (string, or long for numeric labels) or a regression value (double).</summary>
    public required IReadOnlyList<object?> Predictions { get; init; }

    /// <summary>Class probabilities (or scores) per row when the response carried them; otherwise null.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Probabilities { get; init; }

    /// <summary>The model name the server reported (V2 <c>model_name</c> or the <c>X-Model-Name</c> header), or null.</summary>
    public string? ModelName { get; init; }

    /// <summary>The model version the server reported (V2 <c>model_version</c> or the <c>X-Model-Version</c> header), or null.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The response body as received.</summary>
    public required string RawJson { get; init; }
}
