using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MlopsKit.Yaml;
using YamlDotNet.Core;

namespace MlopsKit.Tracking;

/// <summary>
/// Reads the folders of an MLflow file store (mlflow.md §3): meta.yaml files written by <c>yaml.safe_dump</c>, one file
/// per param/tag holding the raw value, metric files of <c>timestamp value [step]</c> lines, keys with '/' as sub-folders.
/// </summary>
internal static partial class MlrunsReader
{
    public const string MetaFile = "meta.yaml";

    /// <summary>Folders of an experiment folder that are not runs.</summary>
    public static readonly IReadOnlySet<string> ReservedExperimentFolders = new HashSet<string>(StringComparer.Ordinal) { "tags", "datasets", "traces", "models" };

    private static readonly string[] s_statusNames = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex RunIdPattern();

    public static MlrunsExperiment ReadExperiment(string dir, bool inTrash)
    {
        var metaPath = Path.Combine(dir, MetaFile);
        var meta = ReadMeta(metaPath);
        var name = Text(meta, "name", metaPath);
        if (string.IsNullOrEmpty(name)) throw new MlrunsFormatException(metaPath, null, "the experiment has no 'name'");
        var stage = Text(meta, "lifecycle_stage", metaPath) is { Length: > 0 } s ? s : "active";
        if (inTrash) stage = "deleted";
        if (stage is not ("active" or "deleted"))
            throw new MlrunsFormatException(metaPath, null, $"lifecycle_stage '{stage}' is neither 'active' nor 'deleted'");
        return new MlrunsExperiment(Path.GetFileName(dir), dir, name, stage, Long(meta, "creation_time", metaPath), Long(meta, "last_update_time", metaPath),
            ReadValues(Path.Combine(dir, "tags")));
    }

    public static MlrunsRun ReadRun(string dir, string experimentDir)
    {
        var metaPath = Path.Combine(dir, MetaFile);
        if (!File.Exists(metaPath)) throw new MlrunsFormatException(dir, null, "a run folder needs a meta.yaml; this one has none");
        var meta = ReadMeta(metaPath);
        var folderName = Path.GetFileName(dir);
        var runId = Text(meta, "run_id", metaPath) is { Length: > 0 } id ? id : Text(meta, "run_uuid", metaPath) ?? folderName;
        if (runId != folderName)
            throw new MlrunsFormatException(metaPath, null, $"run_id '{runId}' does not match the folder name '{folderName}'");
        if (!RunIdPattern().IsMatch(runId))
            throw new MlrunsFormatException(metaPath, null, $"run_id '{runId}' is not a valid MLflow run id");
        var tags = ReadValues(Path.Combine(dir, "tags"));
        var stage = Text(meta, "lifecycle_stage", metaPath) is { Length: > 0 } s ? s : "active";
        if (stage is not ("active" or "deleted"))
            throw new MlrunsFormatException(metaPath, null, $"lifecycle_stage '{stage}' is neither 'active' nor 'deleted'");
        var name = Text(meta, "run_name", metaPath) is { Length: > 0 } n ? n : tags.GetValueOrDefault("mlflow.runName") ?? "";
        var user = Text(meta, "user_id", metaPath) is { Length: > 0 } u ? u : tags.GetValueOrDefault("mlflow.user") ?? "";
        return new MlrunsRun(runId, dir, name, user, Status(meta, metaPath), Long(meta, "start_time", metaPath) ?? 0, Long(meta, "end_time", metaPath),
            stage, Long(meta, "deleted_time", metaPath), Text(meta, "artifact_uri", metaPath) ?? "", SourceType(meta, metaPath),
            ReadValues(Path.Combine(dir, "params")), tags, ReadMetrics(Path.Combine(dir, "metrics")), ReadInputs(dir, experimentDir));
    }

