using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlopsKit.Charts;
using MlopsKit.Yaml;
using Plotly.NET;

namespace MlopsKit.Tracking;

/// <summary>Artifacts and dataset inputs of an active run.</summary>
public sealed partial class ActiveRun
{
    /// <summary>Copies a file into the run's artifacts (under <paramref name="artifactPath"/>), or a folder's contents as <paramref name="artifactPath"/>.</summary>
    public Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default) =>
        Client.LogArtifactAsync(RunId, localPath, artifactPath, cancellationToken);

    /// <summary>Writes text as an artifact file (UTF-8), e.g. <c>notes/summary.md</c>.</summary>
    public Task LogTextAsync(string text, string artifactFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Client.LogArtifactBytesAsync(RunId, artifactFile, Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Writes a dictionary (nested dictionaries, lists, strings, numbers, booleans, nulls) as JSON, or as YAML when the file ends in
    /// <c>.yaml</c>/<c>.yml</c>, as MLflow's <c>log_dict</c>.
    /// </summary>
    public Task LogDictAsync(IReadOnlyDictionary<string, object?> dictionary, string artifactFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentException.ThrowIfNullOrEmpty(artifactFile);
        var yaml = artifactFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || artifactFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        var text = yaml ? YamlWriter.Write(ToYaml(dictionary)) : ToJson(dictionary);
        return LogTextAsync(text, artifactFile, cancellationToken);
    }

    /// <summary>Writes a chart (a self-contained HTML page, e.g. from <c>ChartHtml</c>) as an artifact, as MLflow's <c>log_figure</c>.</summary>
    public Task LogFigureAsync(string html, string artifactFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (!artifactFile.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !artifactFile.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"figure file '{artifactFile}' must end in .html.", nameof(artifactFile));
        return LogTextAsync(html, artifactFile, cancellationToken);
    }

    /// <summary>Writes a Plotly chart as an offline HTML page (plotly.js inlined) artifact.</summary>
    public Task LogFigureAsync(GenericChart chart, string artifactFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return LogFigureAsync(ChartHtml.ToHtml(chart, Path.GetFileNameWithoutExtension(artifactFile)), artifactFile, cancellationToken);
    }

    /// <summary>
    /// Records a data file or folder as an input of the run (MLflow's <c>log_input</c>). For data tracked by <c>mlops dvc</c> the digest is
    /// the DVC md5 and the source names the .dvc file and git commit. Returns what was recorded.
    /// </summary>
    public async Task<TrackedDataset> LogInputAsync(string path, string? name = null, string context = "training", CancellationToken cancellationToken = default)
    {
        var dataset = await DatasetLineage.DescribeAsync(path, name, cancellationToken).ConfigureAwait(false);
        await Client.Store.LogInputsAsync(RunId, [new DatasetInput(dataset, new Dictionary<string, string> { [DatasetInput.ContextTag] = context })], cancellationToken)
            .ConfigureAwait(false);
        return dataset;
    }

    private static string ToJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            WriteJson(w, value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d when !double.IsFinite(d): w.WriteStringValue(PythonText.Format(d)); break;
            case float f when !float.IsFinite(f): w.WriteStringValue(PythonText.Format(f)); break;
            case double or float or decimal or int or long or short or byte or uint or ulong:
                w.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!); break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                w.WriteStartObject();
                foreach (var (k, v) in pairs)
                {
                    w.WritePropertyName(k);
                    WriteJson(w, v);
                }
                w.WriteEndObject();
                break;
            case IDictionary dict:
                w.WriteStartObject();
                for (var it = dict.GetEnumerator(); it.MoveNext();)
                {
                    w.WritePropertyName(Convert.ToString(it.Key, CultureInfo.InvariantCulture)!);
                    WriteJson(w, it.Value);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteJson(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static YamlNode ToYaml(object? value) => value switch
    {
        null => new YamlScalar("null"),
        string s => YamlWriter.Str(s),
        bool b => YamlWriter.Bool(b),
        double or float => new YamlScalar(PythonText.Format(value) switch { "nan" => ".nan", "inf" => ".inf", "-inf" => "-.inf", var t => t }),
        decimal or int or long or short or byte or uint or ulong => new YamlScalar(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        IEnumerable<KeyValuePair<string, object?>> pairs => new YamlMapping(pairs.Select(p => new KeyValuePair<string, YamlNode>(p.Key, ToYaml(p.Value))).ToList()),
        IDictionary dict => new YamlMapping(Entries(dict)
            .Select(e => new KeyValuePair<string, YamlNode>(Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, ToYaml(e.Value))).ToList()),
        IEnumerable items => new YamlSequence(items.Cast<object?>().Select(ToYaml).ToList()),
        _ => YamlWriter.Str(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static IEnumerable<DictionaryEntry> Entries(IDictionary dict)
    {
        for (var it = dict.GetEnumerator(); it.MoveNext();) yield return it.Entry;
    }
}
