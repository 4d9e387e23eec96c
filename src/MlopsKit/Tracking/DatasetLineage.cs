using System.Globalization;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using MlopsKit.Data;
using MlopsKit.IO;

namespace MlopsKit.Tracking;

/// <summary>
/// Describes a data file or folder as an MLflow dataset. When <c>mlops dvc</c> (or DVC) tracks it, the digest is its DVC md5 and
/// the source names the .dvc file and the git commit, so a run links back to the exact data version.
/// </summary>
public static class DatasetLineage
{
    /// <summary>The dataset source type used for DVC-tracked data.</summary>
    public const string DvcSourceType = "dvc";

    /// <summary>Builds the dataset record for a path (file or folder). CSV files also get MLflow's column schema and a row-count profile.</summary>
    public static async Task<TrackedDataset> DescribeAsync(string path, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var isFile = File.Exists(full);
        if (!isFile && !Directory.Exists(full))
            throw new NotFoundException($"cannot log dataset '{path}': no such file or folder.");
        var actual = isFile ? Md5Hasher.HashFile(full) : HashFolder(full);
        name ??= Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var (schema, profile) = isFile && full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? CsvSchema(full) : (null, null);

        var tracked = FindDvcOutput(full);
        if (tracked is null)
            return new TrackedDataset(name, actual, "local", Json(w => w.WriteString("uri", new Uri(full).AbsoluteUri)), schema, profile);

        var (repo, output) = tracked.Value;
        using (repo)
        {
            var recorded = output.Hash;
            var exact = output.FullPath == full;
            var digest = exact && !isFile
                ? (recorded is not null && await FolderMatchesAsync(repo, output, cancellationToken).ConfigureAwait(false) ? recorded : actual + ".dir")
                : actual;
            var modified = exact && (isFile ? recorded != actual : digest != recorded);
            var source = Json(w =>
            {
                w.WriteString("path", repo.RelativePath(full));
                w.WriteString("dvc_file", output.Owner.Address(repo.Root));
                if (recorded is not null) w.WriteString("dvc_md5", recorded);
                if (!exact) w.WriteString("dvc_output", repo.RelativePath(output.FullPath));
                w.WriteBoolean("modified", modified);
                var (commit, committed) = GitState(repo, output.Owner.FullPath);
                if (commit is not null) w.WriteString("git_commit", commit);
                w.WriteBoolean("dvc_file_committed", committed);
            });
            return new TrackedDataset(name, digest, DvcSourceType, source, schema, profile);
        }
    }

    private static (Repo Repo, Output Output)? FindDvcOutput(string full)
    {
        Repo repo;
        try
        {
            repo = Repo.Open(Path.GetDirectoryName(full)!);
        }
        catch (MlopsException)
        {
            return null;
        }
        var output = repo.Outputs().FirstOrDefault(o => o.FullPath == full || Repo.IsInside(full, o.FullPath));
        if (output is null)
        {
            repo.Dispose();
            return null;
        }
        return (repo, output);
    }

    private static async Task<bool> FolderMatchesAsync(Repo repo, Output output, CancellationToken cancellationToken)
    {
        var status = await repo.StatusAsync([output.FullPath], cancellationToken).ConfigureAwait(false);
        return status.IsClean;
    }

    private static (string? Commit, bool Committed) GitState(Repo repo, string dvcFile)
    {
        if (repo.GitRoot is not { } root) return (null, false);
        try
        {
            using var git = new Repository(root);
            var commit = git.Head.Tip?.Sha;
            var rel = Path.GetRelativePath(root, dvcFile).Replace('\\', '/');
            var state = git.RetrieveStatus(rel);
            return (commit, commit is not null && state == FileStatus.Unaltered);
        }
        catch (LibGit2SharpException)
        {
            return (null, false);
        }
    }

    /// <summary>An md5 over the sorted (relative path, file md5) lines of a folder, for folders DVC does not track.</summary>
    private static string HashFolder(string folder)
    {
        var lines = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            lines.Append(Path.GetRelativePath(folder, file).Replace('\\', '/')).Append('\t').Append(Md5Hasher.HashFile(file)).Append('\n');
        return Md5Hasher.HashBytes(Encoding.UTF8.GetBytes(lines.ToString()));
    }

    /// <summary>MLflow's pandas dataset schema (<c>{"mlflow_colspec": [...]}</c>) and profile (<c>num_rows</c>, <c>num_elements</c>) of a CSV file.</summary>
    private static (string? Schema, string? Profile) CsvSchema(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header)) return (null, null);
        var names = header.Split(',');
        var types = new string[names.Length];
        Array.Fill(types, "long");
        long rows = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            rows++;
            var fields = line.Split(',');
            for (var i = 0; i < names.Length && i < fields.Length; i++)
            {
                if (types[i] == "long" && !long.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    types[i] = "double";
                if (types[i] == "double" && !double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    types[i] = "string";
            }
        }
        var schema = Json(w =>
        {
            w.WriteStartArray("mlflow_colspec");
            for (var i = 0; i < names.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("type", types[i]);
                w.WriteString("name", names[i]);
                w.WriteBoolean("required", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        var profile = Json(w =>
        {
            w.WriteNumber("num_rows", rows);
            w.WriteNumber("num_elements", rows * names.Length);
        });
        return (schema, profile);
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
