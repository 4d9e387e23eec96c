using System.Text;
using System.Text.RegularExpressions;

namespace MlopsKit.Notebooks;

/// <summary>
/// Reads a dotnet-script style <c>.csx</c> file into kernel submissions: every <c>#load</c>-ed file becomes its own submission,
/// before the file that loads it and once per file, so later submissions see its variables, methods and usings.
/// </summary>
internal static partial class ScriptFile
{
    /// <summary>One submission: the file it came from and its code, line for line as in the file.</summary>
    internal sealed record Part(string Path, string Code);

    /// <summary>Resolves the #load tree of <paramref name="scriptPath"/>; throws <see cref="NotFoundException"/> or <see cref="ConfigException"/> with one line.</summary>
    public static IReadOnlyList<Part> Read(string scriptPath, string hostMlopsKit)
    {
        var full = Path.GetFullPath(scriptPath);
        if (!File.Exists(full))
            throw new NotFoundException($"script '{scriptPath}' not found; pass the path of a .csx file.");
        var parts = new List<Part>();
        Visit(full, [], new HashSet<string>(StringComparer.Ordinal), parts, hostMlopsKit);
        return parts;
    }

    private static void Visit(string path, List<string> stack, HashSet<string> done, List<Part> parts, string hostMlopsKit)
    {
        if (done.Contains(path)) return;
        var start = stack.IndexOf(path);
        if (start >= 0)
        {
            var cycle = stack.Skip(start).Append(path).Select(System.IO.Path.GetFileName);
            throw new ConfigException($"#load cycle: {string.Join(" -> ", cycle)}; remove one of these #load lines.");
        }
        stack.Add(path);
        var lines = File.ReadAllLines(path);
        var dir = System.IO.Path.GetDirectoryName(path)!;
        var code = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i == 0 && line.StartsWith("#!", StringComparison.Ordinal))
                line = "";   // a shebang; the kernel would read '#!' as a magic command
            else if (LoadDirective().Match(line) is { Success: true } load)
            {
                var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, load.Groups[1].Value));
                if (!File.Exists(target))
                    throw new NotFoundException($"{System.IO.Path.GetFileName(path)} line {i + 1}: #load file '{load.Groups[1].Value}' not found (looked for {target}).");
                Visit(target, stack, done, parts, hostMlopsKit);
                line = "";   // blank, not removed: line numbers in errors stay the file's own
            }
            else if (ReferenceDirective().Match(line) is { Success: true } reference)
                line = $"#r \"{Reference(reference.Groups[1].Value, dir, hostMlopsKit)}\"";
            code.Append(line).Append('\n');
        }
        stack.RemoveAt(stack.Count - 1);
        done.Add(path);
        parts.Add(new Part(path, code.ToString()));
    }

    /// <summary>
    /// MlopsKit itself binds to the running mlops's copy: the default load context already holds it, so any other copy would only
    /// be compile-time metadata for a different build. Relative assembly paths resolve from the script's folder, as in dotnet-script.
    /// </summary>
    private static string Reference(string value, string dir, string hostMlopsKit)
    {
        if (MlopsKitPackage().IsMatch(value)) return hostMlopsKit;
        if (value.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) || System.IO.Path.IsPathRooted(value)) return value;
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, value));
    }

    [GeneratedRegex("""^\s*#load\s+"([^"]+)"\s*(//.*)?$""")]
    private static partial Regex LoadDirective();

    [GeneratedRegex("""^\s*#r\s+"([^"]+)"\s*(//.*)?$""")]
    private static partial Regex ReferenceDirective();

    [GeneratedRegex("""^nuget:\s*MlopsKit\s*(,.*)?$""", RegexOptions.IgnoreCase)]
    private static partial Regex MlopsKitPackage();
}
