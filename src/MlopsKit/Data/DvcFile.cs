using MlopsKit.Yaml;
using YamlDotNet.Core;

namespace MlopsKit.Data;

/// <summary>A <c>.dvc</c> file: its outputs, read strictly and rewritten in place so unknown-but-valid keys and key order survive.</summary>
public sealed class DvcFile : Stage
{
    private static readonly HashSet<string> s_topKeys = ["outs", "deps", "md5", "wdir", "frozen", "meta", "always_changed", "desc", "locked"];
    private static readonly HashSet<string> s_outKeys =
        ["path", "md5", "etag", "checksum", "hash", "size", "nfiles", "isexec", "fs_config", "desc", "type", "labels", "meta",
         "cache", "metric", "plot", "persist", "remote", "push", "cloud", "version_id", "files"];

    private readonly YamlMapping _root;

    private DvcFile(string fullPath, YamlMapping root) : base(fullPath)
    {
        _root = root;
        var outs = new List<Output>();
        if (root["outs"] is YamlSequence seq)
        {
            foreach (var item in seq.Items)
            {
                if (item is not YamlMapping map || map["path"] is not YamlScalar { IsNull: false } p)
                    throw new ConfigException($"{fullPath}: every entry under 'outs' needs a 'path'. Fix the file or re-run 'mlops dvc add'.");
                outs.Add(new Output(this, map, p.Value));
            }
        }
        Outputs = outs;
    }

    /// <summary>The outputs, in file order.</summary>
    public override IReadOnlyList<Output> Outputs { get; }

    /// <summary>True when <c>frozen</c> (or the legacy <c>locked</c>) is set.</summary>
    public override bool Frozen => _root["frozen"] is YamlScalar f && YamlCore.Value(f) is true || _root["locked"] is YamlScalar l && YamlCore.Value(l) is true;


    /// <summary>Reads and validates a <c>.dvc</c> file.</summary>
    /// <exception cref="ConfigException">Invalid YAML, unknown keys, or a missing path.</exception>
    public static DvcFile Load(string fullPath) => Parse(fullPath, File.ReadAllText(fullPath));

    /// <summary>Parses <c>.dvc</c> text (for example one read from a git revision).</summary>
    /// <exception cref="ConfigException">Invalid YAML, unknown keys, or a missing path.</exception>
    public static DvcFile Parse(string fullPath, string text)
    {
        YamlNode? node;
        try
        {
            node = YamlReader.Parse(text);
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{fullPath}: invalid YAML at line {ex.Start.Line}: {OneLine(ex.Message)}. Fix the file, or restore it with 'git checkout -- {Path.GetFileName(fullPath)}'.", ex);
        }
        if (node is not YamlMapping root)
            throw new ConfigException($"{fullPath}: a .dvc file must be a YAML mapping with an 'outs' list. Fix or delete it.");
        foreach (var key in root.Keys)
            if (!s_topKeys.Contains(key))
                throw new ConfigException($"{fullPath}: unknown key '{key}'. DVC accepts only {string.Join(", ", s_topKeys)}; put free-form data under 'meta'.");
        if (root["outs"] is { } outsNode && outsNode is not YamlSequence && !(outsNode is YamlScalar { IsNull: true }))
            throw new ConfigException($"{fullPath}: 'outs' must be a list of outputs ('- path: ...'). Fix the file or re-run 'mlops dvc add'.");
        if (root["outs"] is YamlSequence outs)
            foreach (var o in outs.Items.OfType<YamlMapping>())
            {
                foreach (var key in o.Keys)
                    if (!s_outKeys.Contains(key))
                        throw new ConfigException($"{fullPath}: unknown key '{key}' in an output. Put free-form data under 'meta'.");
                ValidateValues(fullPath, o);
            }
        return new DvcFile(fullPath, root);
    }

    /// <summary>Checks the typed values of an output, so a hand-edited md5 can never name a path outside the cache.</summary>
    private static void ValidateValues(string fullPath, YamlMapping output)
    {
        if (output["md5"] is YamlScalar { IsNull: false } md5 && md5.Value.Length > 0 && !IsOid(md5.Value.ToLowerInvariant()))
            throw new ConfigException($"{fullPath}: md5 '{md5.Value}' is not an md5 hash (32 hex digits, '.dir' for a directory). Restore the file with 'git checkout', or re-run 'mlops dvc add'.");
        foreach (var key in new[] { "size", "nfiles" })
            if (output[key] is YamlScalar { IsNull: false } n && !long.TryParse(n.Value, out _))
                throw new ConfigException($"{fullPath}: {key} '{n.Value}' is not a whole number. Fix the file, or re-run 'mlops dvc add'.");
        if (output["path"] is YamlScalar { IsNull: false } p && (p.Value.Length == 0 || System.IO.Path.IsPathRooted(p.Value)))
            throw new ConfigException($"{fullPath}: output path '{p.Value}' must be relative to the .dvc file's folder. Fix the file, or re-run 'mlops dvc add'.");
    }

    private static bool IsOid(string value)
    {
        var hex = value.EndsWith(".dir", StringComparison.Ordinal) ? value[..^4] : value;
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigitLower);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    /// <summary>A new file with one output at a path relative to the file's folder.</summary>
    public static DvcFile Create(string fullPath, string outputPath)
    {
        var root = new YamlMapping();
        var entry = new YamlMapping();
        entry.Set("path", YamlWriter.Str(outputPath));
        root.Set("outs", new YamlSequence([entry]));
        return new DvcFile(fullPath, root);
    }

    /// <summary>The YAML text DVC would write for the current content.</summary>
    public string ToText() => YamlWriter.Write(_root);

    /// <inheritdoc />
    public override string Address(string repoRoot) => Path.GetRelativePath(repoRoot, FullPath).Replace('\\', '/');

    /// <summary>Writes the file atomically.</summary>
    public override void Save() => IO.AtomicFile.WriteAllText(FullPath, ToText());

    /// <summary>The <c>.dvc</c> path DVC uses for a target: <c>&lt;target&gt;.dvc</c> beside it.</summary>
    public static string PathFor(string targetFullPath) => targetFullPath.TrimEnd(Path.DirectorySeparatorChar) + ".dvc";

    /// <summary>True when a file name looks like a DVC stage file.</summary>
    public static bool IsDvcFileName(string name) => name.EndsWith(".dvc", StringComparison.Ordinal) && name.Length > 4;
}
