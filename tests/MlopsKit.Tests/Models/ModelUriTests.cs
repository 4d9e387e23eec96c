using MlopsKit.Models;

namespace MlopsKit.Tests.Models;

/// <summary>Model URIs parse as MLflow reads them and cannot climb out of their root.</summary>
public sealed class ModelUriTests
{
    [Fact]
    public void A_runs_uri_gives_the_run_id_and_the_artifact_path()
    {
        var uri = ModelUri.Parse("runs:/0a1b2c3d4e5f60718293a4b5c6d7e8f9/models/iris");
        Assert.Equal(ModelUriKind.Run, uri.Kind);
        Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f9", uri.RunId);
        Assert.Equal("models/iris", uri.ArtifactPath);
        Assert.Equal("", ModelUri.Parse("runs:/abc/").ArtifactPath);
        Assert.Equal("model", ModelUri.Parse("runs:/abc//model").ArtifactPath);
    }

    [Theory]
    [InlineData("models:/iris/3", "iris", 3L, null, false, null)]
    [InlineData("models:/iris/Production", "iris", null, "Production", false, null)]
    [InlineData("models:/iris/LATEST", "iris", null, null, true, null)]
    [InlineData("models:/iris@champion", "iris", null, null, false, "champion")]
    [InlineData("models:/my%20model/1", "my model", 1L, null, false, null)]
    public void Registered_model_uris_give_name_and_version_stage_latest_or_alias(string text, string name, long? version, string? stage, bool latest, string? alias)
    {
        var uri = ModelUri.Parse(text);
        Assert.Equal(ModelUriKind.RegisteredModel, uri.Kind);
        Assert.Equal((name, version, stage, latest, alias), (uri.ModelName, uri.Version, uri.Stage, uri.IsLatest, uri.Alias));
    }

    [Fact]
    public void A_models_uri_with_one_part_is_an_MLflow_3_logged_model_id()
    {
        var uri = ModelUri.Parse("models:/m-0123456789abcdef");
        Assert.Equal(ModelUriKind.LoggedModel, uri.Kind);
        Assert.Equal("m-0123456789abcdef", uri.ModelId);
    }

    [Fact]
    public async Task Plain_paths_and_file_uris_are_local_and_resolve_to_themselves()
    {
        var plain = ModelUri.Parse("some/dir");
        Assert.Equal(ModelUriKind.Local, plain.Kind);
        Assert.Equal(Path.GetFullPath("some/dir"), await plain.ResolveAsync(null));
        Assert.Equal("/tmp/my model", ModelUri.Parse("file:///tmp/my%20model").LocalPath);
        Assert.Equal("/tmp/m", ModelUri.Parse("file://localhost/tmp/m").LocalPath);
        Assert.Equal("/tmp/m", ModelUri.Parse("file:/tmp/m").LocalPath);
    }

    [Theory]
    [InlineData("runs:/abc/../../etc")]
    [InlineData("runs:/abc/%2E%2E/%2E%2E/etc")]
    [InlineData("runs:/abc/model#frag")]
    [InlineData("runs:/abc/a\\..\\b")]
    [InlineData("runs:/../x")]
    [InlineData("runs://abc/model")]
    [InlineData("runs:/")]
    [InlineData("models:/iris/../1")]
    [InlineData("models:/..")]
    [InlineData("models:/iris/1/extra")]
    [InlineData("models:/iris/0")]
    [InlineData("models:/@alias")]
    [InlineData("models:/")]
    [InlineData("file:///tmp/../etc/passwd")]
    [InlineData("file:///tmp/%2e%2e/etc")]
    [InlineData("file://evil.example.com/share/model")]
    [InlineData("file:relative/model")]
    [InlineData("s3://bucket/model")]
    [InlineData("")]
    [InlineData("runs:/abc/mo\u0000del")]
    public void Traversal_fragments_foreign_hosts_and_malformed_uris_are_rejected(string text)
    {
        var ex = Assert.Throws<ConfigException>(() => ModelUri.Parse(text));
        Assert.Contains("is not a valid model URI", ex.Message, StringComparison.Ordinal);
        Assert.Contains("runs:/<run_id>/<path>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_uris_go_to_the_resolver_and_without_one_the_error_says_what_to_do()
    {
        var uri = ModelUri.Parse("models:/iris@champion");
        Assert.Equal("/cache/iris", await uri.ResolveAsync((u, _) => ValueTask.FromResult("/cache/" + u.ModelName)));
        var ex = await Assert.ThrowsAsync<ConfigException>(() => uri.ResolveAsync(null).AsTask());
        Assert.Contains("tracking client", ex.Message, StringComparison.Ordinal);
    }
}
