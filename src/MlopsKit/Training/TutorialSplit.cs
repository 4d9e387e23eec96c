using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Datasets;

namespace MlopsKit.Training;

/// <summary>The tutorial's train/test split of a <see cref="Dataset"/> as ML.NET data views.</summary>
/// <remarks>
/// Both views have <c>Features</c>, a vector of <see cref="float"/> holding every column but the last, and
/// <c>Label</c>. A numeric last column (diabetes <c>target</c>) becomes a <see cref="float"/> label; a text one
/// (iris <c>species</c>) becomes a key label, numbered in order of first appearance in the whole file
/// (setosa = 1, versicolor = 2, virginica = 3) with the names as key values, and the text is kept in a column
/// named after it (<c>species</c>). Rows keep the file's order; the test view holds exactly <see cref="Dataset.TestRows"/>.
/// </remarks>
public static class TutorialSplit
{
    /// <summary>The name of the feature vector column.</summary>
    public const string FeaturesColumn = "Features";

    /// <summary>The name of the label column.</summary>
    public const string LabelColumn = "Label";

    /// <summary>Reads <paramref name="dataset"/> and splits it into the tutorial's training and test views.</summary>
    public static (IDataView Train, IDataView Test) Load(MLContext mlContext, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(dataset);
        var header = dataset.Columns;
        var width = header.Count - 1;
        var rows = dataset.Rows().Select((fields, i) => new SplitRow
        {
            Features = fields.Take(width).Select(f => ParseFeature(f, dataset, i)).ToArray(),
            Text = fields[^1],
        }).ToList();
        var numericLabel = rows.All(r => float.TryParse(r.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numericLabel)
        {
            foreach (var row in rows)
                row.Label = float.Parse(row.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var schema = SchemaDefinition.Create(typeof(SplitRow));
        var features = schema[nameof(SplitRow.Features)];
        features.ColumnName = FeaturesColumn;
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        schema.Remove(schema[numericLabel ? nameof(SplitRow.Text) : nameof(SplitRow.Label)]);
        if (!numericLabel)
            schema[nameof(SplitRow.Text)].ColumnName = header[^1];
        var test = new HashSet<int>(dataset.TestRows);
        var trainView = mlContext.Data.LoadFromEnumerable(rows.Where((_, i) => !test.Contains(i)).ToList(), schema);
        var testView = mlContext.Data.LoadFromEnumerable(rows.Where((_, i) => test.Contains(i)).ToList(), schema);
        if (numericLabel)
            return (trainView, testView);

        // One key mapping for both halves, learnt from the whole file so the numbering never depends on the split.
        var keys = mlContext.Transforms.Conversion.MapValueToKey(LabelColumn, header[^1])
            .Fit(mlContext.Data.LoadFromEnumerable(rows, schema));
        return (keys.Transform(trainView), keys.Transform(testView));
    }

    private static float ParseFeature(string field, Dataset dataset, int row) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigException($"data set '{dataset.Name}' row {row} has non-numeric feature '{field}'.");

    private sealed class SplitRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public string Text { get; set; } = "";
    }
}
