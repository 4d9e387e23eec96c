using System.Globalization;
using Microsoft.Data.Sqlite;
using MlopsKit.Models;
using MlopsKit.Serving;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>The embedded model registry: versions, stages and aliases in the real SQLite store, and models:/ URIs resolved and loaded from it.</summary>
public sealed class ModelRegistryTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteTrackingStore Store => fixture.Store;

    private Task<string> ResolveAsync(string uri) => fixture.Client.ResolveModelUriAsync(ModelUri.Parse(uri), Ct).AsTask();

    private Task<string> ModelDirOfAsync(string runId) => fixture.Client.GetArtifactPathAsync(runId, "model", Ct);

    private async Task<string> RegisterBothAsync(string name)
    {
        Assert.Equal(1, (await Store.CreateModelVersionAsync(name, $"runs:/{fixture.RunA}/model", cancellationToken: Ct)).Version);
        Assert.Equal(2, (await Store.CreateModelVersionAsync(name, $"runs:/{fixture.RunB}/model", cancellationToken: Ct)).Version);
        return name;
    }

    private float Score(LoadedModel model) =>
        Convert.ToSingle(model.Predict([fixture.Row])[0]["Score"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task Registering_a_run_model_creates_the_name_and_numbers_versions_from_one_ready_in_stage_none()
    {
        var v1 = await Store.CreateModelVersionAsync("fresh", $"runs:/{fixture.RunA}/model", cancellationToken: Ct);
        var v2 = await Store.CreateModelVersionAsync("fresh", $"runs:/{fixture.RunB}/model", fixture.RunB, Ct);

        Assert.Equal((1L, 2L), (v1.Version, v2.Version));
        Assert.Equal(("None", "READY", fixture.RunA, $"runs:/{fixture.RunA}/model"), (v1.CurrentStage, v1.Status, v1.RunId, v1.Source));
        var model = await Store.GetRegisteredModelAsync("fresh", Ct);
        Assert.Equal(2, Assert.Single(model.LatestVersions).Version);
        Assert.Equivalent(v2, await Store.GetModelVersionAsync("fresh", 2, Ct), strict: true);
        Assert.Contains(await Store.SearchRegisteredModelsAsync(Ct), m => m.Name == "fresh");
    }

    [Fact]
    public async Task Every_models_uri_form_resolves_to_the_logged_model_folder_of_its_version()
    {
        var name = await RegisterBothAsync("m");
        var (dirA, dirB) = (await ModelDirOfAsync(fixture.RunA), await ModelDirOfAsync(fixture.RunB));

        Assert.Equal(dirA, await ResolveAsync("models:/m/1"));
        Assert.Equal(dirB, await ResolveAsync("models:/m/2"));
        Assert.Equal(dirB, await ResolveAsync("models:/m/latest"));

        await Store.TransitionModelVersionStageAsync(name, 1, "production", cancellationToken: Ct);
        Assert.Equal(dirA, await ResolveAsync("models:/m/Production"));
        var moved = await Store.TransitionModelVersionStageAsync(name, 2, "PRODUCTION", archiveExisting: true, Ct);
        Assert.Equal("Production", moved.CurrentStage);
        Assert.Equal("Archived", (await Store.GetModelVersionAsync(name, 1, Ct)).CurrentStage);
        Assert.Equal(dirB, await ResolveAsync("models:/m/Production"));
        Assert.Equal(dirB, await ResolveAsync("models:/m/production"));
        Assert.Equal(dirA, await ResolveAsync("models:/m/Archived"));

        await Store.SetRegisteredModelAliasAsync(name, "champion", 1, Ct);
        Assert.Equal(dirA, await ResolveAsync("models:/m@champion"));
        Assert.Equal<string>(["champion"], (await Store.GetModelVersionAsync(name, 1, Ct)).Aliases);
        Assert.Equal(1, (await Store.GetRegisteredModelAsync(name, Ct)).Aliases["champion"]);
    }

    [Fact]
    public async Task Loading_by_alias_predicts_with_the_version_the_alias_points_at_and_follows_a_repoint()
    {
        var name = await RegisterBothAsync("scorer");
        var scoreA = Score(await fixture.Client.LoadModelAsync($"runs:/{fixture.RunA}/model", Ct));
        var scoreB = Score(await fixture.Client.LoadModelAsync($"runs:/{fixture.RunB}/model", Ct));
        Assert.NotEqual(scoreA, scoreB);

        await Store.SetRegisteredModelAliasAsync(name, "champion", 2, Ct);
        var champion = await fixture.Client.LoadModelAsync("models:/scorer@champion", Ct);
        Assert.Equal(fixture.RunB, champion.RunId);
        Assert.Equal(scoreB, Score(champion));

        await Store.SetRegisteredModelAliasAsync(name, "champion", 1, Ct);
        Assert.Equal(scoreA, Score(await fixture.Client.LoadModelAsync("models:/scorer@champion", Ct)));
    }

    [Fact]
    public async Task Unknown_models_versions_aliases_and_empty_stages_are_not_found()
    {
        await RegisterBothAsync("known");

        Assert.Contains("'nope' not found", (await Assert.ThrowsAsync<NotFoundException>(() => Store.GetRegisteredModelAsync("nope", Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("no version 3", (await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionAsync("known", 3, Ct))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionAsync("nope", 1, Ct));
        Assert.Contains("no alias 'ghost'", (await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionByAliasAsync("known", "ghost", Ct))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.SetRegisteredModelAliasAsync("known", "champion", 9, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.SetRegisteredModelAliasAsync("nope", "champion", 1, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.TransitionModelVersionStageAsync("known", 7, "Staging", cancellationToken: Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.DeleteRegisteredModelAsync("nope", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.DeleteModelVersionAsync("known", 5, Ct));

        await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/nope/1"));
        await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/known/3"));
        await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/known@ghost"));
        await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/nope/latest"));
        var staging = await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/known/Staging"));
        Assert.Contains("no version in stage 'Staging'", staging.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => fixture.Client.LoadModelAsync("models:/known@ghost", Ct));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("LaTeSt")]
    [InlineData("v1")]
    [InlineData("V42")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("dot.ted")]
    [InlineData("trailing\n")]
    public async Task Reserved_or_malformed_alias_names_are_refused_as_invalid_parameters(string alias)
    {
        var ex = await Assert.ThrowsAsync<InvalidParameterException>(() => Store.SetRegisteredModelAliasAsync("known-or-not", alias, 1, Ct));
        Assert.Contains("alias", ex.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.GetModelVersionByAliasAsync("known-or-not", alias, Ct));
    }

    [Fact]
    public async Task Aliases_up_to_255_word_characters_are_accepted_and_256_are_not()
    {
        var name = await RegisterBothAsync("long-aliases");
        foreach (var alias in new[] { new string('a', 255), "v1a", "v", "champion-2", "Ünïcode_ok" })
        {
            await Store.SetRegisteredModelAliasAsync(name, alias, 2, Ct);
            Assert.Equal(2, (await Store.GetModelVersionByAliasAsync(name, alias, Ct)).Version);
        }
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.SetRegisteredModelAliasAsync(name, new string('a', 256), 2, Ct));
        await Store.DeleteRegisteredModelAliasAsync(name, "v1a", Ct);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionByAliasAsync(name, "v1a", Ct));
    }

    [Fact]
    public async Task Unknown_stages_are_refused_and_only_active_stages_can_archive_existing_versions()
    {
        var name = await RegisterBothAsync("stages");

        var ex = await Assert.ThrowsAsync<InvalidParameterException>(() => Store.TransitionModelVersionStageAsync(name, 1, "Prod", cancellationToken: Ct));
        Assert.Contains("None, Staging, Production, Archived", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.TransitionModelVersionStageAsync(name, 1, "Archived", archiveExisting: true, Ct));
        await Assert.ThrowsAsync<InvalidParameterException>(() => ResolveAsync("models:/stages/Shadow"));
        Assert.Equal("Staging", (await Store.TransitionModelVersionStageAsync(name, 1, " staging ", cancellationToken: Ct)).CurrentStage);
    }

    [Fact]
    public async Task Sources_that_are_not_an_existing_run_artifact_or_model_folder_are_refused()
    {
        var run = fixture.RunA;
        var plain = Directory.CreateDirectory(Path.Combine(fixture.Scratch, "not-a-model")).FullName;
        var invalid = new[]
        {
            "", "models:/m/1", "models:/m@champion", "s3://bucket/model", "http://example.com/model", $"runs:/{run}", $"runs:/{run}/../../mlflow.db",
            $"runs:/{run}/model/%2e%2e/%2e%2e", $"runs:/{run}/..%2F..", plain, Path.Combine(plain, "..", "not-a-model"),
            $"{Path.GetDirectoryName(await ModelDirOfAsync(run))}/../{run}/artifacts/model",
        };
        foreach (var source in invalid)
            await Assert.ThrowsAsync<InvalidParameterException>(() => Store.CreateModelVersionAsync("sources", source, cancellationToken: Ct));

        var missing = new[] { $"runs:/{run}/no-such-model", "runs:/0123456789abcdef0123456789abcdef/model", Path.Combine(fixture.Scratch, "missing") };
        foreach (var source in missing)
            await Assert.ThrowsAsync<NotFoundException>(() => Store.CreateModelVersionAsync("sources", source, cancellationToken: Ct));

        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.CreateModelVersionAsync("sources", $"runs:/{run}/model", fixture.RunB, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetRegisteredModelAsync("sources", Ct));
    }

    [Fact]
    public async Task A_local_model_folder_registers_by_its_full_path_and_loads_from_there()
    {
        var copy = Path.Combine(fixture.Scratch, "copied-model");
        foreach (var file in Directory.EnumerateFiles(await ModelDirOfAsync(fixture.RunB), "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(copy, Path.GetRelativePath(await ModelDirOfAsync(fixture.RunB), file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }

        var version = await Store.CreateModelVersionAsync("local", copy + "/", cancellationToken: Ct);

        Assert.Equal((Path.GetFullPath(copy), ""), (version.Source, version.RunId));
        Assert.Equal(Path.GetFullPath(copy), await ResolveAsync("models:/local/1"));
        var scoreB = Score(await fixture.Client.LoadModelAsync($"runs:/{fixture.RunB}/model", Ct));
        Assert.Equal(scoreB, Score(await fixture.Client.LoadModelAsync("models:/local/latest", Ct)));
    }

    [Fact]
    public async Task Creating_a_taken_model_name_is_a_conflict_and_an_empty_name_is_invalid()
    {
        var created = await Store.CreateRegisteredModelAsync("taken", "first", Ct);
        Assert.Equal(("first", 0), (created.Description, created.LatestVersions.Count));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => Store.CreateRegisteredModelAsync("taken", cancellationToken: Ct));
        Assert.Contains("RESOURCE_ALREADY_EXISTS", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidParameterException>(() => Store.CreateRegisteredModelAsync(" ", cancellationToken: Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => ResolveAsync("models:/taken/latest"));
    }

    [Fact]
    public async Task Deleting_a_version_drops_its_aliases_and_deleting_the_model_drops_everything()
    {
        var name = await RegisterBothAsync("doomed");
        await Store.SetRegisteredModelAliasAsync(name, "champion", 2, Ct);

        await Store.DeleteModelVersionAsync(name, 2, Ct);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionByAliasAsync(name, "champion", Ct));
        Assert.Equal(1, (await Store.GetModelVersionAsync(name, 1, Ct)).Version);
        Assert.Equal(2, (await Store.CreateModelVersionAsync(name, $"runs:/{fixture.RunB}/model", cancellationToken: Ct)).Version);

        await Store.DeleteRegisteredModelAsync(name, Ct);
        await Assert.ThrowsAsync<NotFoundException>(() => Store.GetModelVersionAsync(name, 1, Ct));
        Assert.DoesNotContain(await Store.SearchRegisteredModelsAsync(Ct), m => m.Name == name);
        Assert.Equal(1, (await Store.CreateModelVersionAsync(name, $"runs:/{fixture.RunA}/model", cancellationToken: Ct)).Version);
    }

    [Fact]
    public async Task A_database_created_before_the_registry_gains_its_tables_when_opened()
    {
        using var dir = TempDir.Create("mlopskit-oldregistry");
        var path = dir["old.db"];
        SqliteTrackingStore.Open(path).Dispose();
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "DROP TABLE registered_model_aliases; DROP TABLE model_version_tags; DROP TABLE registered_model_tags; " +
                "DROP TABLE model_versions; DROP TABLE registered_models;";
            cmd.ExecuteNonQuery();
        }

        using var store = SqliteTrackingStore.Open(path);
        await store.CreateRegisteredModelAsync("upgraded", cancellationToken: Ct);
        Assert.Equal("upgraded", Assert.Single(await store.SearchRegisteredModelsAsync(Ct)).Name);
    }

    [Fact]
    public async Task The_model_server_serves_a_models_uri_and_answers_ping()
    {
        await RegisterBothAsync("served");

        await using var server = await ModelServer.StartAsync(
            new ModelServerOptions { ModelUri = "models:/served/1", Port = 0, TrackingUri = fixture.TrackingUri }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync("/ping", Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.RunA, server.Model.RunId);
        Assert.Equal("served", server.Model.Name);
        Assert.Equal("1", server.Model.Version);

        await using var latest = await ModelServer.StartAsync(
            new ModelServerOptions { ModelUri = "models:/served/latest", Port = 0, TrackingUri = fixture.TrackingUri }, Ct);
        Assert.Equal("2", latest.Model.Version);
        Assert.Equal(fixture.RunB, latest.Model.RunId);
    }
}
