using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlopsKit.Datasets;
using MlopsKit.Tests.Support;
using MlopsKit.Training;

namespace MlopsKit.Tests.Training;

/// <summary>The coordinate-descent elastic net: its maths, its checks, and its ML.NET transformer.</summary>
public sealed class ElasticNetTrainerTests
{
    private readonly MLContext _ml = new(seed: 42);

    [Fact]
    public void Elastic_net_with_alpha_near_zero_approximates_least_squares()
    {
        var (train, _) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var fit = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 1e-9, MaxIterations = 200_000, Tolerance = 1e-12 }).Train(train);
        var (x, y) = Read(train);
        var ols = LeastSquares(x, y);
        Assert.True(fit.Converged);
        for (var j = 0; j < ols.Length - 1; j++)
            Assert.True(Math.Abs(fit.Weights[j] - ols[j]) <= 1e-3 * Math.Abs(ols[j]) + 1e-3, $"weight {j}: {fit.Weights[j]} vs least squares {ols[j]}");
        Assert.Equal(ols[^1], fit.Bias, 1e-3);
    }

    [Fact]
    public void Elastic_net_with_l1_ratio_one_zeroes_the_diabetes_weights_scikit_learn_zeroes()
    {
        var (train, _) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        // Zero patterns of scikit-learn 1.2 Lasso fits on this split: age, s2, s4 at alpha 0.05; all but bmi, bp, s5 at 0.8.
        var lasso = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1 }).Train(train);
        Assert.Equal([0, 5, 7], Zeros(lasso));
        var strong = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.8, L1Ratio = 1 }).Train(train);
        Assert.Equal([0, 1, 4, 5, 6, 7, 9], Zeros(strong));
        var ridge = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.8, L1Ratio = 0 }).Train(train);
        Assert.Empty(Zeros(ridge));
    }

    [Fact]
    public void A_huge_alpha_leaves_only_the_intercept_at_the_label_mean()
    {
        var (train, _) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var fit = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 1e6, L1Ratio = 1 }).Train(train);
        Assert.All(fit.Weights, w => Assert.Equal(0.0, w));
        Assert.Equal(Read(train).Y.Average(), fit.Bias, 1e-9);
        Assert.Equal(1, fit.Iterations);
    }

    [Theory]
    [InlineData(-0.1, 0.5, 1000, "Alpha")]
    [InlineData(double.NaN, 0.5, 1000, "Alpha")]
    [InlineData(1.0, -0.01, 1000, "L1Ratio")]
    [InlineData(1.0, 1.5, 1000, "L1Ratio")]
    [InlineData(1.0, 0.5, 0, "MaxIterations")]
    public void Out_of_range_options_throw_a_config_exception_naming_the_property(double alpha, double l1Ratio, int maxIterations, string property)
    {
        var options = new ElasticNetOptions { Alpha = alpha, L1Ratio = l1Ratio, MaxIterations = maxIterations };
        var error = Assert.Throws<ConfigException>(() => _ml.Regression.Trainers.ElasticNet(options));
        Assert.Contains($"ElasticNetOptions.{property}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_columns_throw_an_argument_exception_naming_column_and_option()
    {
        var (train, _) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var noLabel = Assert.Throws<ArgumentException>(() =>
            _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { LabelColumnName = "target" }).Fit(train));
        Assert.Contains("'target'", noLabel.Message, StringComparison.Ordinal);
        Assert.Contains("ElasticNetOptions.LabelColumnName", noLabel.Message, StringComparison.Ordinal);
        var noFeatures = Assert.Throws<ArgumentException>(() =>
            _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { FeatureColumnName = "X" }).GetOutputSchema(SchemaShapes.Of(train.Schema)));
        Assert.Contains("ElasticNetOptions.FeatureColumnName", noFeatures.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_in_features_or_labels_throws_an_argument_exception_naming_the_row()
    {
        var badFeature = Load([new Row { Features = [1f, 2f], Label = 1f }, new Row { Features = [float.NaN, 1f], Label = 2f }]);
        var error = Assert.Throws<ArgumentException>(() => _ml.Regression.Trainers.ElasticNet().Fit(badFeature));
        Assert.Contains("row 1 has NaN in slot 0 of feature column 'Features'", error.Message, StringComparison.Ordinal);
        var badLabel = Load([new Row { Features = [1f, 2f], Label = float.NaN }]);
        error = Assert.Throws<ArgumentException>(() => _ml.Regression.Trainers.ElasticNet().Fit(badLabel));
        Assert.Contains("row 0 has NaN in label column 'Label'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_transformer_is_stock_ml_net_and_predicts_what_the_double_model_predicts()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var transformer = _ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.01, L1Ratio = 0.75 }).Fit(train, out var fit);
        Assert.IsType<RegressionPredictionTransformer<LinearRegressionModelParameters>>(transformer);
        Assert.Equal(fit.Weights.Select(w => (float)w), transformer.Model.Weights);
        Assert.Equal((float)fit.Bias, transformer.Model.Bias);
        var (x, _) = Read(test);
        var scores = transformer.Transform(test).GetColumn<float>("Score").ToArray();
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(fit.Predict(x[i]), scores[i], 1e-3);
    }

    [Fact]
    public void A_fitted_pipeline_saves_and_loads_with_plain_ml_net_and_predicts_the_same()
    {
        using var dir = TempDir.Create();
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var pipeline = _ml.Transforms.CopyColumns("Raw", "Features")
            .Append(_ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { Alpha = 0.05, L1Ratio = 1 }));
        Assert.Contains(pipeline.GetOutputSchema(SchemaShapes.Of(train.Schema)), c => c.Name == "Score");
        var model = pipeline.Fit(train);
        var path = dir["elasticnet.zip"];
        _ml.Model.Save(model, train.Schema, path);

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(path, out _);
        Assert.Equal(
            model.Transform(test).GetColumn<float>("Score").ToArray(),
            loaded.Transform(test).GetColumn<float>("Score").ToArray());
        Assert.IsType<RegressionPredictionTransformer<LinearRegressionModelParameters>>(((TransformerChain<ITransformer>)loaded).Last());
        ZipAssert.IsStockMlNet(path, "LinearRegressionExec", "RegressionPredXfer");
    }

    [Fact]
    public void Custom_label_and_feature_columns_give_the_same_model()
    {
        var (train, test) = TutorialSplit.Load(_ml, SampleData.Diabetes);
        var rename = _ml.Transforms.CopyColumns("Y", "Label").Append(_ml.Transforms.CopyColumns("Label", "Features"))
            .Append(_ml.Transforms.DropColumns("Features"));
        var pipeline = rename.Append(_ml.Regression.Trainers.ElasticNet(new ElasticNetOptions { LabelColumnName = "Y", FeatureColumnName = "Label" }));
        var renamed = pipeline.Fit(train);
        var plain = _ml.Regression.Trainers.ElasticNet().Fit(train);
        Assert.Equal(plain.Transform(test).GetColumn<float>("Score"), renamed.Transform(test).GetColumn<float>("Score"));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(152.13348f)]
    [InlineData(-1e-9f)]
    [InlineData(3.3e7f)]
    public void Any_weights_and_bias_become_an_ml_net_model_bit_for_bit(float bias)
    {
        float[] weights = [1.2345678e-3f, -523.25f, 0f, 3.3e7f, 1e-30f, -float.Epsilon];
        var transformer = LinearTransformerBuilder.Create(weights, bias, "Features");
        Assert.Equal(weights, transformer.Model.Weights);
        Assert.Equal(bias, transformer.Model.Bias);
    }

    private static int[] Zeros(ElasticNetModel fit) => [.. fit.Weights.Select((w, j) => (w, j)).Where(p => p.w == 0).Select(p => p.j)];

    private IDataView Load(Row[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        return _ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static (double[][] X, double[] Y) Read(IDataView data)
    {
        var x = data.GetColumn<float[]>("Features").Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var y = data.GetColumn<float>("Label").Select(v => (double)v).ToArray();
        return (x, y);
    }

    /// <summary>Ordinary least squares with an intercept (last entry), by normal equations and Gaussian elimination.</summary>
    private static double[] LeastSquares(double[][] x, double[] y)
    {
        var d = x[0].Length + 1;
        var a = new double[d, d + 1];
        for (var i = 0; i < x.Length; i++)
        {
            var row = x[i].Append(1.0).ToArray();
            for (var p = 0; p < d; p++)
            {
                for (var q = 0; q < d; q++)
                    a[p, q] += row[p] * row[q];
                a[p, d] += row[p] * y[i];
            }
        }

        for (var c = 0; c < d; c++)
        {
            var pivot = Enumerable.Range(c, d - c).MaxBy(r => Math.Abs(a[r, c]));
            for (var k = 0; k <= d; k++)
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            for (var r = 0; r < d; r++)
            {
                if (r == c) continue;
                var f = a[r, c] / a[c, c];
                for (var k = c; k <= d; k++)
                    a[r, k] -= f * a[c, k];
            }
        }

        return [.. Enumerable.Range(0, d).Select(c => a[c, d] / a[c, c])];
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
