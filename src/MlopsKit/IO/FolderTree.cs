namespace MlopsKit.IO;

/// <summary>Deletes a folder tree whose files may be read-only (DVC cache objects are).</summary>
internal static class FolderTree
{
    public static void Delete(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(dir, recursive: true);
    }
}
