using System.Text;
using System.Text.RegularExpressions;

namespace MlopsKit.Data;

/// <summary>The <c>.dvcignore</c> rules of a repository: gitignore syntax, one file per folder, later lines win.</summary>
public sealed class IgnoreRules
{
    /// <summary>The ignore file name.</summary>
    public const string FileName = ".dvcignore";

    private static readonly HashSet<string> s_alwaysIgnoredDirs = [".git", ".hg", ".dvc"];
    private readonly string _root;
    private readonly Dictionary<string, List<Rule>> _byFolder = new(StringComparer.Ordinal);

    /// <summary>Creates the rules for a repository root; <c>.dvcignore</c> files are read as folders are visited.</summary>
    public IgnoreRules(string root)
    {
        _root = root;
    }

    /// <summary>True when a path (relative to the root, '/' separators) is ignored, itself or through a parent folder.</summary>
    public bool IsIgnored(string relPath, bool isDirectory)
    {
        var parts = relPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var sub = string.Join('/', parts, 0, i + 1);
            var dir = i < parts.Length - 1 || isDirectory;
            if (IsIgnoredEntry(sub, dir)) return true;
        }
        return false;
    }

    /// <summary>True when any <c>.dvcignore</c> rule can apply inside a folder (relative, '/' separators).</summary>
    public bool AnyRules(string folder)
    {
        foreach (var (_, rules) in RulesFor(folder))
            if (rules.Count > 0) return true;
        return false;
    }

    /// <summary>True when one entry is ignored, given that its parent folder is not.</summary>
    public bool IsIgnoredEntry(string relPath, bool isDirectory)
    {
        var slash = relPath.LastIndexOf('/');
        var name = slash < 0 ? relPath : relPath[(slash + 1)..];
        if (isDirectory && s_alwaysIgnoredDirs.Contains(name)) return true;
        var ignored = false;
        var folder = slash < 0 ? "" : relPath[..slash];
        foreach (var (baseDir, rules) in RulesFor(folder))
        {
            var sub = baseDir.Length == 0 ? relPath : relPath[(baseDir.Length + 1)..];
            foreach (var rule in rules)
            {
                if (rule.DirOnly && !isDirectory) continue;
                if (rule.Pattern.IsMatch(sub)) ignored = !rule.Negate;
            }
        }
        return ignored;
    }

    /// <summary>Which line of which file ignores a path, for <c>check-ignore -d</c>; null when none does.</summary>
    public (string File, int Line, string Pattern)? Explain(string relPath, bool isDirectory)
    {
        (string, int, string)? hit = null;
        var slash = relPath.LastIndexOf('/');
        var folder = slash < 0 ? "" : relPath[..slash];
        foreach (var (baseDir, rules) in RulesFor(folder))
        {
            var sub = baseDir.Length == 0 ? relPath : relPath[(baseDir.Length + 1)..];
            foreach (var rule in rules)
                if ((!rule.DirOnly || isDirectory) && rule.Pattern.IsMatch(sub))
                    hit = ((baseDir.Length == 0 ? "" : baseDir + "/") + FileName, rule.Line, rule.Text);
        }
        return hit;
    }

    /// <summary>Compiles one gitignore pattern into a regex over paths relative to the pattern's folder.</summary>
    public static Regex CompilePattern(string pattern, out bool dirOnly, out bool negate)
    {
        negate = pattern.StartsWith('!');
        if (negate) pattern = pattern[1..];
        dirOnly = pattern.EndsWith('/') && pattern.Length > 1;
        if (dirOnly) pattern = pattern.TrimEnd('/');
        var anchored = pattern.Contains('/', StringComparison.Ordinal);
        pattern = pattern.TrimStart('/');
        var sb = new StringBuilder("^");
        if (!anchored) sb.Append("(?:.*/)?");
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var atStart = i == 0;
                var slashAfter = i + 2 < pattern.Length && pattern[i + 2] == '/';
                var atEnd = i + 2 == pattern.Length;
                if (atStart && slashAfter) { sb.Append("(?:.*/)?"); i += 3; continue; }
                if (atEnd) { sb.Append(".*"); i += 2; continue; }
                if (slashAfter && i > 0 && pattern[i - 1] == '/') { sb.Append("(?:.*/)?"); i += 3; continue; }
                sb.Append("[^/]*");
                i += 2;
                continue;
            }
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '\\' when i + 1 < pattern.Length: sb.Append(Regex.Escape(pattern[++i].ToString())); break;
                case '[':
                    var end = pattern.IndexOf(']', i + 2);
                    if (end < 0) { sb.Append("\\["); break; }
                    var body = pattern[(i + 1)..end];
                    if (body.StartsWith('!')) body = "^" + body[1..];
                    sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
            i++;
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    private IEnumerable<(string BaseDir, List<Rule> Rules)> RulesFor(string folder)
    {
        yield return ("", Load(""));
        if (folder.Length == 0) yield break;
        var idx = 0;
        while (true)
        {
            idx = folder.IndexOf('/', idx + 1);
            var prefix = idx < 0 ? folder : folder[..idx];
            yield return (prefix, Load(prefix));
            if (idx < 0) yield break;
        }
    }

    private List<Rule> Load(string folder)
    {
        lock (_byFolder)
        {
            if (_byFolder.TryGetValue(folder, out var cached)) return cached;
            var rules = new List<Rule>();
            var file = Path.Combine(_root, folder, FileName);
            if (File.Exists(file))
            {
                var lineNo = 0;
                foreach (var raw in File.ReadAllLines(file))
                {
                    lineNo++;
                    var line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith('#')) continue;
                    var regex = CompilePattern(line, out var dirOnly, out var negate);
                    rules.Add(new Rule(regex, negate, dirOnly, lineNo, line));
                }
            }
            _byFolder[folder] = rules;
            return rules;
        }
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirOnly, int Line, string Text);
}
