namespace MlopsKit.IO;

/// <summary>Writes files so that readers see either the old content or the complete new one, never a part.</summary>
public static class AtomicFile
{
    /// <summary>A temporary name beside the target, hidden and recognisable as DVC's: <c>.&lt;random&gt;.tmp</c>.</summary>
    public static string TempPathFor(string target)
    {
        var dir = Path.GetDirectoryName(target) ?? ".";
        return Path.Combine(dir, "." + Guid.NewGuid().ToString("N")[..22] + ".tmp");
    }

    /// <summary>True for a name <see cref="TempPathFor"/> makes: what an interrupted write leaves behind.</summary>
    public static bool IsTempName(string fileName) =>
        fileName.Length == 27 && fileName[0] == '.' && fileName.EndsWith(".tmp", StringComparison.Ordinal) && !fileName.AsSpan(1, 22).ContainsAnyExcept(s_hex);

    private static readonly System.Buffers.SearchValues<char> s_hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>Writes bytes to a temporary file, then renames it over the target.</summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> bytes, UnixFileMode? mode = null)
    {
        var temp = TempPathFor(target);
        try
        {
            using (var output = Create(temp, mode))
                output.Write(bytes);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no BOM) atomically.</summary>
    public static void WriteAllText(string target, string text) =>
        WriteAllBytes(target, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Copies a file (with the kernel's fast copy) to a temporary name beside the target, sets its mode, then renames it into place.</summary>
    public static void Copy(string source, string target, UnixFileMode? mode)
    {
        if (!File.Exists(target) && FileLinks.TryCopyNew(source, target, mode ?? (UnixFileMode)0b110_100_100)) return;
        var temp = TempPathFor(target);
        try
        {
            if (!FileLinks.TryKernelCopy(source, temp, mode ?? (UnixFileMode)0b110_100_100))
            {
                File.Copy(source, temp);
                if (mode is { } m && !OperatingSystem.IsWindows() && File.GetUnixFileMode(temp) != m) File.SetUnixFileMode(temp, m);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, making it writable first when it is read-only (cache objects are 0444).</summary>
    public static void ForceDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (UnauthorizedAccessException)
        {
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }
    }

    /// <summary>Deletes a file if it exists, swallowing errors; used to clean up after a failed write.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) ForceDelete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates a new file for writing; a given mode is applied at creation, so no window exists where the file is writable by others.</summary>
    internal static FileStream Create(string path, UnixFileMode? mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
        return new FileStream(path, options);
    }
}
