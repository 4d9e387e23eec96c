using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Cli;

/// <summary>The real <c>mlops experiments list|create|delete|restore</c> against a real SQLite tracking store.</summary>
public sealed class ExperimentsCliTests : IDisposable
{
    private static readonly Dictionary<string, string?> s_noTrackingUri = new() { ["MLFLOW_TRACKING_URI"] = null };
    private readonly TempDir _dir = TempDir.Create("mlopskit-exp");

    private string Uri => $"sqlite:///{_dir["mlflow.db"]}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private CliRunner.Result Mlops(params string[] args) => CliRunner.RunWithEnvironment(_dir.Path, null, s_noTrackingUri, args);

    private static string[][] Rows(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();

    [Fact]
    public void Create_makes_the_database_and_list_shows_the_experiment_as_a_table_and_as_json()
    {
        var created = Mlops("experiments", "create", "-n", "wine-quality");
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("Created experiment 'wine-quality' with id 1", created.Stdout.Trim());
        Assert.True(File.Exists(_dir["mlflow.db"]), "create with the default tracking URI should create mlflow.db here");

        var table = Mlops("experiments", "list", "--tracking-uri", Uri);
        Assert.True(table.ExitCode == 0, table.Stderr);
        var rows = Rows(table.Stdout);
        Assert.Equal(["experiment_id", "name", "artifact_location", "lifecycle_stage", "created"], rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Equal(["0", "Default"], rows[1][..2]);
        Assert.Equal(["1", "wine-quality"], rows[2][..2]);
        Assert.Equal("active", rows[2][3]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", rows[2][4]);

        var json = Mlops("experiments", "list", "--json", "--tracking-uri", Uri);
        Assert.True(json.ExitCode == 0, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var experiments = doc.RootElement.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal(2, experiments.Count);
        var wine = experiments[1];
        Assert.Equal("1", wine.GetProperty("experiment_id").GetString());
        Assert.Equal("wine-quality", wine.GetProperty("name").GetString());
        Assert.Equal("active", wine.GetProperty("lifecycle_stage").GetString());
        Assert.EndsWith("1", wine.GetProperty("artifact_location").GetString(), StringComparison.Ordinal);
        Assert.True(wine.GetProperty("creation_time").GetInt64() > 1_600_000_000_000);
        Assert.Equal(JsonValueKind.Array, wine.GetProperty("tags").ValueKind);
    }

    [Fact]
    public void Create_with_an_artifact_location_and_json_prints_the_new_id()
    {
        var location = _dir["elsewhere/artifacts"];
        var created = Mlops("experiments", "create", "--experiment-name", "demo", "--artifact-location", location, "--json", "--tracking-uri", Uri);

        Assert.True(created.ExitCode == 0, created.Stderr);
        using var doc = JsonDocument.Parse(created.Stdout);
        Assert.Equal("1", doc.RootElement.GetProperty("experiment_id").GetString());
        var listed = Rows(Mlops("experiments", "list", "--tracking-uri", Uri).Stdout);
        Assert.Equal(location, listed[2][2]);
    }

    [Fact]
    public void Creating_an_experiment_whose_name_is_taken_exits_5_and_says_so()
    {
        Assert.Equal(0, Mlops("experiments", "create", "-n", "demo", "--tracking-uri", Uri).ExitCode);

        var again = Mlops("experiments", "create", "-n", "demo", "--tracking-uri", Uri);

        Assert.Equal(5, again.ExitCode);
        Assert.StartsWith("error: experiment 'demo' already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_and_restore_by_id_or_by_name_move_the_experiment_between_views()
    {
        Mlops("experiments", "create", "-n", "demo", "--tracking-uri", Uri);
        Mlops("experiments", "create", "-n", "keep", "--tracking-uri", Uri);

        var deleted = Mlops("experiments", "delete", "--experiment-id", "1", "--tracking-uri", Uri);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Equal("Deleted experiment 'demo' (id 1).", deleted.Stdout.Trim());
        Assert.DoesNotContain(Rows(Mlops("experiments", "list", "--tracking-uri", Uri).Stdout), r => r[1] == "demo");
        var deletedOnly = Rows(Mlops("experiments", "list", "--view", "deleted_only", "--tracking-uri", Uri).Stdout);
        Assert.Equal(["1", "demo"], deletedOnly.Skip(1).Single()[..2]);
        Assert.Equal("deleted", deletedOnly[1][3]);
        Assert.Equal(4, Rows(Mlops("experiments", "list", "--view", "all", "--tracking-uri", Uri).Stdout).Length);

        var restored = Mlops("experiments", "restore", "--experiment-name", "demo", "--tracking-uri", Uri);
        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Equal("Restored experiment 'demo' (id 1).", restored.Stdout.Trim());
        Assert.Contains(Rows(Mlops("experiments", "list", "--tracking-uri", Uri).Stdout), r => r[1] == "demo" && r[3] == "active");

        Assert.Equal(0, Mlops("experiments", "delete", "--experiment-name", "keep", "--tracking-uri", Uri).ExitCode);
        Assert.Equal(0, Mlops("experiments", "restore", "--experiment-id", "2", "--tracking-uri", Uri).ExitCode);
    }

    [Fact]
    public void Bad_experiment_input_fails_with_its_exit_code_and_one_line_saying_what_to_do()
    {
        var missingDb = Mlops("experiments", "list");
        Assert.Equal(4, missingDb.ExitCode);
        Assert.StartsWith("error: no tracking database at", missingDb.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["mlflow.db"]), "a read command must not create the database");
        Assert.Equal(4, Mlops("experiments", "delete", "--experiment-id", "1").ExitCode);
        Assert.False(File.Exists(_dir["mlflow.db"]));

        Mlops("experiments", "create", "-n", "demo", "--tracking-uri", Uri);

        var unknownId = Mlops("experiments", "delete", "--experiment-id", "42", "--tracking-uri", Uri);
        Assert.Equal(4, unknownId.ExitCode);
        Assert.Contains("experiment '42' does not exist", unknownId.Stderr, StringComparison.Ordinal);
        Assert.Contains("mlops experiments list", unknownId.Stderr, StringComparison.Ordinal);
        Assert.Single(unknownId.Stderr.Trim().Split('\n'));

        var unknownName = Mlops("experiments", "restore", "--experiment-name", "nope", "--tracking-uri", Uri);
        Assert.Equal(4, unknownName.ExitCode);
        Assert.Contains("mlops experiments list", unknownName.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, Mlops("experiments", "delete", "-n", "demo", "--tracking-uri", Uri).ExitCode);
        var twice = Mlops("experiments", "delete", "-n", "demo", "--tracking-uri", Uri);
        Assert.Equal(3, twice.ExitCode);
        Assert.StartsWith("error: experiment '1' is already deleted", twice.Stderr, StringComparison.Ordinal);

        var defaultExperiment = Mlops("experiments", "delete", "--experiment-id", "0", "--tracking-uri", Uri);
        Assert.Equal(3, defaultExperiment.ExitCode);

        var both = Mlops("experiments", "delete", "--experiment-id", "1", "--experiment-name", "demo", "--tracking-uri", Uri);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Stderr, StringComparison.Ordinal);

        var neither = Mlops("experiments", "restore", "--tracking-uri", Uri);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--experiment-id or --experiment-name", neither.Stderr, StringComparison.Ordinal);

        var badView = Mlops("experiments", "list", "--view", "archived", "--tracking-uri", Uri);
        Assert.Equal(2, badView.ExitCode);
        Assert.Contains("active_only, deleted_only or all", badView.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, Mlops("experiments", "create", "--tracking-uri", Uri).ExitCode);
    }
}
