namespace MlopsKit.Interactive.Tests.Support;

/// <summary>A fresh folder under /tmp, deleted (read-only cache objects included) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    private TempDir(string path) => Path = path;

    public string Path { get; }

    public static TempDir Create(string prefix = "mlopskit-nb")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return new TempDir(path);
    }

    public string this[string relative] => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public void Dispose()
    {
        if (!Directory.Exists(Path)) return;
        foreach (var dir in Directory.EnumerateDirectories(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        Directory.Delete(Path, recursive: true);
    }
}
