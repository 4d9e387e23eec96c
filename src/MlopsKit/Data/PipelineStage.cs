using MlopsKit.Yaml;

namespace MlopsKit.Data;

/// <summary>One stage of a <c>dvc.yaml</c>: its definition (when resolvable) and what <c>dvc.lock</c> recorded.</summary>
public sealed class PipelineStage : Stage
{
    private readonly PipelineFile _file;
    private readonly List<Output> _outputs = [];

    internal PipelineStage(PipelineFile file, string name, YamlMapping? definition, YamlMapping? lockEntry) : base(file.FullPath)
    {
        _file = file;
        Name = name;
        // A definition that still holds ${...} can only be compared after interpolation, which MlopsKit does not do; the lock is used alone then.
        Definition = definition is not null && !HasInterpolation(definition) ? definition : null;
        LockEntry = lockEntry;
        var options = new Dictionary<string, YamlMapping>(StringComparer.Ordinal);
        foreach (var key in new[] { "outs", "metrics", "plots" })
            foreach (var (path, opts) in DefinedPaths(Definition?[key]))
                options[path] = opts;
        if (lockEntry?["outs"] is YamlSequence outs)
        {
            foreach (var item in outs.Items.OfType<YamlMapping>())
                if (item["path"] is YamlScalar p)
                    _outputs.Add(new Output(this, item, p.Value) { Options = options.GetValueOrDefault(p.Value) });
        }
        else
        {
            foreach (var (path, opts) in options)
            {
                var node = new YamlMapping();
                node.Set("path", YamlWriter.Str(path));
                _outputs.Add(new Output(this, node, path) { Options = opts });
            }
        }
    }

    /// <summary>The stage name (<c>name@key</c> for generated stages).</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string Directory =>
        Definition?["wdir"] is YamlScalar w ? Path.GetFullPath(Path.Combine(base.Directory, w.Value)) : base.Directory;

    /// <inheritdoc />
    public override IReadOnlyList<Output> Outputs => _outputs;

    /// <inheritdoc />
    public override bool Frozen => Definition?["frozen"] is YamlScalar f && YamlCore.Value(f) is true;

    /// <summary>True when the stage is marked <c>always_changed</c>.</summary>
    public bool AlwaysChanged => Definition?["always_changed"] is YamlScalar a && YamlCore.Value(a) is true;

    /// <summary>The command as defined in <c>dvc.yaml</c>, or null when unknown.</summary>
    public string? Command => CommandOf(Definition?["cmd"]);

    /// <summary>The command recorded in <c>dvc.lock</c>, or null when the stage never ran.</summary>
    public string? LockedCommand => CommandOf(LockEntry?["cmd"]);

    /// <summary>Dependency paths (relative to the stage folder): from the definition, else from the lock.</summary>
    public IReadOnlyList<string> DependencyPaths =>
        Definition?["deps"] is YamlSequence d
            ? d.Items.OfType<YamlScalar>().Select(s => s.Value).ToList()
            : (LockEntry?["deps"] as YamlSequence)?.Items.OfType<YamlMapping>().Select(m => (m["path"] as YamlScalar)?.Value).OfType<string>().ToList() ?? [];

    /// <summary>The lock record of a dependency, or null.</summary>
    public YamlMapping? LockedDependency(string path) =>
        (LockEntry?["deps"] as YamlSequence)?.Items.OfType<YamlMapping>().FirstOrDefault(m => m["path"] is YamlScalar p && p.Value == path);

    /// <summary>Tracked params per file: the keys to compare (an empty list means the whole file).</summary>
    public IReadOnlyDictionary<string, List<string>> TrackedParams
    {
        get
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (Definition?["params"] is YamlSequence defined)
            {
                foreach (var item in defined.Items)
                {
                    if (item is YamlScalar s) Add(result, "params.yaml", s.Value);
                    else if (item is YamlMapping m)
                        foreach (var (file, keys) in m.Entries)
                        {
                            if (!result.ContainsKey(file)) result[file] = [];
                            if (keys is YamlSequence ks) foreach (var k in ks.Items.OfType<YamlScalar>()) Add(result, file, k.Value);
                        }
                }
                return result;
            }
            if (LockEntry?["params"] is YamlMapping locked)
                foreach (var (file, values) in locked.Entries)
                    result[file] = values is YamlMapping vm ? vm.Keys.ToList() : [];
            return result;
        }
    }

    /// <summary>The locked value of a param, or null when the lock has none.</summary>
    public YamlNode? LockedParam(string file, string key) => (LockEntry?["params"] as YamlMapping)?[file] is YamlMapping m ? m[key] : null;

    internal YamlMapping? Definition { get; }

    internal YamlMapping? LockEntry { get; }

    /// <inheritdoc />
    public override string Address(string repoRoot)
    {
        var rel = Path.GetRelativePath(repoRoot, FullPath).Replace('\\', '/');
        return rel == "dvc.yaml" ? Name : rel + ":" + Name;
    }

    /// <inheritdoc />
    public override void Save() => _file.SaveLock();

    private static void Add(Dictionary<string, List<string>> map, string file, string key)
    {
        if (!map.TryGetValue(file, out var list)) map[file] = list = [];
        foreach (var k in key.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (!list.Contains(k)) list.Add(k);
    }

    private static string? CommandOf(YamlNode? node) => node switch
    {
        YamlScalar s => s.Value,
        YamlSequence seq => string.Join('\n', seq.Items.OfType<YamlScalar>().Select(x => x.Value)),
        _ => null,
    };

    private static IEnumerable<(string Path, YamlMapping Options)> DefinedPaths(YamlNode? node)
    {
        if (node is not YamlSequence seq) yield break;
        foreach (var item in seq.Items)
        {
            if (item is YamlScalar s) yield return (s.Value, new YamlMapping());
            else if (item is YamlMapping m && m.Entries.Count == 1)
                yield return (m.Entries[0].Key, m.Entries[0].Value as YamlMapping ?? new YamlMapping());
        }
    }

    private static bool HasInterpolation(YamlNode node) => node switch
    {
        YamlScalar s => s.Value.Contains("${", StringComparison.Ordinal),
        YamlSequence q => q.Items.Any(HasInterpolation),
        YamlMapping m => m.Entries.Any(e => e.Key.Contains("${", StringComparison.Ordinal) || HasInterpolation(e.Value)),
        _ => false,
    };
}
