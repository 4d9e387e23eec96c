using MlopsKit.IO;

namespace MlopsKit.Tracking;

/// <summary>Artifacts of runs whose artifact root is a local folder (the embedded store's default).</summary>
public sealed partial class TrackingClient
{
    /// <summary>The local folder holding a run's artifacts (created on demand).</summary>
    public static string ArtifactDirectory(RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var uri = info.ArtifactUri;
        string path;
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) path = new Uri(uri).LocalPath;
        else if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) path = uri["file:".Length..];
        else if (Path.IsPathRooted(uri)) path = uri;
        else throw new ConfigException($"run '{info.RunId}' keeps artifacts at '{uri}', which is not a local folder; only local artifact roots are supported.");
        return Path.GetFullPath(path);
    }

    /// <summary>Copies a file (into <paramref name="artifactPath"/>) or a folder's contents (as <paramref name="artifactPath"/>) into a run's artifacts.</summary>
    public async Task LogArtifactAsync(string runId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var target = ResolveInside(ArtifactDirectory(run.Info), artifactPath ?? "");
        var full = Path.GetFullPath(localPath);
        if (File.Exists(full))
        {
            Directory.CreateDirectory(target);
            await CopyFileAsync(full, Path.Combine(target, Path.GetFileName(full)), cancellationToken).ConfigureAwait(false);
        }
        else if (Directory.Exists(full))
        {
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
            {
                var dest = Path.Combine(target, Path.GetRelativePath(full, file));
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                await CopyFileAsync(file, dest, cancellationToken).ConfigureAwait(false);
            }
            Directory.CreateDirectory(target);
        }
        else
        {
            throw new NotFoundException($"cannot log artifact '{localPath}': no such file or folder.");
        }
    }

    /// <summary>Writes bytes as one artifact file of a run (atomically: readers never see half a file).</summary>
    public async Task LogArtifactBytesAsync(string runId, string artifactFile, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactFile);
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var dest = ResolveInside(ArtifactDirectory(run.Info), artifactFile);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        AtomicFile.WriteAllBytes(dest, content);
    }

    /// <summary>The direct children of a folder of a run's artifacts (the root when <paramref name="path"/> is null).</summary>
    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var root = ArtifactDirectory(run.Info);
        var folder = ResolveInside(root, path ?? "");
        if (!Directory.Exists(folder)) return [];
        return new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .Select(i => new ArtifactFile(Path.GetRelativePath(root, i.FullName).Replace('\\', '/'), i is DirectoryInfo, i is FileInfo f ? f.Length : null))
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The local path of a run's artifact file or folder; <see cref="NotFoundException"/> when it does not exist.</summary>
    public async Task<string> GetArtifactPathAsync(string runId, string artifactPath, CancellationToken cancellationToken = default)
    {
        var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var full = ResolveInside(ArtifactDirectory(run.Info), artifactPath);
        if (!File.Exists(full) && !Directory.Exists(full))
            throw new NotFoundException($"run '{runId}' has no artifact '{artifactPath}'; list them with 'mlops runs show {runId}'.");
        return full;
    }

    /// <summary>Joins an artifact path under a root, refusing anything that would leave it (MLflow's validate_path_is_safe).</summary>
    internal static string ResolveInside(string root, string relative)
    {
        var decoded = System.Net.WebUtility.UrlDecode(relative ?? "");
        if (decoded.Contains('\\', StringComparison.Ordinal) || decoded.Contains('#', StringComparison.Ordinal) || Path.IsPathRooted(decoded)
            || decoded.Split('/').Any(part => part == "..") || decoded.Any(char.IsControl))
            throw new InvalidParameterException($"artifact path '{relative}' is not allowed: use a relative path without '..', '\\', '#' or control characters.");
        var full = Path.GetFullPath(Path.Combine(root, decoded));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        if (full != rootFull && !full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidParameterException($"artifact path '{relative}' leaves the run's artifact folder.");
        return full;
    }

    private static async Task CopyFileAsync(string source, string dest, CancellationToken cancellationToken)
    {
        var tmp = dest + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (input.ConfigureAwait(false))
            {
                var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (output.ConfigureAwait(false))
                    await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
            File.Move(tmp, dest, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
