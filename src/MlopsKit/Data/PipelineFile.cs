using MlopsKit.Yaml;
using YamlDotNet.Core;

namespace MlopsKit.Data;

/// <summary>A <c>dvc.yaml</c> with its <c>dvc.lock</c>: the stages, what each recorded, and the lock file to rewrite on commit.</summary>
public sealed class PipelineFile
{
    private static readonly HashSet<string> s_topKeys = ["stages", "vars", "params", "metrics", "plots", "artifacts", "datasets"];
    private static readonly HashSet<string> s_lockTopKeys = ["schema", "stages", "datasets"];

    private PipelineFile(string fullPath, YamlMapping? lockRoot)
    {
        FullPath = fullPath;
        LockRoot = lockRoot;
    }

    /// <summary>Absolute path of <c>dvc.yaml</c>.</summary>
    public string FullPath { get; }

    /// <summary>Absolute path of the <c>dvc.lock</c> beside it.</summary>
    public string LockPath => Path.Combine(Path.GetDirectoryName(FullPath)!, "dvc.lock");

    /// <summary>The stages: every stage recorded in the lock file, plus defined stages not run yet.</summary>
    public IReadOnlyList<PipelineStage> Stages { get; private set; } = [];

    internal YamlMapping? LockRoot { get; private set; }

    /// <summary>Reads <c>dvc.yaml</c> and its lock file.</summary>
    /// <exception cref="ConfigException">Invalid YAML, unknown keys, or a DVC 1.x lock file.</exception>
    public static PipelineFile Load(string dvcYamlPath) =>
        Parse(dvcYamlPath, File.ReadAllText(dvcYamlPath), File.Exists(Path.Combine(Path.GetDirectoryName(dvcYamlPath)!, "dvc.lock")) ? File.ReadAllText(Path.Combine(Path.GetDirectoryName(dvcYamlPath)!, "dvc.lock")) : null);

    /// <summary>Parses the two texts (for example read from a git revision).</summary>
    public static PipelineFile Parse(string dvcYamlPath, string yamlText, string? lockText)
    {
        var def = ParseMapping(dvcYamlPath, yamlText, s_topKeys) ?? new YamlMapping();
        var lockPath = Path.Combine(Path.GetDirectoryName(dvcYamlPath)!, "dvc.lock");
        var lockRoot = lockText is null ? null : ParseMapping(lockPath, lockText, s_lockTopKeys);
        if (lockRoot is not null && lockRoot["schema"] is not YamlScalar { Value: "2.0" })
            throw new ConfigException($"{lockPath} is in the DVC 1.x format (no \"schema: '2.0'\"). Run 'dvc repro' with DVC 3 once to upgrade it.");
        var file = new PipelineFile(dvcYamlPath, lockRoot);
        var stages = new List<PipelineStage>();
        var defs = def["stages"] as YamlMapping ?? new YamlMapping();
        var locks = lockRoot?["stages"] as YamlMapping ?? new YamlMapping();
        foreach (var (name, node) in locks.Entries)
        {
            if (node is not YamlMapping entry) throw new ConfigException($"{lockPath}: stage '{name}' must be a mapping.");
            stages.Add(new PipelineStage(file, name, defs[name] as YamlMapping, entry));
        }
        foreach (var (name, node) in defs.Entries)
        {
            if (node is not YamlMapping d) throw new ConfigException($"{dvcYamlPath}: stage '{name}' must be a mapping with a 'cmd'.");
            if (d["foreach"] is not null || d["matrix"] is not null || locks[name] is not null) continue;
            if (d["cmd"] is null) throw new ConfigException($"{dvcYamlPath}: stage '{name}' has no 'cmd'.");
            stages.Add(new PipelineStage(file, name, d, null));
        }
        file.Stages = stages;
        return file;
    }

    /// <summary>Writes <c>dvc.lock</c> with the stages' current entries.</summary>
    public void SaveLock()
    {
        if (LockRoot is null) return;
        IO.AtomicFile.WriteAllText(LockPath, YamlWriter.Write(LockRoot));
    }

    private static YamlMapping? ParseMapping(string path, string text, HashSet<string> allowed)
    {
        YamlNode? node;
        try
        {
            node = YamlReader.Parse(text);
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{path}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }
        if (node is null) return null;
        if (node is not YamlMapping map) throw new ConfigException($"{path}: expected a mapping at the top level.");
        foreach (var key in map.Keys)
            if (!allowed.Contains(key))
                throw new ConfigException($"{path}: unknown top-level key '{key}'. Allowed: {string.Join(", ", allowed)}.");
        return map;
    }
}
