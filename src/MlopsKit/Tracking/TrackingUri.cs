namespace MlopsKit.Tracking;

/// <summary>Chooses the tracking store from a tracking URI, as MLflow does: argument, then <c>MLFLOW_TRACKING_URI</c>, then <c>sqlite:///mlflow.db</c>.</summary>
public static class TrackingUri
{
    /// <summary>MLflow's default since 3.7: an SQLite file in the current directory.</summary>
    public const string Default = "sqlite:///mlflow.db";

    /// <summary>The environment variable MLflow clients read.</summary>
    public const string EnvironmentVariable = "MLFLOW_TRACKING_URI";

    /// <summary>The URI in effect: the one given, else <c>MLFLOW_TRACKING_URI</c>, else <see cref="Default"/>.</summary>
    public static string Resolve(string? uri = null) =>
        !string.IsNullOrWhiteSpace(uri) ? uri.Trim()
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv.Trim()
        : Default;

    /// <summary>Opens the store a URI names. <c>sqlite:///relative.db</c>, <c>sqlite:////absolute.db</c> and plain paths to a <c>.db</c> file are supported.</summary>
    public static ITrackingStore OpenStore(string? uri = null, TimeProvider? time = null)
    {
        var resolved = Resolve(uri);
        var scheme = resolved.Contains("://", StringComparison.Ordinal) ? resolved[..resolved.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant()
            : resolved.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? "file" : "";
        switch (scheme)
        {
            case "sqlite":
                if (!resolved.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
                    throw new ConfigException($"tracking URI '{resolved}' is not understood; write sqlite:///relative/path.db or sqlite:////absolute/path.db.");
                return SqliteTrackingStore.Open(resolved, time: time);
            case "":
                if (Directory.Exists(resolved) || Path.GetFileName(resolved.TrimEnd('/')) == "mlruns")
                    throw FileStore(resolved);
                return SqliteTrackingStore.Open(resolved, time: time);
            case "file":
                throw FileStore(resolved);
            case "http" or "https":
                throw new ConfigException($"tracking URI '{resolved}' names a tracking server; talking to MLflow servers is not built yet. " +
                    $"Use an embedded store such as {Default}.");
            default:
                throw new ConfigException($"tracking URI scheme '{scheme}' in '{resolved}' is not supported; use {Default} (or a path to a .db file).");
        }
    }

    /// <summary>The database file of an <c>sqlite:///</c> URI or plain path, or null for other schemes.</summary>
    public static string? LocalDatabasePath(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase)) return Path.GetFullPath(uri["sqlite:///".Length..]);
        return uri.Contains(':', StringComparison.Ordinal) ? null : Path.GetFullPath(uri);
    }

    private static ConfigException FileStore(string uri) => new(
        $"'{uri}' is an MLflow file store (mlruns/); MLflow 3 no longer writes those. Import it once with 'mlops import mlruns <dir>' " +
        $"and use {Default}.");
}
