using System.Text.Json;
using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tests.Tracking;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Cli;

/// <summary><c>mlops import mlruns</c> run as a real process: exit codes, the summary and JSON.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-import-cli");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string Uri => "sqlite:///" + _dir["store/mlflow.db"];

    [Fact]
    public async Task Import_prints_json_counts_and_a_second_import_adds_nothing()
    {
        MlrunsFixture.Create(_dir["mlruns"], corrupt: false);
        var first = CliRunner.Run(_dir.Path, "import", "mlruns", "mlruns", "--tracking-uri", Uri, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        using (var json = JsonDocument.Parse(first.Stdout))
        {
            Assert.Equal(5, json.RootElement.GetProperty("runs").GetInt32());
            Assert.Equal(12, json.RootElement.GetProperty("metric_points").GetInt32());
            Assert.Equal(2, json.RootElement.GetProperty("experiments").GetInt32());
            var iris = json.RootElement.GetProperty("experiment_map").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "iris");
            Assert.Equal(MlrunsFixture.IrisId, iris.GetProperty("target_id").GetString());
        }
        var second = CliRunner.Run(_dir.Path, "import", "mlruns", "mlruns", "--tracking-uri", Uri, "--json");
        Assert.Equal(0, second.ExitCode);
        using (var json = JsonDocument.Parse(second.Stdout))
        {
            Assert.Equal(0, json.RootElement.GetProperty("runs").GetInt32());
            Assert.Equal(5, json.RootElement.GetProperty("skipped").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "already_imported"));
        }
        using var store = SqliteTrackingStore.Open(Uri);
        Assert.Equal("brave-fox-1", (await store.GetRunAsync(MlrunsFixture.Finished, TestContext.Current.CancellationToken)).Info.RunName);
    }

    [Fact]
    public void A_corrupt_run_is_listed_in_the_summary_and_the_exit_code_is_3()
    {
        MlrunsFixture.Create(_dir["mlruns"]);
        var r = CliRunner.Run(_dir.Path, "import", "mlruns", "mlruns", "--tracking-uri", Uri);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("runs\t5", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{MlrunsFixture.BadMetric}/metrics/loss:2", r.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("error: 2 item(s) could not be read", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("run the same command again", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_on_error_exits_3_naming_the_bad_file()
    {
        MlrunsFixture.Create(_dir["mlruns"]);
        var r = CliRunner.Run(_dir.Path, "import", "mlruns", "mlruns", "--tracking-uri", Uri, "--stop-on-error");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"{MlrunsFixture.BadMetric}/metrics/loss:2:", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_folder_exits_4_and_creates_no_database()
    {
        var r = CliRunner.Run(_dir.Path, "import", "mlruns", "nowhere", "--tracking-uri", Uri);
        Assert.Equal(4, r.ExitCode);
        Assert.Equal("error: 'nowhere' does not exist; pass the mlruns folder of an MLflow file store (the folder holding 0/meta.yaml).\n", r.Stderr);
        Assert.False(File.Exists(_dir["store/mlflow.db"]));
    }

    [Fact]
    public void A_folder_that_is_not_a_file_store_exits_3_saying_what_was_expected()
    {
        Directory.CreateDirectory(_dir["notes/drafts"]);
        var r = CliRunner.Run(_dir.Path, "import", "mlruns", "notes", "--tracking-uri", Uri);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("is not an MLflow file store: expected folders named by experiment id, each holding a meta.yaml", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["store/mlflow.db"]));
    }
}
