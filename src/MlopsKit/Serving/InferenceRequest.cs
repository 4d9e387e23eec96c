namespace MlopsKit.Serving;

/// <summary>A parsed Open Inference request: its <c>id</c>, the rows its tensors carry, and the outputs asked for (null = all).</summary>
internal sealed record InferenceRequest(string? Id, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, IReadOnlyList<string>? Outputs);
