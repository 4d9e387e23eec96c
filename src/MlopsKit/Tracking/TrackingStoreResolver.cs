namespace MlopsKit.Tracking;

/// <summary>Turns a tracking URI (<c>--tracking-uri</c>, <c>MLFLOW_TRACKING_URI</c>) into an open store, as MLflow does.</summary>
public static class TrackingStoreResolver
{
    /// <summary>The environment variable MLflow reads the tracking URI from.</summary>
    public const string EnvironmentVariable = "MLFLOW_TRACKING_URI";

    /// <summary>Used when neither a URI nor <c>MLFLOW_TRACKING_URI</c> is given: <c>mlflow.db</c> in the current folder.</summary>
    public const string DefaultUri = "sqlite:///mlflow.db";

    /// <summary>The URI in effect: the one given, else <c>MLFLOW_TRACKING_URI</c>, else <see cref="DefaultUri"/>.</summary>
    public static string Resolve(string? trackingUri) =>
        !string.IsNullOrWhiteSpace(trackingUri) ? trackingUri
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv
        : DefaultUri;

    /// <summary>
    /// Opens the store for a URI (see <see cref="Resolve"/>): <c>sqlite:///path</c> or a plain path to an SQLite file.
    /// Other schemes are a <see cref="ConfigException"/>; with <paramref name="mustExist"/>, a missing database file is a
    /// <see cref="NotFoundException"/> instead of being created.
    /// </summary>
    public static SqliteTrackingStore Open(string? trackingUri, bool mustExist = false)
    {
        var uri = Resolve(trackingUri);
        string path;
        if (uri.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase)) path = uri["sqlite:///".Length..];
        else if (HasScheme(uri))
            throw new ConfigException($"tracking URI '{uri}' is not supported yet; use sqlite:///path/to/mlflow.db or a plain path to an SQLite file (set with --tracking-uri or {EnvironmentVariable}).");
        else path = uri;
        if (path.Length == 0) throw new ConfigException($"tracking URI '{uri}' names no database file; use sqlite:///path/to/mlflow.db.");
        var full = Path.GetFullPath(path);
        if (mustExist && !File.Exists(full))
            throw new NotFoundException($"no tracking database at '{full}'; log runs there first, or point --tracking-uri (or {EnvironmentVariable}) at your mlflow.db.");
        return SqliteTrackingStore.Open(full);
    }

    /// <summary>True for <c>scheme:...</c> with a scheme of two or more letters (so <c>C:\x</c> stays a path).</summary>
    private static bool HasScheme(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        return colon >= 2 && char.IsAsciiLetter(uri[0]) && uri[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }
}
