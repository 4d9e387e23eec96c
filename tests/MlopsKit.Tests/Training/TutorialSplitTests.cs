using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Datasets;
using MlopsKit.Training;

namespace MlopsKit.Tests.Training;

/// <summary>The tutorial split as ML.NET data views: sizes, columns, label types and which rows land in the test half.</summary>
public sealed class TutorialSplitTests
{
    private readonly MLContext _ml = new(seed: 42);

    [Fact]
    public void Diabetes_splits_into_331_training_and_111_test_rows_with_ten_features_and_a_float_label()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        Assert.Equal(331, train.GetColumn<float>("Label").Count());
        Assert.Equal(111, test.GetColumn<float>("Label").Count());
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 10), train.Schema["Features"].Type);
        Assert.Equal(NumberDataViewType.Single, test.Schema["Label"].Type);

        // The test half is exactly the listed rows, in file order.
        var rows = SampleData.Diabetes.Rows().ToArray();
        var expected = SampleData.Diabetes.TestRows.Order().Select(i => float.Parse(rows[i][^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, test.GetColumn<float>("Label"));
    }

    [Fact]
    public void Iris_splits_into_105_and_45_rows_with_a_species_key_label_numbered_the_same_in_both_halves()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Iris);
        Assert.Equal(105, train.GetColumn<string>("species").Count());
        Assert.Equal(45, test.GetColumn<string>("species").Count());
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 4), test.Schema["Features"].Type);
        Assert.IsType<KeyDataViewType>(test.Schema["Label"].Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        test.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal(["setosa", "versicolor", "virginica"], names.DenseValues().Select(n => n.ToString()));
        foreach (var half in new[] { train, test })
        {
            var species = half.GetColumn<string>("species").ToArray();
            var keys = half.GetColumn<uint>("Label").ToArray();
            Assert.Equal(species.Select(s => s switch { "setosa" => 1u, "versicolor" => 2u, _ => 3u }), keys);
        }
    }
}
