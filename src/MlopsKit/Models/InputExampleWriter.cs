using System.Text;
using Microsoft.ML;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

/// <summary>Writes <c>input_example.json</c> and <c>serving_input_example.json</c> as MLflow's <c>_save_example</c> does.</summary>
/// <remarks>
/// Column signatures give a pandas "split" frame without index, <c>{"columns": [...], "data": [[...]]}</c>, served as
/// <c>{"dataframe_split": ...}</c>. Tensor signatures give <c>{"inputs": {"name": [[...]]}}</c> (MLflow's ndarray example in
/// tf-serving format), which is also the serving body. Float32 values are written with the shortest digits that read back as
/// the same float32 (<c>5.1</c>, not <c>5.099999904632568</c>).
/// </remarks>
internal static class InputExampleWriter
{
    public const string FileName = "input_example.json";
    public const string ServingFileName = "serving_input_example.json";

    public static async Task<YamlMapping> WriteAsync(IDataView example, ModelSignature signature, string directory, CancellationToken cancellationToken)
    {
        var names = signature.Inputs.Select((s, i) => s.Name ?? example.Schema[i].Name).ToList();
        var columns = names.Select(n => example.Schema.GetColumnOrNull(n)
            ?? throw new ConfigException($"ModelSaveOptions.InputExample has no column '{n}', which the signature lists; pass rows of the raw input data."))
            .ToList();
        var rows = new List<object?[]>();
        using (var cursor = example.GetRowCursor(columns))
        {
            var getters = columns.Select(c => RowValues.Getter(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Add(getters.Select(g => g()).ToArray());
            }
        }

        var info = new YamlMapping();
        info.Set("artifact_path", YamlWriter.Str(FileName));
        string exampleJson, serving;
        if (signature.HasTensorInputs)
        {
            var sb = new StringBuilder("{\"inputs\": {");
            for (var c = 0; c < names.Count; c++)
            {
                if (c > 0) sb.Append(", ");
                PythonJson.WriteString(sb, names[c]);
                sb.Append(": ");
                PythonJson.WriteValue(sb, rows.Select(r => r[c]).ToList());
            }
            exampleJson = serving = sb.Append("}}").ToString();
            info.Set("format", YamlWriter.Str("tf-serving"));
            info.Set("type", YamlWriter.Str("ndarray"));
        }
        else
        {
            var sb = new StringBuilder("{\"columns\": ");
            PythonJson.WriteValue(sb, names);
            sb.Append(", \"data\": ");
            PythonJson.WriteValue(sb, rows);
            exampleJson = sb.Append('}').ToString();
            serving = "{\"dataframe_split\": " + exampleJson + "}";
            info.Set("pandas_orient", YamlWriter.Str("split"));
            info.Set("type", YamlWriter.Str("dataframe"));
        }
        info.Set("serving_input_path", YamlWriter.Str(ServingFileName));
        await File.WriteAllTextAsync(Path.Combine(directory, FileName), exampleJson, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, ServingFileName), serving, cancellationToken).ConfigureAwait(false);
        return info;
    }
}