    /// <summary>Parses one metric line as MLflow's <c>_get_metric_from_line</c>: 3 fields, or 2 (step 0) in old files.</summary>
    public static Metric ParseMetricLine(string key, string line, string path, int lineNumber)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (2 or 3))
            throw new MlrunsFormatException(path, lineNumber, $"expected '<timestamp> <value> <step>' but found '{Shorten(line)}'");
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
            throw new MlrunsFormatException(path, lineNumber, $"timestamp '{Shorten(parts[0])}' is not a whole number of milliseconds");
        if (!TryParsePythonFloat(parts[1], out var value))
            throw new MlrunsFormatException(path, lineNumber, $"value '{Shorten(parts[1])}' is not a number");
        long step = 0;
        if (parts.Length == 3 && !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out step))
            throw new MlrunsFormatException(path, lineNumber, $"step '{Shorten(parts[2])}' is not a whole number");
        return new Metric(key, value, timestamp, step);
    }

    /// <summary>Python <c>float()</c> text: <c>nan</c>, <c>inf</c>, <c>-inf</c>, <c>infinity</c> (any case) and decimal or exponent forms.</summary>
    public static bool TryParsePythonFloat(string text, out double value)
    {
        var t = text.Trim();
        var body = t.TrimStart('+', '-');
        var negative = t.StartsWith('-');
        if (body.Length == t.Length - 1 || body.Length == t.Length)
        {
            if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                value = double.NaN;
                return true;
            }
            if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
        }
        return double.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static List<Metric> ReadMetrics(string folder)
    {
        var points = new List<Metric>();
        foreach (var (key, path) in KeyFiles(folder))
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path, Encoding.UTF8))
            {
                lineNumber++;
                if (line.Trim().Length == 0) continue;
                points.Add(ParseMetricLine(key, line, path, lineNumber));
            }
        }
        return points;
    }

    /// <summary>Params or tags: one file per key holding the raw value (not trimmed: MLflow writes no newline).</summary>
    private static Dictionary<string, string> ReadValues(string folder)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, path) in KeyFiles(folder)) values[key] = ReadUtf8(path);
        return values;
    }

    /// <summary>Dataset inputs: <c>inputs/&lt;id&gt;/meta.yaml</c> links to <c>&lt;experiment&gt;/datasets/&lt;source_id&gt;/meta.yaml</c>.</summary>
    private static List<DatasetInput> ReadInputs(string runDir, string experimentDir)
    {
        var inputs = new List<DatasetInput>();
        var folder = Path.Combine(runDir, "inputs");
        if (!Directory.Exists(folder)) return inputs;
        foreach (var inputDir in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var metaPath = Path.Combine(inputDir, MetaFile);
            var meta = ReadMeta(metaPath);
            var sourceType = Text(meta, "source_type", metaPath);
            if (sourceType != "DATASET")
                throw new MlrunsFormatException(metaPath, null, $"input source_type '{sourceType}' is not DATASET; only dataset inputs are imported");
            var sourceId = Text(meta, "source_id", metaPath) ?? "";
            if (sourceId.Length == 0 || sourceId.Contains('/', StringComparison.Ordinal) || sourceId.Contains('\\', StringComparison.Ordinal) || sourceId.StartsWith('.'))
                throw new MlrunsFormatException(metaPath, null, $"source_id '{sourceId}' does not name a dataset folder");
            var datasetMetaPath = Path.Combine(experimentDir, "datasets", sourceId, MetaFile);
            if (!File.Exists(datasetMetaPath))
                throw new MlrunsFormatException(metaPath, null, $"the input refers to dataset '{sourceId}', but {datasetMetaPath} does not exist");
            var d = ReadMeta(datasetMetaPath);
            var dataset = new TrackedDataset(Required(d, "name", datasetMetaPath), Required(d, "digest", datasetMetaPath),
                Required(d, "source_type", datasetMetaPath), Required(d, "source", datasetMetaPath), Text(d, "schema", datasetMetaPath), Text(d, "profile", datasetMetaPath));
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (meta["tags"] is YamlMapping tagMap)
            {
                foreach (var (k, v) in tagMap.Entries)
                    tags[k] = v is YamlScalar sv && !sv.IsNull ? sv.Value : "";
            }
            inputs.Add(new DatasetInput(dataset, tags));
        }
        return inputs;
    }

    /// <summary>Files under a folder, recursively, with their key: the relative path joined by '/'.</summary>
    private static IEnumerable<(string Key, string Path)> KeyFiles(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), f))
            .OrderBy(f => f.Item1, StringComparer.Ordinal);
    }

    private static YamlMapping ReadMeta(string path)
    {
        if (!File.Exists(path)) throw new MlrunsFormatException(path, null, "the file is missing");
        try
        {
            return YamlReader.Parse(ReadUtf8(path)) as YamlMapping
                ?? throw new MlrunsFormatException(path, null, "expected a YAML mapping of keys to values (the file is empty or not a mapping)");
        }
        catch (YamlException e)
        {
            throw new MlrunsFormatException(path, (int)e.Start.Line, $"not valid YAML ({e.Message})");
        }
    }

    private static string ReadUtf8(string path)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new MlrunsFormatException(path, null, "the file is not UTF-8 text");
        }
    }

    private static string? Text(YamlMapping meta, string key, string path) => meta[key] switch
    {
        null => null,
        YamlScalar s when s.IsNull => null,
        YamlScalar s => s.Value,
        _ => throw new MlrunsFormatException(path, null, $"'{key}' should be a single value"),
    };

    private static string Required(YamlMapping meta, string key, string path) =>
        Text(meta, key, path) is { Length: > 0 } value ? value : throw new MlrunsFormatException(path, null, $"'{key}' is missing");

    private static long? Long(YamlMapping meta, string key, string path)
    {
        var text = Text(meta, key, path);
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value : throw new MlrunsFormatException(path, null, $"'{key}: {Shorten(text)}' is not a whole number of milliseconds");
    }

    /// <summary>Integer RunStatus (1 RUNNING … 5 KILLED), or its name; missing means RUNNING, as in MLflow.</summary>
    private static RunStatus Status(YamlMapping meta, string path)
    {
        var text = Text(meta, "status", path);
        if (text is null) return RunStatus.RUNNING;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5) return (RunStatus)(n - 1);
        if (Array.IndexOf(s_statusNames, text) is var i and >= 0) return (RunStatus)i;
        throw new MlrunsFormatException(path, null, $"status '{Shorten(text)}' is not one of 1..5 (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)");
    }

    /// <summary>MLflow's SourceType (NOTEBOOK 1, JOB 2, PROJECT 3, LOCAL 4, UNKNOWN 1000) by name, as the SQL store keeps it.</summary>
    private static string SourceType(YamlMapping meta, string path) => Text(meta, "source_type", path) switch
    {
        "1" or "NOTEBOOK" => "NOTEBOOK",
        "2" or "JOB" => "JOB",
        "3" or "PROJECT" => "PROJECT",
        "4" or "LOCAL" => "LOCAL",
        _ => "UNKNOWN",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
