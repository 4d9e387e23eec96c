using MlopsKit.IO;

namespace MlopsKit.Data;

/// <summary>Lists the files of a tracked directory as DVC sees them: regular files, recursively, minus ignored paths and nested repos.</summary>
public static class WorkspaceWalker
{
    /// <summary>Files below <paramref name="dirFull"/>, with their path relative to it ('/' separators).</summary>
    /// <exception cref="ConfigException">A <c>.dvcignore</c> sits inside the directory (DVC refuses this).</exception>
    public static List<(string RelPath, string FullPath)> Files(string repoRoot, string dirFull, IgnoreRules rules)
    {
        var result = new List<(string, string)>();
        var baseRel = Path.GetRelativePath(repoRoot, dirFull).Replace('\\', '/');
        if (baseRel == ".") baseRel = "";
        Walk(dirFull, "", baseRel, rules, result);
        return result;
    }

    private static void Walk(string dirFull, string rel, string baseRel, IgnoreRules rules, List<(string, string)> result)
    {
        var repoFolder = Join(baseRel, rel);
        var checkIgnore = rules.AnyRules(repoFolder);
        var subdirs = new List<string>();
        foreach (var (name, kind) in DirectoryEntries.List(dirFull))
        {
            var childRel = rel.Length == 0 ? name : rel + "/" + name;
            var full = Path.Combine(dirFull, name);
            var isLink = kind == EntryKind.Link;
            var dir = kind == EntryKind.Directory || isLink && Directory.Exists(full);
            if (dir && name is ".git" or ".hg" or ".dvc") continue;
            if (checkIgnore && rules.IsIgnoredEntry(Join(baseRel, childRel), dir)) continue;
            if (dir)
            {
                if (isLink) continue;
                if (Directory.Exists(Path.Combine(full, ".dvc"))) continue;
                subdirs.Add(name);
                continue;
            }
            if (name == IgnoreRules.FileName)
                throw new ConfigException($"'{Join(baseRel, childRel)}' is a .dvcignore inside a tracked directory, which DVC does not allow. Move its patterns to the .dvcignore above '{baseRel}'.");
            // File.Exists is true for a dangling link; stat follows it, and a link to nothing has no data to version.
            if (isLink && IO.FileStat.Get(full) is null) continue;
            result.Add((childRel, full));
        }
        foreach (var name in subdirs)
            Walk(Path.Combine(dirFull, name), rel.Length == 0 ? name : rel + "/" + name, baseRel, rules, result);
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "/" + b;
}
