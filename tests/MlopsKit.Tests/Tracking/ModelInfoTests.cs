using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

public sealed class ModelInfoTests
{
    private static Run RunWithTags(Dictionary<string, string> tags) => new(
        new RunInfo("r1", "0", "run", "me", RunStatus.FINISHED, 1, 2, "/tmp/a", "active"),
        new RunData(new Dictionary<string, Metric>(), new Dictionary<string, string>(), tags));

    [Fact]
    public void FromRun_reads_every_logged_model_with_its_runs_uri_and_flavors_in_order()
    {
        var run = RunWithTags(new()
        {
            [SystemTags.LogModelHistory] = """
                [{"run_id":"r1","artifact_path":"model","utc_time_created":"2025-01-15 10:30:45.123456","model_uuid":"u1","flavors":{"mlnet":{},"python_function":{"loader_module":"x"}}},
                 {"run_id":"r1","artifact_path":"models/v2","flavors":{}}]
                """,
        });

        var models = ModelInfo.FromRun(run);

        Assert.Equal(2, models.Count);
        Assert.Equal("runs:/r1/model", models[0].ModelUri);
        Assert.Equal(["mlnet", "python_function"], models[0].Flavors);
        Assert.Equal("2025-01-15 10:30:45.123456", models[0].UtcTimeCreated);
        Assert.Equal("u1", models[0].ModelUuid);
        Assert.Equal("runs:/r1/models/v2", models[1].ModelUri);
        Assert.Empty(models[1].Flavors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"artifact_path\":\"model\"}")]
    [InlineData("[{\"flavors\":{}}, 3]")]
    public void FromRun_finds_nothing_when_the_history_tag_is_missing_or_unreadable(string? history)
    {
        var tags = history is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [SystemTags.LogModelHistory] = history };

        Assert.Empty(ModelInfo.FromRun(RunWithTags(tags)));
    }
}
