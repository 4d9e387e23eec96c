using System.Text.RegularExpressions;
using MlopsKit.Models;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Models;

/// <summary>Saving writes an MLflow model directory in MLflow's exact shape.</summary>
public sealed partial class MlflowModelSaveTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private static readonly DateTimeOffset s_created = new DateTimeOffset(2025, 1, 15, 10, 30, 45, TimeSpan.Zero).AddTicks(1_234_560);

    [Fact]
    public async Task Saving_iris_writes_MLmodel_as_PyYAML_would_with_the_mlnet_flavor_and_signature()
    {
        using var dir = TempDir.Create();
        var written = await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions
        {
            RunId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            LabelColumn = "species",
            InputExample = models.IrisMl.Data.TakeRows(models.IrisData, 2),
            TimeProvider = new FixedTime(s_created),
        });

        var text = File.ReadAllText(dir["m/MLmodel"]);
        var uuid = UuidLine().Match(text);
        Assert.True(uuid.Success, text);
        var size = SizeLine().Match(text);
        Assert.True(size.Success, text);
        var expected = $$"""
            artifact_path: model
            flavors:
              mlnet:
                mlnet_schema: mlnet_schema.json
                mlnet_version: {{MlflowModel.MlnetVersion}}
                model_file: model.zip
                runtime: net10.0
            mlflow_version: 3.12.0
            model_size_bytes: {{size.Groups[1].Value}}
            model_uuid: {{uuid.Groups[1].Value}}
            run_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
            saved_input_example_info:
              artifact_path: input_example.json
              pandas_orient: split
              serving_input_path: serving_input_example.json
              type: dataframe
            signature:
              inputs: '[{"type": "float", "name": "sepal_length", "required": true}, {"type":
                "float", "name": "sepal_width", "required": true}, {"type": "float", "name": "petal_length",
                "required": true}, {"type": "float", "name": "petal_width", "required": true}]'
              outputs: '[{"type": "string", "name": "PredictedLabel", "required": true}, {"type":
                "array", "items": {"type": "float"}, "name": "Score", "required": true}]'
              params: null
            utc_time_created: '2025-01-15 10:30:45.123456'

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
        Assert.Equal(text, written.ToYaml());
        Assert.Matches("^5\\.[0-9]+\\.[0-9]+", MlflowModel.MlnetVersion);
    }

    [Fact]
    public async Task Model_size_counts_every_file_except_MLmodel_and_the_uuid_is_fresh_uuid4_hex()
    {
        using var dir = TempDir.Create();
        var a = await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["a"], new ModelSaveOptions { LabelColumn = "species" });
        var b = await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["b"], new ModelSaveOptions { LabelColumn = "species" });

        var files = Directory.GetFiles(dir["a"]).Where(f => Path.GetFileName(f) != "MLmodel").Sum(f => new FileInfo(f).Length);
        Assert.Equal(files, a.ModelSizeBytes);
        Assert.Matches("^[0-9a-f]{32}$", a.ModelUuid);
        Assert.Equal('4', a.ModelUuid![12]);
        Assert.NotEqual(a.ModelUuid, b.ModelUuid);
    }

    [Fact]
    public async Task The_input_example_is_a_pandas_split_frame_of_the_signature_columns_and_the_serving_example_wraps_it()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions
        {
            LabelColumn = "species",
            InputExample = models.IrisMl.Data.TakeRows(models.IrisData, 2),
        });

        const string Frame = """{"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "data": [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2]]}""";
        Assert.Equal(Frame, File.ReadAllText(dir["m/input_example.json"]));
        Assert.Equal("{\"dataframe_split\": " + Frame + "}", File.ReadAllText(dir["m/serving_input_example.json"]));
    }

    [Fact]
    public async Task A_model_saved_outside_a_run_has_neither_run_id_nor_artifact_path_and_whole_seconds_print_without_a_fraction()
    {
        using var dir = TempDir.Create();
        var saved = await MlflowModel.SaveAsync(models.DiabetesMl, models.DiabetesModel, models.DiabetesData.Schema, dir["m"], new ModelSaveOptions
        {
            LabelColumn = "target",
            TimeProvider = new FixedTime(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(2))),
        });

        var text = File.ReadAllText(dir["m/MLmodel"]);
        Assert.DoesNotContain("run_id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("artifact_path", text, StringComparison.Ordinal);
        Assert.DoesNotContain("saved_input_example_info", text, StringComparison.Ordinal);
        Assert.EndsWith("utc_time_created: '2025-03-01 06:00:00'\n", text, StringComparison.Ordinal);
        Assert.Equal("""[{"type": "float", "name": "Score", "required": true}]""", saved.Signature!.OutputsJson);
        Assert.Equal(10, saved.Signature.Inputs.Count);
        Assert.All(saved.Signature.Inputs, s => Assert.Equal("float", Assert.IsType<ColumnSpec>(s).Type));
        Assert.DoesNotContain(saved.Signature.Inputs, s => s.Name == "target");
    }

    [Fact]
    public async Task The_mlnet_schema_file_lists_every_input_column_with_its_type_and_the_label_role()
    {
        using var dir = TempDir.Create();
        await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"], new ModelSaveOptions { LabelColumn = "species" });

        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir["m/mlnet_schema.json"]))!;
        Assert.Equal("species", (string?)json["label_column"]);
        var columns = json["columns"]!.AsArray();
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], columns.Select(c => (string?)c!["name"]));
        Assert.Equal(["Single", "Single", "Single", "Single", "String"], columns.Select(c => (string?)c!["type"]));
        Assert.Equal("label", (string?)columns[4]!["role"]);
        Assert.Equal("feature", (string?)columns[0]!["role"]);
    }

    [Fact]
    public async Task Saving_into_a_non_empty_directory_is_refused_and_leaves_it_alone()
    {
        using var dir = TempDir.Create();
        Directory.CreateDirectory(dir["m"]);
        File.WriteAllText(dir["m/keep.txt"], "mine");

        var ex = await Assert.ThrowsAsync<ConflictException>(() =>
            MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"]));
        Assert.Contains("not empty", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(dir["m"]).Select(Path.GetFileName));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Invalid_options_name_the_property()
    {
        using var dir = TempDir.Create();
        var label = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"],
            new ModelSaveOptions { LabelColumn = "Species" }));
        Assert.Contains("ModelSaveOptions.LabelColumn 'Species'", label.Message, StringComparison.Ordinal);
        var path = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"],
            new ModelSaveOptions { RunId = "abc", ArtifactPath = "../up" }));
        Assert.Contains("ModelSaveOptions.ArtifactPath", path.Message, StringComparison.Ordinal);
        var run = await Assert.ThrowsAsync<ConfigException>(() => MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"],
            new ModelSaveOptions { RunId = "../x" }));
        Assert.Contains("ModelSaveOptions.RunId", run.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public async Task A_model_name_goes_into_MLmodel_metadata()
    {
        using var dir = TempDir.Create();
        var saved = await MlflowModel.SaveAsync(models.IrisMl, models.IrisModel, models.IrisData.Schema, dir["m"],
            new ModelSaveOptions { LabelColumn = "species", ModelName = "iris-classifier" });
        Assert.Contains("metadata:\n  model_name: iris-classifier\n", File.ReadAllText(dir["m/MLmodel"]), StringComparison.Ordinal);
        Assert.NotNull(saved.Root["metadata"]);
    }

    [GeneratedRegex("\nmodel_uuid: ([0-9a-f]{32})\n")]
    private static partial Regex UuidLine();

    [GeneratedRegex("\nmodel_size_bytes: ([0-9]+)\n")]
    private static partial Regex SizeLine();
}
