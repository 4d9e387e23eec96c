using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Datasets;
using MlopsKit.Tests.Support;
using MlopsKit.Training;

namespace MlopsKit.Tests.Training;

/// <summary>The multiclass random forest on the iris split: accuracy, determinism, plain ML.NET save/load, option checks.</summary>
public sealed class RandomForestTests
{
    private readonly MLContext _ml = new(seed: 42);

    [Fact]
    public void The_forest_classifies_the_iris_test_split_and_round_trips_through_a_plain_ml_net_zip()
    {
        using var dir = TempDir.Create();
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Iris);
        var pipeline = _ml.MulticlassClassification.Trainers.RandomForest(new RandomForestOptions { NumberOfTrees = 50 })
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
        var model = pipeline.Fit(train);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.MicroAccuracy >= 0.9, $"accuracy {metrics.MicroAccuracy}");

        var path = dir["forest.zip"];
        _ml.Model.Save(model, train.Schema, path);
        var loaded = new MLContext().Model.Load(path, out _);
        var expected = model.Transform(test).GetColumn<string>("PredictedSpecies").ToArray();
        Assert.Equal(expected, loaded.Transform(test).GetColumn<string>("PredictedSpecies").ToArray());
        Assert.Subset(new HashSet<string>(["setosa", "versicolor", "virginica"]), expected.ToHashSet());
        ZipAssert.IsStockMlNet(path, "FastForest");
    }

    [Fact]
    public void The_same_seed_grows_the_same_forest()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Iris);
        float[][] Scores(int seed) => _ml.MulticlassClassification.Trainers
            .RandomForest(new RandomForestOptions { NumberOfTrees = 20, Seed = seed })
            .Fit(train).Transform(test).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(Scores(7), Scores(7));
        Assert.NotEqual(Scores(7), Scores(8));
    }

    [Fact]
    public void The_forest_reads_the_label_and_feature_columns_named_in_its_options()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Iris);
        var rename = _ml.Transforms.CopyColumns("Kind", "Label").Append(_ml.Transforms.CopyColumns("Measurements", "Features"))
            .Append(_ml.Transforms.DropColumns("Label", "Features"));
        var options = new RandomForestOptions { NumberOfTrees = 20, LabelColumnName = "Kind", FeatureColumnName = "Measurements" };
        var model = rename.Append(_ml.MulticlassClassification.Trainers.RandomForest(options)).Fit(train);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(test), labelColumnName: "Kind");
        Assert.True(metrics.MicroAccuracy >= 0.9, $"accuracy {metrics.MicroAccuracy}");
    }

    [Theory]
    [InlineData(0, 32, 1, "NumberOfTrees")]
    [InlineData(10, 1, 1, "NumberOfLeaves")]
    [InlineData(10, 32, 0, "MinimumExampleCountPerLeaf")]
    public void Out_of_range_options_throw_a_config_exception_naming_the_property(int trees, int leaves, int minLeaf, string property)
    {
        var options = new RandomForestOptions { NumberOfTrees = trees, NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minLeaf };
        var error = Assert.Throws<ConfigException>(() => _ml.MulticlassClassification.Trainers.RandomForest(options));
        Assert.Contains($"RandomForestOptions.{property}", error.Message, StringComparison.Ordinal);
    }
}
