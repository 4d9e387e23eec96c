using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Models;

public sealed partial class ModelSignature
{
    // ML.NET's standard prediction columns (DefaultColumnNames), in the order the signature lists them.
    private static readonly string[] s_predictionColumns = ["PredictedLabel", "Score", "Probability"];

    /// <summary>Infers a signature from the raw input schema a model was trained on and the schema its transformer produces.</summary>
    /// <param name="input">
    /// The schema of the data the caller will send: the raw data view (e.g. loaded from CSV), not the schema after
    /// <c>Concatenate</c>, so a model trained on a <c>Features</c> vector built from <c>sepal_length</c>... lists those
    /// named columns. Hidden columns and <paramref name="excludedColumns"/> (the label) are left out.
    /// </param>
    /// <param name="output">The transformer's output schema (<c>model.GetOutputSchema(input)</c>).</param>
    /// <param name="excludedColumns">Input columns that are not part of the signature, typically the label.</param>
    /// <remarks>
    /// <para>Inputs: each scalar column becomes a column spec (<c>Single</c> → <c>float</c>, <c>Double</c> → <c>double</c>,
    /// <c>Int32</c> → <c>integer</c>, <c>Int64</c> → <c>long</c>, <c>Boolean</c> → <c>boolean</c>, text → <c>string</c>,
    /// <c>DateTime</c> → <c>datetime</c>, key → <c>long</c>). When every input is a vector, each becomes a tensor spec
    /// <c>{"dtype": "float32", "shape": [-1, N]}</c> (<c>-1</c> for a variable size). When vectors and scalars are mixed, vectors
    /// become <c>array</c> column specs, because MLflow refuses schemas that mix columns and tensors.</para>
    /// <para>Outputs: ML.NET's prediction columns <c>PredictedLabel</c>, <c>Score</c>, <c>Probability</c>, in that order, when
    /// the output has any of them; otherwise every visible output column the input does not already have. The same rule as
    /// inputs then applies, so regression gives <c>[{"type": "float", "name": "Score", "required": true}]</c>, binary
    /// classification gives <c>PredictedLabel</c> (boolean), <c>Score</c> and <c>Probability</c> (float), and multiclass gives
    /// <c>PredictedLabel</c> (string after <c>MapKeyToValue</c>, long for a raw key) plus <c>Score</c> as an <c>array</c> of
    /// float (one per class).</para>
    /// </remarks>
    /// <exception cref="ConfigException">A column has a type MLflow cannot describe (TimeSpan); pass a signature explicitly.</exception>
    public static ModelSignature Infer(DataViewSchema input, DataViewSchema output, IEnumerable<string>? excludedColumns = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var excluded = new HashSet<string>(excludedColumns ?? [], StringComparer.Ordinal);
        var inputColumns = input.Where(c => !c.IsHidden && !excluded.Contains(c.Name)).ToList();

        var visibleOutputs = output.Where(c => !c.IsHidden).ToList();
        var predictions = s_predictionColumns
            .Select(name => visibleOutputs.FirstOrDefault(c => c.Name == name))
            .Where(c => c.Name is not null).ToList();
        if (predictions.Count == 0)
        {
            var inputNames = input.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            predictions = visibleOutputs.Where(c => !inputNames.Contains(c.Name)).ToList();
        }
        return new ModelSignature(Specs(inputColumns), predictions.Count == 0 ? null : Specs(predictions));
    }

    /// <summary>Infers a signature for a model from its raw input schema (see <see cref="Infer(DataViewSchema, DataViewSchema, IEnumerable{string})"/>).</summary>
    public static ModelSignature Infer(ITransformer model, DataViewSchema input, IEnumerable<string>? excludedColumns = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Infer(input, model.GetOutputSchema(input), excludedColumns);
    }

    private static List<SchemaSpec> Specs(List<DataViewSchema.Column> columns)
    {
        var allVectors = columns.Count > 0 && columns.All(c => c.Type is VectorDataViewType);
        var specs = new List<SchemaSpec>();
        foreach (var column in columns)
        {
            var item = MlnetTypes.ItemType(column.Type);
            var type = MlnetTypes.MlflowType(item) ?? throw new ConfigException(
                $"column '{column.Name}' has ML.NET type {column.Type}, which has no MLflow signature type; pass ModelSaveOptions.Signature explicitly.");
            if (column.Type is not VectorDataViewType vector) specs.Add(new ColumnSpec(type, column.Name));
            else if (allVectors) specs.Add(new TensorSpec(MlnetTypes.Numpy(type), [-1, vector.IsKnownSize ? vector.Size : -1], column.Name));
            else specs.Add(ColumnSpec.ArrayOf(type, column.Name));
        }
        return specs;
    }
}
