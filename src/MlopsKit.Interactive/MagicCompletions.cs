using MlopsKit.Data;
using MlopsKit.Tracking;

namespace MlopsKit.Interactive;

/// <summary>
/// Value completions for the magics' parameters, read from what exists where the kernel runs: experiments and registered
/// models of the default tracking store, files of the current directory, tracked outputs and DVC remotes.
/// </summary>
/// <remarks>Completion runs while the user types: it never creates a store or a repository, and any failure means no suggestions.</remarks>
internal static class MagicCompletions
{
    private const int MaxItems = 200;

    public static IEnumerable<string> Experiments() => FromStore(store =>
        [.. store.SearchExperimentsAsync().GetAwaiter().GetResult().Select(e => e.Name)]);

    public static IEnumerable<string> ModelUris() => FromStore(store => store is SqliteTrackingStore sqlite
        ? [.. sqlite.SearchRegisteredModelsAsync().GetAwaiter().GetResult().Select(m => $"models:/{m.Name}/latest")]
        : []);

    /// <summary>Files and folders of the current directory, hidden entries and .dvc files left out (what <c>#!dvc add</c> takes).</summary>
    public static IEnumerable<string> WorkspacePaths() => Safe(() =>
        Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory)
            .Select(Path.GetFileName)
            .Where(n => n is not null && !n.StartsWith('.') && !n.EndsWith(".dvc", StringComparison.Ordinal))
            .Select(n => n!)
            .Order(StringComparer.Ordinal)
            .Take(MaxItems)
            .ToList());

    /// <summary>Outputs that have a .dvc file under the current directory (what <c>#!dvc log</c> takes), as paths relative to it.</summary>
    public static IEnumerable<string> TrackedOutputs() => Safe(() =>
        Directory.EnumerateFiles(Environment.CurrentDirectory, "*.dvc", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 })
            .Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f[..^".dvc".Length]).Replace('\\', '/'))
            .Where(p => !p.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Take(MaxItems)
            .ToList());

    public static IEnumerable<string> Remotes() => Safe(() => Repo.Open(Environment.CurrentDirectory).RemoteList().Select(r => r.Name).ToList());

    private static IEnumerable<string> FromStore(Func<ITrackingStore, IReadOnlyList<string>> read) => Safe(() =>
    {
        var uri = TrackingUri.Resolve();
        if (TrackingUri.LocalDatabasePath(uri) is not { } path || !File.Exists(path)) return [];
        var store = TrackingUri.OpenStore(uri);
        try
        {
            return read(store);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    });

    private static IEnumerable<string> Safe(Func<IReadOnlyList<string>> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is MlopsException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return [];
        }
    }
}
