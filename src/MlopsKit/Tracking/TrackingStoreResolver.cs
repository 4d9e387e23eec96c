namespace MlopsKit.Tracking;

/// <summary>Opens the embedded store a tracking URI names for commands that only read (they must not create an empty database).</summary>
public static class TrackingStoreResolver
{
    /// <summary>The environment variable MLflow reads the tracking URI from.</summary>
    public const string EnvironmentVariable = TrackingUri.EnvironmentVariable;

    /// <summary>Used when neither a URI nor <c>MLFLOW_TRACKING_URI</c> is given: <c>mlflow.db</c> in the current folder.</summary>
    public const string DefaultUri = TrackingUri.Default;

    /// <summary>The URI in effect: the one given, else <c>MLFLOW_TRACKING_URI</c>, else <see cref="DefaultUri"/>.</summary>
    public static string Resolve(string? trackingUri) => TrackingUri.Resolve(trackingUri);

    /// <summary>
    /// Opens the SQLite store for a URI (see <see cref="TrackingUri.OpenStore"/>); with <paramref name="mustExist"/>, a missing database
    /// file is a <see cref="NotFoundException"/> instead of being created.
    /// </summary>
    public static SqliteTrackingStore Open(string? trackingUri, bool mustExist = false)
    {
        var uri = Resolve(trackingUri);
        if (mustExist && TrackingUri.LocalDatabasePath(uri) is { } full && !File.Exists(full))
            throw new NotFoundException($"no tracking database at '{full}'; log runs there first, or point --tracking-uri (or {EnvironmentVariable}) at your mlflow.db.");
        return (SqliteTrackingStore)TrackingUri.OpenStore(uri);
    }
}
