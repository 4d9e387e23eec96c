namespace MlopsKit.Serving;

/// <summary>One model input as the request parsers see it: its name, MLflow type, whether a row holds a list for it, and whether it is required.</summary>
internal sealed record InputColumn(string Name, string Type, bool IsVector, bool Required);
