namespace MlopsKit.Tracking;

/// <summary>One entry of a run's artifacts: its path relative to the artifact root, whether it is a folder, and its size.</summary>
public sealed record ArtifactFile(string Path, bool IsDir, long? FileSize);
