using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary><c>remove</c>, <c>unprotect</c> and <c>status --cloud</c>.</summary>
public sealed class RemoveAndCloudStatusTests : IDisposable
{
    private readonly TempRepo _t = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    public void Dispose()
    {
        _t.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Remove_deletes_the_dvc_file_and_gitignore_entry_but_keeps_the_data_unless_asked()
    {
        _t.Write("data/a.csv", "1\n");
        _t.Write("data/b.csv", "2\n");
        await _t.Repo.AddAsync(["data/a.csv", "data/b.csv"]);
        Assert.Equal(["data/a.csv.dvc"], _t.Repo.Remove(["data/a.csv.dvc"]));
        Assert.False(File.Exists(_t["data/a.csv.dvc"]));
        Assert.Equal("1\n", _t.Read("data/a.csv"));
        Assert.Equal("/b.csv\n", _t.Read("data/.gitignore"));
        _t.Repo.Remove(["data/b.csv"], outs: true);
        Assert.False(File.Exists(_t["data/b.csv"]));
        Assert.False(File.Exists(_t["data/.gitignore"]));
    }

    [Fact]
    public async Task Unprotect_turns_hardlinks_into_writable_copies_that_status_still_sees_as_unchanged()
    {
        _t.Repo.ConfigSet("cache.type", "hardlink");
        _t.Write("x.txt", "hello\n");
        await _t.Repo.AddAsync(["x.txt"]);
        Assert.Equal((UnixFileMode)0b100_100_100, File.GetUnixFileMode(_t["x.txt"]));
        Assert.Equal(1, _t.Repo.Unprotect(["x.txt"]));
        Assert.True((File.GetUnixFileMode(_t["x.txt"]) & UnixFileMode.UserWrite) != 0);
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
        var obj = _t.Repo.Cache.PathOf(new ObjectKey("b1946ac92492d2347c6235b4d2611184", false));
        File.AppendAllText(_t["x.txt"], "more\n");
        Assert.Equal("hello\n", File.ReadAllText(obj));
    }

    [Fact]
    public async Task Cloud_status_names_new_deleted_and_missing_objects()
    {
        _t.Write("d/a.txt", "1\n");
        _t.Write("d/b.txt", "2\n");
        _t.Write("c.txt", "3\n");
        await _t.Repo.AddAsync(["d", "c.txt"]);
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        var before = await _t.Repo.CloudStatusAsync();
        Assert.Equal("new", before.Changes["c.txt"]);
        Assert.Equal("new", before.Changes["d/a.txt"]);
        await _t.Repo.PushAsync();
        Assert.True((await _t.Repo.CloudStatusAsync()).InSync);
        _t.Repo.Cache.Delete(new ObjectKey(MlopsKit.IO.Md5Hasher.HashBytes("3\n"u8), false));
        Assert.Equal("deleted", (await _t.Repo.CloudStatusAsync()).Changes["c.txt"]);
    }
}
