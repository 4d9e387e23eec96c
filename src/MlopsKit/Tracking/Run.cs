namespace MlopsKit.Tracking;

/// <summary>One MLflow run: its metadata and its data.</summary>
public sealed record Run(RunInfo Info, RunData Data);
