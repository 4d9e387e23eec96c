using Microsoft.Data.Sqlite;
using MlopsKit.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Tests.Tracking;

/// <summary>Which tracking URIs open which store.</summary>
public sealed class TrackingStoreResolverTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_sqlite_uri_and_a_plain_path_open_the_same_database()
    {
        string id;
        using (var store = TrackingStoreResolver.Open($"sqlite:///{_dir["mlflow.db"]}"))
            id = await store.CreateExperimentAsync("demo");
        using var again = TrackingStoreResolver.Open(_dir["mlflow.db"], mustExist: true);
        Assert.Equal(id, (await again.GetExperimentByNameAsync("demo"))?.ExperimentId);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("postgresql://user@host/db")]
    [InlineData("file:///tmp/mlruns")]
    public void Other_schemes_are_a_config_error_naming_the_supported_ones(string uri)
    {
        var e = Assert.Throws<ConfigException>(() => TrackingStoreResolver.Open(uri));
        Assert.Contains(uri, e.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite:///", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_is_not_found_and_not_created_when_it_must_exist()
    {
        Assert.Throws<NotFoundException>(() => TrackingStoreResolver.Open(_dir["absent.db"], mustExist: true));
        Assert.False(File.Exists(_dir["absent.db"]));
    }

    [Fact]
    public void The_given_uri_wins_over_the_default()
    {
        Assert.Equal("sqlite:///x.db", TrackingStoreResolver.Resolve("sqlite:///x.db"));
        Assert.False(string.IsNullOrEmpty(TrackingStoreResolver.Resolve(null)));
    }
}
