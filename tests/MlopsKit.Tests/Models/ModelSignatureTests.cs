using Microsoft.ML;
using MlopsKit.Models;

namespace MlopsKit.Tests.Models;

/// <summary>Signatures parse and print MLflow's JSON strings, and inference follows the documented shapes.</summary>
public sealed class ModelSignatureTests
{
    [Fact]
    public void Column_specs_with_optional_and_composite_types_round_trip_through_MLflow_json()
    {
        const string Json = """[{"type": "string", "name": "text", "required": true}, {"type": "double", "name": "w", "required": false}, {"type": "array", "items": {"type": "float"}, "name": "emb", "required": true}, {"type": "object", "properties": {"k": {"type": "string", "required": true}}, "name": "meta", "required": false}, {"type": "map", "values": {"type": "long"}, "name": "counts", "required": true}]""";
        var specs = ModelSignature.ParseSchema(Json);

        Assert.Equal(Json, ModelSignature.ToJson(specs));
        var w = Assert.IsType<ColumnSpec>(specs[1]);
        Assert.False(w.Required);
        Assert.Equal("float", Assert.IsType<ColumnSpec>(specs[2]).ItemType);
        Assert.Equal("object", ((ColumnSpec)specs[3]).Type);
    }

    [Fact]
    public void Required_defaults_to_true_when_an_older_MLflow_left_it_out()
    {
        var specs = ModelSignature.ParseSchema("""[{"name": "x", "type": "double"}]""");
        Assert.True(specs[0].Required);
        Assert.Equal("""[{"type": "double", "name": "x", "required": true}]""", ModelSignature.ToJson(specs));
    }

    [Fact]
    public void Malformed_or_mixed_schemas_are_config_errors()
    {
        Assert.Throws<ConfigException>(() => ModelSignature.ParseSchema("{\"type\": \"double\"}"));
        Assert.Throws<ConfigException>(() => ModelSignature.ParseSchema("[{\"name\": \"x\"}]"));
        Assert.Throws<ConfigException>(() => ModelSignature.ParseSchema("[not json"));
        Assert.Throws<ConfigException>(() => ModelSignature.ParseSchema("""[{"type": "tensor", "name": "t"}]"""));
        var mixed = Assert.Throws<ConfigException>(() => new ModelSignature([new ColumnSpec("double", "x"), new TensorSpec("float32", [-1, 2], "t")]));
        Assert.Contains("mix column and tensor specs", mixed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ASCII_names_are_escaped_as_Python_json_dumps_does()
    {
        Assert.Equal("""[{"type": "float", "name": "temp\u00e9rature", "required": true}]""",
            ModelSignature.ToJson([new ColumnSpec("float", "température")]));
    }

    private sealed class BinaryRow
    {
        public float X { get; set; }
        public bool Label { get; set; }
    }

    [Fact]
    public void A_binary_classifier_outputs_a_boolean_label_a_float_score_and_a_float_probability()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new BinaryRow { X = i, Label = i > 20 }));
        var model = ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Label", "Features", maximumNumberOfIterations: 5)).Fit(data);

        var signature = ModelSignature.Infer(model, data.Schema, ["Label"]);
        Assert.Equal("""[{"type": "float", "name": "X", "required": true}]""", signature.InputsJson);
        Assert.Equal("""[{"type": "boolean", "name": "PredictedLabel", "required": true}, {"type": "float", "name": "Score", "required": true}, {"type": "float", "name": "Probability", "required": true}]""",
            signature.OutputsJson);
    }

    [Fact]
    public void Without_prediction_columns_the_outputs_are_the_new_visible_columns()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new BinaryRow { X = i }));
        var model = ml.Transforms.Concatenate("Features", "X", "X").Fit(data);

        var signature = ModelSignature.Infer(model, data.Schema, ["Label"]);
        Assert.Equal("""[{"name": "Features", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}}]""", signature.OutputsJson);
    }
}
