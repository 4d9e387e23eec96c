using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Models;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Models;

/// <summary>Generic prediction from name → value rows enforces the signature as MLflow does.</summary>
public sealed class PredictTests(TrainedModels models) : IClassFixture<TrainedModels>, IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose() => _dir.Dispose();

    private async Task<LoadedModel> IrisAsync()
    {
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, _dir["iris"], new ModelSaveOptions { LabelColumn = "species" });
        return await MlflowModel.LoadAsync(_dir["iris"]);
    }

    private sealed class Mixed
    {
        public double X { get; set; }
        public int N { get; set; }
        public string City { get; set; } = "";
        public bool Flag { get; set; }
        public float Label { get; set; }
    }

    // Inputs x: double, n: integer, city: string, flag: boolean; label left out.
    private async Task<LoadedModel> MixedAsync()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Mixed
        {
            X = i * 0.5,
            N = i % 7,
            City = i % 3 == 0 ? "oslo" : "rome",
            Flag = i % 2 == 0,
            Label = i * 1.5f + (i % 2),
        }));
        var pipeline = ml.Transforms.Conversion.ConvertType([new("xf", "X"), new("nf", "N"), new("ff", "Flag")], DataKind.Single)
            .Append(ml.Transforms.Categorical.OneHotEncoding("cityv", "City"))
            .Append(ml.Transforms.Concatenate("Features", "xf", "nf", "ff", "cityv"))
            .Append(ml.Regression.Trainers.Sdca("Label", "Features", maximumNumberOfIterations: 10));
        await MlflowModel.SaveAsync(ml, pipeline.Fit(data), data.Schema, _dir["mixed"], new ModelSaveOptions { LabelColumn = "Label" });
        return await MlflowModel.LoadAsync(_dir["mixed"]);
    }

    private static Dictionary<string, object?> MixedRow(object? x) => new() { ["X"] = x, ["N"] = 3, ["City"] = "oslo", ["Flag"] = true };

    private static string Fails(LoadedModel model, params IReadOnlyDictionary<string, object?>[] rows) =>
        Assert.Throws<ModelInputException>(() => model.Predict(rows)).Message;

    [Fact]
    public async Task The_mixed_model_signature_maps_each_ML_NET_type_to_its_MLflow_type()
    {
        var model = await MixedAsync();
        Assert.Equal("""[{"type": "double", "name": "X", "required": true}, {"type": "integer", "name": "N", "required": true}, {"type": "string", "name": "City", "required": true}, {"type": "boolean", "name": "Flag", "required": true}]""",
            model.Signature!.InputsJson);
    }

    [Fact]
    public async Task An_int_is_upcast_to_a_double_column_and_gives_the_same_prediction_as_the_double()
    {
        var model = await MixedAsync();
        var fromInt = model.Predict([MixedRow(3)]);
        var fromDouble = model.Predict([MixedRow(3.0)]);
        Assert.Equal((float)fromDouble[0]["Score"]!, (float)fromInt[0]["Score"]!);
        Assert.Equal((float)model.Predict([MixedRow(1.0)])[0]["Score"]!, (float)model.Predict([MixedRow(1L)])[0]["Score"]!);
    }

    [Fact]
    public async Task Narrowing_and_kind_changes_fail_with_MLflow_wording()
    {
        var model = await MixedAsync();
        Assert.StartsWith("Incompatible input types for column X. Can not safely convert object to float64", Fails(model, MixedRow("3")), StringComparison.Ordinal);
        Assert.StartsWith("Incompatible input types for column X. Can not safely convert int64 to float64", Fails(model, MixedRow(3L)), StringComparison.Ordinal);
        Assert.StartsWith("Incompatible input types for column X. Can not safely convert bool to float64", Fails(model, MixedRow(true)), StringComparison.Ordinal);
        var longN = MixedRow(1.0);
        longN["N"] = 5L;
        Assert.StartsWith("Incompatible input types for column N. Can not safely convert int64 to int32", Fails(model, longN), StringComparison.Ordinal);
        var numberCity = MixedRow(1.0);
        numberCity["City"] = 4;
        Assert.StartsWith("Incompatible input types for column City. Can not safely convert int32 to str", Fails(model, numberCity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_in_an_integer_column_fails_with_a_hint_and_a_null_double_becomes_NaN()
    {
        var model = await MixedAsync();
        var nullN = MixedRow(1.0);
        nullN["N"] = null;
        var message = Fails(model, MixedRow(1.0), nullN);
        Assert.StartsWith("Incompatible input types for column N. Can not safely convert float64 to int32.", message, StringComparison.Ordinal);
        Assert.Contains("missing values", message, StringComparison.Ordinal);
        Assert.True(float.IsNaN((float)model.Predict([MixedRow(null)])[0]["Score"]!));
    }

    [Fact]
    public async Task A_double_sent_to_a_float_column_is_refused_but_a_JSON_number_is_read_as_float()
    {
        var model = await IrisAsync();
        var row = new Dictionary<string, object?>(TrainedModels.IrisRows()[0]) { ["sepal_length"] = 5.1 };
        Assert.StartsWith("Incompatible input types for column sepal_length. Can not safely convert float64 to float32", Fails(model, row), StringComparison.Ordinal);

        using var body = JsonDocument.Parse("""[{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]""");
        var jsonRows = body.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyDictionary<string, object?>)r.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value)).ToList();
        Assert.Equal(model.Predict(TrainedModels.IrisRows()[..1])[0]["Score"], model.Predict(jsonRows)[0]["Score"]);
    }

    [Fact]
    public async Task A_missing_required_column_fails_naming_it_and_extra_columns_are_dropped()
    {
        var model = await IrisAsync();
        var row = new Dictionary<string, object?>(TrainedModels.IrisRows()[0]);
        row.Remove("sepal_width");
        Assert.Equal("input column 'sepal_width' is required by the model signature but missing; send it in every row.", Fails(model, row));

        var extra = new Dictionary<string, object?>(TrainedModels.IrisRows()[0]) { ["comment"] = "ignored", ["species"] = "virginica" };
        Assert.Equal(model.Predict(TrainedModels.IrisRows()[..1])[0]["PredictedLabel"], model.Predict([extra])[0]["PredictedLabel"]);
    }

    [Fact]
    public async Task Concurrent_predictions_from_many_threads_agree_with_a_single_thread()
    {
        var model = await IrisAsync();
        var rows = TrainedModels.IrisRows();
        var expected = model.Predict(rows).Select(p => (string?)p["PredictedLabel"]).ToList();
        var results = new List<string?>[8];
        Parallel.For(0, results.Length, i => results[i] = model.Predict(rows).Select(p => (string?)p["PredictedLabel"]).ToList());
        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Empty(model.Predict([]));
    }

    private sealed class VectorRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    [Fact]
    public async Task A_vector_input_is_a_tensor_spec_whose_shape_and_dtype_are_enforced()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new VectorRow { Features = [i, i * 2, 1, i % 3], Label = i }));
        var model = ml.Regression.Trainers.Sdca("Label", "Features", maximumNumberOfIterations: 5).Fit(data);
        await MlflowModel.SaveAsync(ml, model, data.Schema, _dir["vec"], new ModelSaveOptions
        {
            LabelColumn = "Label",
            InputExample = ml.Data.TakeRows(data, 2),
        });
        var loaded = await MlflowModel.LoadAsync(_dir["vec"]);

        Assert.Equal("""[{"name": "Features", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]""", loaded.Signature!.InputsJson);
        Assert.Equal("""{"inputs": {"Features": [[0.0, 0.0, 1.0, 0.0], [1.0, 2.0, 1.0, 1.0]]}}""", File.ReadAllText(_dir["vec/input_example.json"]));
        Assert.Equal("ndarray", ((MlopsKit.Yaml.YamlScalar)loaded.Mlmodel.SavedInputExampleInfo!["type"]!).Value);
        var score = (float)loaded.Predict([new Dictionary<string, object?> { ["Features"] = new float[] { 3, 6, 1, 0 } }])[0]["Score"]!;
        Assert.Equal(model.Transform(ml.Data.TakeRows(ml.Data.SkipRows(data, 3), 1)).GetColumn<float>("Score").Single(), score);
        Assert.Contains("Shape of input (-1, 3) does not match expected shape (-1, 4)",
            Fails(loaded, new Dictionary<string, object?> { ["Features"] = new float[] { 1, 2, 3 } }), StringComparison.Ordinal);
        Assert.StartsWith("Incompatible input types for column Features. Can not safely convert float64 to float32",
            Fails(loaded, new Dictionary<string, object?> { ["Features"] = new double[] { 1, 2, 3, 4 } }), StringComparison.Ordinal);
    }
}
