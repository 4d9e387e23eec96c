using Microsoft.ML;
using MlopsKit.Yaml;

namespace MlopsKit.Models;

/// <summary>An MLflow model directory loaded for prediction: its MLmodel, signature and the ML.NET transformer.</summary>
/// <remarks>Immutable and safe to share between threads: <see cref="Predict"/> builds its own data view and cursor per call
/// (no shared <c>PredictionEngine</c>), and ML.NET transformers may be applied from many threads at once.</remarks>
public sealed class LoadedModel
{
    internal LoadedModel(string directory, MlmodelFile mlmodel, MLContext mlContext, ITransformer transformer, DataViewSchema inputSchema, string? labelColumn)
    {
        Directory = directory;
        Mlmodel = mlmodel;
        Signature = mlmodel.Signature;
        MlContext = mlContext;
        Transformer = transformer;
        InputSchema = inputSchema;
        LabelColumn = labelColumn;
    }

    /// <summary>The model directory.</summary>
    public string Directory { get; }

    /// <summary>The parsed MLmodel file, unknown keys included.</summary>
    public MlmodelFile Mlmodel { get; }

    /// <summary>The signature, or null when the model was saved without one (then every input column is required).</summary>
    public ModelSignature? Signature { get; }

    /// <summary>The flavors listed in MLmodel.</summary>
    public IReadOnlyDictionary<string, YamlMapping> Flavors => Mlmodel.Flavors;

    /// <summary>The run that logged the model, or null.</summary>
    public string? RunId => Mlmodel.RunId;

    /// <summary>The context the model was loaded into.</summary>
    public MLContext MlContext { get; }

    /// <summary>The ML.NET model.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The raw input schema saved with the model.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The label column recorded at save time (not part of the signature; filled with a missing value), or null.</summary>
    public string? LabelColumn { get; }

    /// <summary>Predicts from rows of column name → value, without compile-time types.</summary>
    /// <param name="rows">One dictionary per row. Values may be CLR values (float, double, int, long, bool, string, DateTime,
    /// arrays for vector inputs) or <see cref="System.Text.Json.JsonElement"/>s straight from a request body.</param>
    /// <returns>One dictionary per row with the signature's output columns (or ML.NET's prediction columns): float, bool,
    /// string, long for keys, float[] for vectors.</returns>
    /// <exception cref="ModelInputException">A row does not match the signature (see MLflow's enforcement rules).</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        var input = InputConverter.Build(InputSchema, Signature, LabelColumn, rows);
        var output = Transformer.Transform(input);
        var columns = OutputColumns(output.Schema);
        var results = new List<IReadOnlyDictionary<string, object?>>(rows.Count);
        using var cursor = output.GetRowCursor(columns);
        var getters = columns.Select(c => (c.Name, Get: RowValues.Getter(cursor, c))).ToArray();
        while (cursor.MoveNext())
        {
            var row = new Dictionary<string, object?>(getters.Length, StringComparer.Ordinal);
            foreach (var (name, get) in getters) row[name] = get();
            results.Add(row);
        }
        return results;
    }

    /// <summary>The columns <see cref="Predict"/> returns from a transformed schema: the signature's outputs, else ML.NET's prediction columns.</summary>
    internal List<DataViewSchema.Column> OutputColumns(DataViewSchema schema)
    {
        var names = Signature?.Outputs?.Where(o => o.Name is not null).Select(o => o.Name!).ToList();
        if (names is { Count: > 0 })
        {
            var found = names.Select(n => schema.GetColumnOrNull(n)).Where(c => c is not null).Select(c => c!.Value).ToList();
            if (found.Count > 0) return found;
        }
        var inferred = ModelSignature.Infer(InputSchema, schema).Outputs ?? [];
        return inferred.Select(o => schema[o.Name!]).ToList();
    }
}
