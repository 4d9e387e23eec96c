using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Cli;

/// <summary>The real <c>mlops models register|alias|transition|list</c> against a real SQLite store holding a run with a model artifact.</summary>
public sealed class ModelsCliTests : IAsyncLifetime
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-models-cli");
    private string _runId = "";

    private string Uri => $"sqlite:///{_dir["mlflow.db"]}";

    public async ValueTask InitializeAsync()
    {
        using var store = SqliteTrackingStore.Open(Uri);
        var run = await store.CreateRunAsync("0", "trained", 1_700_000_000_000, []);
        _runId = run.Info.RunId;
        using var client = new TrackingClient(store);
        await client.LogArtifactBytesAsync(_runId, "model/MLmodel", Encoding.UTF8.GetBytes("artifact_path: model\n"));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private CliRunner.Result Mlops(params string[] args) =>
        CliRunner.RunWithEnvironment(_dir.Path, null, new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = null }, [.. args, "--tracking-uri", Uri]);

    [Fact]
    public void Register_alias_transition_and_list_drive_the_registry_and_print_what_changed()
    {
        var first = Mlops("models", "register", "-m", $"runs:/{_runId}/model", "--name", "iris");
        Assert.Equal((0, "Registered model 'iris' version 1\n"), (first.ExitCode, first.Stdout));
        Assert.Equal("Registered model 'iris' version 2\n", Mlops("models", "register", "-m", $"runs:/{_runId}/model", "--name", "iris").Stdout);

        var alias = Mlops("models", "alias", "--name", "iris", "--alias", "champion", "--version", "1");
        Assert.Equal((0, "Alias 'champion' of model 'iris' now points to version 1\n"), (alias.ExitCode, alias.Stdout));
        var moved = Mlops("models", "transition", "--name", "iris", "--version", "2", "--stage", "production", "--archive-existing");
        Assert.Equal((0, "Model 'iris' version 2 is now in stage 'Production'\n"), (moved.ExitCode, moved.Stdout));

        var table = Mlops("models", "list");
        Assert.Equal(0, table.ExitCode);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["name\tlatest_version\tstages\taliases", "iris\t2\tProduction: 2\tchampion: 1"], lines);

        var json = Mlops("models", "list", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var model = Assert.Single(doc.RootElement.GetProperty("registered_models").EnumerateArray());
        Assert.Equal("iris", model.GetProperty("name").GetString());
        var perStage = model.GetProperty("latest_versions").EnumerateArray().ToList();
        Assert.Equal(["1:None", "2:Production"], perStage.Select(v => $"{v.GetProperty("version").GetString()}:{v.GetProperty("current_stage").GetString()}"));
        var latest = perStage[1];
        Assert.Equal(("2", "Production", $"runs:/{_runId}/model", _runId), (latest.GetProperty("version").GetString(),
            latest.GetProperty("current_stage").GetString(), latest.GetProperty("source").GetString(), latest.GetProperty("run_id").GetString()));
        var champion = Assert.Single(model.GetProperty("aliases").EnumerateArray());
        Assert.Equal(("champion", "1"), (champion.GetProperty("alias").GetString(), champion.GetProperty("version").GetString()));
    }

    [Fact]
    public void Registry_mistakes_exit_with_the_documented_codes_and_one_error_line()
    {
        Assert.Equal(0, Mlops("models", "register", "-m", $"runs:/{_runId}/model", "--name", "iris").ExitCode);

        var cases = new (string[] Args, int Code, string Says)[]
        {
            (["models", "alias", "--name", "nope", "--alias", "champion", "--version", "1"], 4, "registered model 'nope' not found"),
            (["models", "alias", "--name", "iris", "--alias", "champion", "--version", "9"], 4, "has no version 9"),
            (["models", "alias", "--name", "iris", "--alias", "latest", "--version", "1"], 3, "'latest' is reserved"),
            (["models", "alias", "--name", "iris", "--alias", "v2", "--version", "1"], 3, "is reserved"),
            (["models", "transition", "--name", "iris", "--version", "1", "--stage", "Prod"], 3, "is not a model stage"),
            (["models", "register", "-m", $"runs:/{_runId}/missing", "--name", "iris"], 4, "has no artifact 'missing'"),
            (["models", "register", "-m", $"runs:/{_runId}/../x", "--name", "iris"], 3, "'..'"),
            (["models", "alias", "--name", "iris", "--alias", "a", "--version", "one"], 2, ""),
        };
        foreach (var (args, code, says) in cases)
        {
            var result = Mlops(args);
            Assert.True(result.ExitCode == code, $"mlops {string.Join(' ', args)} exited {result.ExitCode}, expected {code}: {result.Stderr}");
            Assert.Contains(says, result.Stderr, StringComparison.Ordinal);
            if (code != 2) Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        }
    }
}
