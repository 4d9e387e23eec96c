using System.Globalization;
using Microsoft.Data.Analysis;
using MlopsKit.Datasets;

namespace MlopsKit.Training;

/// <summary>
/// The tutorial's train/test split of a <see cref="Dataset"/> as DataFrames with one named column per CSV column (features as
/// <see cref="float"/>, a numeric label as <see cref="float"/>, a text label as string). DataFrames are ML.NET data views, so a pipeline
/// that starts with <c>Concatenate("Features", names)</c> keeps the named columns in the model's signature, which is what clients send.
/// </summary>
public static class TutorialFrames
{
    /// <summary>Reads <paramref name="dataset"/> and splits it by <see cref="Dataset.TestRows"/>; rows keep the file's order.</summary>
    public static (DataFrame Train, DataFrame Test) Load(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = dataset.Rows().ToList();
        var test = new HashSet<int>(dataset.TestRows);
        var trainRows = rows.Where((_, i) => !test.Contains(i)).ToList();
        var testRows = rows.Where((_, i) => test.Contains(i)).ToList();
        return (Frame(dataset, trainRows), Frame(dataset, testRows));
    }

    /// <summary>The feature column names: every column but the last.</summary>
    public static string[] FeatureNames(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Columns.Take(dataset.Columns.Count - 1).ToArray();
    }

    /// <summary>The label column name: the last column.</summary>
    public static string LabelName(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Columns[^1];
    }

    private static DataFrame Frame(Dataset dataset, List<string[]> rows)
    {
        var header = dataset.Columns;
        var columns = new List<DataFrameColumn>();
        for (var c = 0; c < header.Count; c++)
        {
            var index = c;
            var numeric = rows.All(r => float.TryParse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            columns.Add(numeric
                ? new SingleDataFrameColumn(header[c], rows.Select(r => float.Parse(r[index], NumberStyles.Float, CultureInfo.InvariantCulture)))
                : new StringDataFrameColumn(header[c], rows.Select(r => r[index])));
        }
        return new DataFrame(columns);
    }
}
