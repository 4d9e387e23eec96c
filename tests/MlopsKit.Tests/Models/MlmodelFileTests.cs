using MlopsKit.Models;
using MlopsKit.Yaml;

namespace MlopsKit.Tests.Models;

/// <summary>MLmodel files read from any MLflow write back byte for byte, unknown keys included.</summary>
public sealed class MlmodelFileTests
{
    [Fact]
    public void An_MLmodel_written_by_Python_MLflow_round_trips_byte_for_byte_with_unknown_keys()
    {
        var file = MlmodelFile.Parse(MlflowModelLoadTests.PythonMlmodel);

        Assert.Equal(MlflowModelLoadTests.PythonMlmodel.ReplaceLineEndings("\n"), file.ToYaml());
        Assert.Equal("15.4.x-cpu-ml-scala2.12", ((YamlScalar)file.Root["databricks_runtime"]!).Value);
        Assert.Equal("mlflow.sklearn", ((YamlScalar)file.Flavors["python_function"]["loader_module"]!).Value);
        Assert.Equal("""[{"name": "threshold", "type": "double", "default": 0.5, "shape": null}]""", file.Signature!.ParamsJson);
        Assert.Equal("""[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]""", file.Signature.OutputsJson);
    }

    [Fact]
    public void Changing_a_key_keeps_every_other_key_and_the_sorted_PyYAML_layout()
    {
        var file = MlmodelFile.Parse(MlflowModelLoadTests.PythonMlmodel);
        file.Root.Set("run_id", YamlWriter.Str("ffffffffffffffffffffffffffffffff"));
        file.Root.Set("model_id", YamlWriter.Str("m-123"));

        var again = MlmodelFile.Parse(file.ToYaml());
        Assert.Equal("ffffffffffffffffffffffffffffffff", again.RunId);
        Assert.Equal(file.Root.Keys.Order(StringComparer.Ordinal), again.Root.Keys);
        Assert.Contains("model_id: m-123\nmodel_size_bytes: 5234\n", file.ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_are_quoted_and_folded_exactly_as_PyYAML_safe_dump_does()
    {
        // Produced by PyYAML 6.0.3: yaml.safe_dump(d, default_flow_style=False).
        const string PyYaml = """
            l: null
            m: 1.5
            model_uuid: 0123456789
            n: true
            o: '#x'
            p: '-'
            q: []
            r: {}
            s:
            - a: 1
              b:
              - 1
              - 2
            - x
            t: it's a long string with spaces that goes beyond the eighty column limit of PyYAML
              for plain scalars ok
            u: "h\xE9llo"
            utc_time_created: '2025-01-15 10:30:45'
            v: 'a: b'
            w: 3.12.0
            x: 'yes'
            y: 'on'
            z: 1e5

            """;
        var file = MlmodelFile.Parse(PyYaml);
        Assert.Equal("héllo", ((YamlScalar)file.Root["u"]!).Value);
        Assert.Equal(PyYaml.ReplaceLineEndings("\n"), file.ToYaml());

        var built = new YamlMapping();
        built.Set("yes_string", YamlWriter.Str("yes"));
        built.Set("stamp", YamlWriter.Str("2025-01-15 10:30:45.123456"));
        built.Set("version", YamlWriter.Str("3.12.0"));
        Assert.Equal("stamp: '2025-01-15 10:30:45.123456'\nversion: 3.12.0\nyes_string: 'yes'\n", new MlmodelFile(built).ToYaml());
    }

    [Fact]
    public void Python_time_format_prints_microseconds_only_when_there_are_some()
    {
        var t = new DateTimeOffset(2025, 1, 15, 10, 30, 45, TimeSpan.Zero);
        Assert.Equal("2025-01-15 10:30:45", MlflowModel.PythonUtcTime(t));
        Assert.Equal("2025-01-15 10:30:45.000001", MlflowModel.PythonUtcTime(t.AddTicks(10)));
        Assert.Equal("2025-01-15 08:30:45.500000", MlflowModel.PythonUtcTime(new DateTimeOffset(2025, 1, 15, 10, 30, 45, 500, TimeSpan.FromHours(2))));
    }
}
