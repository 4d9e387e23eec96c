using System.Globalization;
using MlopsKit.Yaml;
using YamlDotNet.Core;

namespace MlopsKit.Models;

/// <summary>The <c>MLmodel</c> file at the root of an MLflow model directory: every key as read, with typed views of the known ones.</summary>
/// <remarks>
/// Keys MlopsKit does not know (<c>metadata</c>, <c>databricks_runtime</c>, 3.x's <c>model_id</c>, <c>prompts</c>...) stay in
/// <see cref="Root"/> and are written back unchanged. <see cref="ToYaml"/> writes PyYAML's form (sorted keys, long strings
/// folded at column 80), which is what MLflow's own <c>to_yaml</c> produces.
/// </remarks>
public sealed class MlmodelFile
{
    /// <summary>The file name MLflow looks for in a model directory.</summary>
    public const string FileName = "MLmodel";

    /// <summary>Wraps a parsed MLmodel mapping.</summary>
    public MlmodelFile(YamlMapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
    }

    /// <summary>Every top-level key in file order; edits here are written by <see cref="ToYaml"/>.</summary>
    public YamlMapping Root { get; }

    /// <summary>The run-relative artifact path (<c>model</c>), or null for a model saved outside a run.</summary>
    public string? ArtifactPath => Text("artifact_path");

    /// <summary>The run that logged the model, or null.</summary>
    public string? RunId => Text("run_id");

    /// <summary>The model's uuid4 hex id.</summary>
    public string? ModelUuid => Text("model_uuid");

    /// <summary>The MLflow version that wrote the file.</summary>
    public string? MlflowVersion => Text("mlflow_version");

    /// <summary>Creation time as written (<c>YYYY-MM-DD HH:MM:SS.ffffff</c>, UTC).</summary>
    public string? UtcTimeCreated => Text("utc_time_created");

    /// <summary>Total bytes of the model directory when it was saved, or null.</summary>
    public long? ModelSizeBytes => long.TryParse(Text("model_size_bytes"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Flavor name to its settings (<c>mlnet</c>, <c>python_function</c>, <c>sklearn</c>...), in file order.</summary>
    public IReadOnlyDictionary<string, YamlMapping> Flavors =>
        Root["flavors"] is YamlMapping flavors
            ? flavors.Entries.Where(e => e.Value is YamlMapping).ToDictionary(e => e.Key, e => (YamlMapping)e.Value, StringComparer.Ordinal)
            : new Dictionary<string, YamlMapping>();

    /// <summary>The signature, or null when the model has none.</summary>
    /// <exception cref="ConfigException">The signature's JSON strings are malformed.</exception>
    public ModelSignature? Signature => Root["signature"] is YamlMapping s ? ModelSignature.FromYaml(s) : null;

    /// <summary>The <c>saved_input_example_info</c> mapping (artifact_path, type, pandas_orient...), or null.</summary>
    public YamlMapping? SavedInputExampleInfo => Root["saved_input_example_info"] as YamlMapping;

    /// <summary>Parses MLmodel text.</summary>
    /// <exception cref="ConfigException">The text is not YAML, or not a mapping.</exception>
    public static MlmodelFile Parse(string text, string source = FileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlNode? root;
        try
        {
            root = YamlReader.Parse(text);
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"'{source}' is not valid YAML ({ex.Message}); an MLflow model directory needs an MLmodel file as MLflow writes it.", ex);
        }
        return root is YamlMapping map
            ? new MlmodelFile(map)
            : throw new ConfigException($"'{source}' is not an MLmodel file: expected a YAML mapping with keys such as flavors and model_uuid.");
    }

    /// <summary>Reads the MLmodel file of a model directory.</summary>
    /// <exception cref="NotFoundException">The directory or its MLmodel file does not exist.</exception>
    /// <exception cref="ConfigException">The file is not an MLmodel YAML mapping.</exception>
    public static async Task<MlmodelFile> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, FileName);
        if (!Directory.Exists(directory))
            throw new NotFoundException($"model directory '{directory}' does not exist; check the path or model URI.");
        if (!File.Exists(path))
            throw new NotFoundException($"'{directory}' has no {FileName} file, so it is not an MLflow model directory; point at the folder that holds {FileName}.");
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    /// <summary>The file text as MLflow writes it (PyYAML <c>safe_dump</c>, keys sorted).</summary>
    public string ToYaml() => PyYamlEmitter.Dump(Root);

    private string? Text(string key) => Root[key] is YamlScalar s && !s.IsNull ? s.Value : null;
}
