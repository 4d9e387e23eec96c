using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Models;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Models;

/// <summary>Loading a saved directory gives back the same model, and every broken directory fails with a clear error.</summary>
public sealed class MlflowModelLoadTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    internal const string PythonMlmodel = """
        artifact_path: model
        databricks_runtime: 15.4.x-cpu-ml-scala2.12
        flavors:
          python_function:
            data: model.pkl
            env:
              conda: conda.yaml
              virtualenv: python_env.yaml
            loader_module: mlflow.sklearn
            model_path: model.pkl
            predict_fn: predict
            python_version: 3.11.9
          sklearn:
            code: null
            pickled_model: model.pkl
            serialization_format: cloudpickle
            sklearn_version: 1.5.0
        metadata:
          tags:
          - a
          - b
          team: vision
        mlflow_version: 2.16.2
        model_size_bytes: 5234
        model_uuid: 6c3e0a9d2b1f4e5a8d7c0b9a1e2f3d4c
        run_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
        saved_input_example_info:
          artifact_path: input_example.json
          pandas_orient: split
          serving_input_path: serving_input_example.json
          type: dataframe
        signature:
          inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type":
            "double", "name": "sepal width (cm)", "required": true}, {"type": "double", "name":
            "petal length (cm)", "required": true}, {"type": "double", "name": "petal width
            (cm)", "required": true}]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
          params: '[{"name": "threshold", "type": "double", "default": 0.5, "shape": null}]'
        utc_time_created: '2025-01-15 10:30:45.123456'

        """;

    [Fact]
    public async Task A_loaded_iris_model_predicts_exactly_what_the_trained_model_predicts()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"],
            new ModelSaveOptions { LabelColumn = "species", RunId = "r1" });

        var loaded = await MlflowModel.LoadAsync(dir["m"]);
        var predictions = loaded.Predict(TrainedModels.IrisRows());

        var expected = models.IrisModel.Transform(models.IrisData);
        var labels = expected.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToList();
        var scores = expected.GetColumn<VBuffer<float>>("Score").Select(s => s.DenseValues().ToArray()).ToList();
        Assert.Equal(150, predictions.Count);
        Assert.Equal(labels, predictions.Select(p => (string?)p["PredictedLabel"]));
        Assert.Equal(scores, predictions.Select(p => (float[])p["Score"]!));
        Assert.Equal(["PredictedLabel", "Score"], predictions[0].Keys);
        Assert.True(labels.Count(l => l == "setosa") >= 45);
        Assert.Equal("r1", loaded.RunId);
        Assert.Equal("species", loaded.LabelColumn);
        Assert.Equal(["mlnet"], loaded.Flavors.Keys);
        Assert.Equal(5, loaded.InputSchema.Count);
    }

    [Fact]
    public async Task A_loaded_regression_model_in_a_fresh_context_gives_the_same_scores()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.DiabetesMl, models.DiabetesModel, models.DiabetesData.Schema, dir["m"], new ModelSaveOptions { LabelColumn = "target" });

        var loaded = await MlflowModel.LoadAsync(dir["m"], new MLContext(seed: 7));
        var loadedScores = loaded.Transformer.Transform(models.DiabetesData).GetColumn<float>("Score").ToList();
        var scores = models.DiabetesModel.Transform(models.DiabetesData).GetColumn<float>("Score").ToList();
        Assert.Equal(scores, loadedScores);

        var names = MlopsKit.Datasets.SampleData.Diabetes.Columns.Take(10).ToList();
        var rows = MlopsKit.Datasets.SampleData.Diabetes.Rows().Take(5).Select(r => (IReadOnlyDictionary<string, object?>)names
            .Select((n, i) => (n, v: (object?)float.Parse(r[i], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(x => x.n, x => x.v)).ToList();
        Assert.Equal(scores.Take(5), loaded.Predict(rows).Select(p => (float)p["Score"]!));
    }

    [Fact]
    public async Task A_missing_directory_is_NotFound_naming_the_path()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => MlflowModel.LoadAsync("/no/such/model-dir"));
        Assert.Contains("'/no/such/model-dir' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_without_MLmodel_is_NotFound_saying_it_is_not_a_model_directory()
    {
        using var dir = TempDir.Create();
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => MlflowModel.LoadAsync(dir.Path));
        Assert.Contains("has no MLmodel file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_MLmodel_that_is_not_YAML_or_not_a_mapping_is_a_ConfigException()
    {
        using var dir = TempDir.Create();
        File.WriteAllText(dir["MLmodel"], "flavors: [unclosed\n");
        var yaml = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(dir.Path));
        Assert.Contains("is not valid YAML", yaml.Message, StringComparison.Ordinal);

        File.WriteAllText(dir["MLmodel"], "- just\n- a list\n");
        var list = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(dir.Path));
        Assert.Contains("is not an MLmodel file", list.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Python_sklearn_model_parses_but_loading_says_it_lacks_the_mlnet_flavor_and_lists_its_flavors()
    {
        using var dir = TempDir.Create();
        File.WriteAllText(dir["MLmodel"], PythonMlmodel);

        var mlmodel = await MlmodelFile.ReadAsync(dir.Path);
        Assert.Equal(["python_function", "sklearn"], mlmodel.Flavors.Keys);
        Assert.Equal("2.16.2", mlmodel.MlflowVersion);
        Assert.Equal(5234, mlmodel.ModelSizeBytes);
        Assert.Equal("sepal length (cm)", mlmodel.Signature!.Inputs[0].Name);

        var ex = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(dir.Path));
        Assert.Contains("no 'mlnet' flavor (its flavors: python_function, sklearn)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("only load ML.NET models", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_zip_is_NotFound_and_a_corrupt_one_is_a_ConfigException_naming_the_file()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions { LabelColumn = "species" });

        File.WriteAllBytes(dir["m/model.zip"], [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        var corrupt = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(dir["m"]));
        Assert.Contains($"'{dir["m/model.zip"]}' is not a readable ML.NET model", corrupt.Message, StringComparison.Ordinal);

        File.Delete(dir["m/model.zip"]);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => MlflowModel.LoadAsync(dir["m"]));
        Assert.Contains($"'{dir["m/model.zip"]}' is missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_file_outside_the_directory_is_refused()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions { LabelColumn = "species" });
        var text = File.ReadAllText(dir["m/MLmodel"]).Replace("model_file: model.zip", "model_file: ../model.zip", StringComparison.Ordinal);
        File.WriteAllText(dir["m/MLmodel"], text);

        var ex = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(dir["m"]));
        Assert.Contains("must be a path inside the model directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_through_a_runs_uri_asks_the_resolver_and_a_plain_path_resolves_itself()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions { LabelColumn = "species" });
        ModelUri? asked = null;

        var viaRun = await MlflowModel.LoadAsync(ModelUri.Parse("runs:/abc123/model"), (uri, _) =>
        {
            asked = uri;
            return ValueTask.FromResult(dir["m"]);
        });
        var viaPath = await MlflowModel.LoadAsync(ModelUri.Parse(dir["m"]), resolver: null);
        var viaFile = await MlflowModel.LoadAsync(ModelUri.Parse("file://" + dir["m"]), resolver: null);

        Assert.Equal(("abc123", "model"), (asked!.RunId, asked.ArtifactPath));
        Assert.Equal(viaRun.Mlmodel.ModelUuid, viaPath.Mlmodel.ModelUuid);
        Assert.Equal(viaRun.Mlmodel.ModelUuid, viaFile.Mlmodel.ModelUuid);
        var ex = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.LoadAsync(ModelUri.Parse("models:/iris/1"), resolver: null));
        Assert.Contains("tracking client", ex.Message, StringComparison.Ordinal);
    }
}
