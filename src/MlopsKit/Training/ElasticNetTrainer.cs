using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlopsKit.Training;

/// <summary>Elastic-net linear regression by coordinate descent (scikit-learn's <c>ElasticNet</c>), as an ML.NET estimator.</summary>
/// <remarks>
/// Training runs in double precision; the fitted transformer is ML.NET's own
/// <see cref="RegressionPredictionTransformer{TModel}"/> over <see cref="LinearRegressionModelParameters"/>
/// (float weights), so <c>mlContext.Model.Save</c>/<c>Load</c> work in programs that do not reference MlopsKit.
/// Create it with <c>mlContext.Regression.Trainers.ElasticNet(options)</c>.
/// </remarks>
public sealed class ElasticNetTrainer : IEstimator<RegressionPredictionTransformer<LinearRegressionModelParameters>>
{
    /// <summary>Checks the options; throws <see cref="ConfigException"/> naming a bad property.</summary>
    public ElasticNetTrainer(ElasticNetOptions? options = null)
    {
        Options = options ?? new ElasticNetOptions();
        Options.Validate();
    }

    /// <summary>The settings this trainer fits with.</summary>
    public ElasticNetOptions Options { get; }

    /// <summary>Fits on <paramref name="input"/> and returns ML.NET's linear regression transformer.</summary>
    public RegressionPredictionTransformer<LinearRegressionModelParameters> Fit(IDataView input) => Fit(input, out _);

    /// <summary>Fits, returning the transformer and, in <paramref name="model"/>, the double-precision fit and solver state.</summary>
    public RegressionPredictionTransformer<LinearRegressionModelParameters> Fit(IDataView input, out ElasticNetModel model)
    {
        model = Train(input);
        var weights = model.Weights.Select(w => (float)w).ToArray();
        return LinearTransformerBuilder.Create(weights, (float)model.Bias, Options.FeatureColumnName);
    }

    /// <summary>Fits on <paramref name="input"/> and returns only the double-precision model (no ML.NET transformer).</summary>
    public ElasticNetModel Train(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (columns, labels) = ReadColumns(input);
        return CoordinateDescent.Fit(columns, labels, Options);
    }

    /// <summary>The input schema plus the <c>Score</c> column, as for any ML.NET regression trainer.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.Any(c => c.Name == Options.FeatureColumnName))
            throw MissingColumn(nameof(ElasticNetOptions.FeatureColumnName), Options.FeatureColumnName);
        if (!inputSchema.Any(c => c.Name == Options.LabelColumnName))
            throw MissingColumn(nameof(ElasticNetOptions.LabelColumnName), Options.LabelColumnName);
        var shape = new MLContext().Regression.Trainers
            .OnlineGradientDescent(LinearTransformerBuilder.Teacher(Options.FeatureColumnName, Options.LabelColumnName));
        return shape.GetOutputSchema(inputSchema);
    }

    private (double[][] Columns, double[] Labels) ReadColumns(IDataView input)
    {
        var featureColumn = input.Schema.GetColumnOrNull(Options.FeatureColumnName)
            ?? throw MissingColumn(nameof(ElasticNetOptions.FeatureColumnName), Options.FeatureColumnName);
        var labelColumn = input.Schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw MissingColumn(nameof(ElasticNetOptions.LabelColumnName), Options.LabelColumnName);
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vectorType
            || vectorType.ItemType != NumberDataViewType.Single)
            throw new ArgumentException(
                $"column '{Options.FeatureColumnName}' must be a known-size vector of Single, not {featureColumn.Type}; build it with Transforms.Concatenate.",
                nameof(input));
        if (labelColumn.Type != NumberDataViewType.Single)
            throw new ArgumentException(
                $"column '{Options.LabelColumnName}' must be Single, not {labelColumn.Type}; convert it with Transforms.Conversion.ConvertType.",
                nameof(input));

        var width = vectorType.Size;
        var rows = new List<float[]>();
        var labels = new List<double>();
        using (var cursor = input.GetRowCursor([featureColumn, labelColumn]))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
            var getLabel = cursor.GetGetter<float>(labelColumn);
            VBuffer<float> buffer = default;
            float label = 0;
            while (cursor.MoveNext())
            {
                getFeatures(ref buffer);
                getLabel(ref label);
                var row = new float[width];
                buffer.CopyTo(row);
                if (!float.IsFinite(label))
                    throw new ArgumentException($"row {labels.Count} has {label} in label column '{Options.LabelColumnName}'; drop or impute it first.", nameof(input));
                if (Array.FindIndex(row, v => !float.IsFinite(v)) is var slot and >= 0)
                    throw new ArgumentException($"row {labels.Count} has {row[slot]} in slot {slot} of feature column '{Options.FeatureColumnName}'; drop or impute it first.", nameof(input));
                rows.Add(row);
                labels.Add(label);
            }
        }

        if (rows.Count == 0)
            throw new ArgumentException("the training data has no rows.", nameof(input));
        var columns = new double[width][];
        for (var j = 0; j < width; j++)
        {
            columns[j] = new double[rows.Count];
            for (var i = 0; i < rows.Count; i++)
                columns[j][i] = rows[i][j];
        }

        return (columns, labels.ToArray());
    }

#pragma warning disable CA2208 // The missing column is in the caller's data: 'input' of Fit, 'inputSchema' of GetOutputSchema.
    private static ArgumentException MissingColumn(string property, string name) => new(
        $"the input has no column '{name}'; set ElasticNetOptions.{property} to the column that holds it.", "input");
#pragma warning restore CA2208
}
