namespace MlopsKit.Tracking;

/// <summary>
/// MLflow's dataset entity: a name and digest, where it came from (<see cref="SourceType"/> and a JSON
/// <see cref="Source"/>), and optional JSON schema and profile. Unique per experiment by (name, digest).
/// </summary>
public sealed record TrackedDataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);
