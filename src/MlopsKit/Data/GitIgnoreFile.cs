using System.Text;

namespace MlopsKit.Data;

/// <summary>Adds and removes the <c>/name</c> lines DVC keeps in the <c>.gitignore</c> beside each cached output.</summary>
public static class GitIgnoreFile
{
    /// <summary>The gitignore line for a path's basename: <c>/name</c> with <c>[ ] ! * # ?</c> escaped.</summary>
    public static string EntryFor(string fullPath)
    {
        var name = Path.GetFileName(fullPath.TrimEnd(Path.DirectorySeparatorChar));
        var sb = new StringBuilder("/");
        foreach (var c in name)
        {
            if (c is '[' or ']' or '!' or '*' or '#' or '?') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Appends the entry for a path to its folder's <c>.gitignore</c> unless it is there; returns the file when it changed.</summary>
    public static string? Add(string fullPath)
    {
        var file = Path.Combine(Path.GetDirectoryName(fullPath.TrimEnd(Path.DirectorySeparatorChar))!, ".gitignore");
        var entry = EntryFor(fullPath);
        var existing = File.Exists(file) ? File.ReadAllText(file) : "";
        if (existing.Split('\n').Any(l => l.TrimEnd('\r') == entry)) return null;
        var text = existing.Length > 0 && !existing.EndsWith('\n') ? existing + "\n" + entry + "\n" : existing + entry + "\n";
        IO.AtomicFile.WriteAllText(file, text);
        return file;
    }

    /// <summary>Removes the exact entry line; deletes the file when it becomes empty.</summary>
    public static string? Remove(string fullPath)
    {
        var file = Path.Combine(Path.GetDirectoryName(fullPath.TrimEnd(Path.DirectorySeparatorChar))!, ".gitignore");
        if (!File.Exists(file)) return null;
        var entry = EntryFor(fullPath);
        var lines = File.ReadAllText(file).Split('\n').ToList();
        if (lines.RemoveAll(l => l.TrimEnd('\r') == entry) == 0) return null;
        var text = string.Join('\n', lines);
        if (text.Trim().Length == 0) File.Delete(file);
        else IO.AtomicFile.WriteAllText(file, text);
        return file;
    }
}
