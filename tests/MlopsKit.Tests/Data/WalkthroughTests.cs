using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>The tutorial's DVC chapter end to end, in a real git repository with a real local remote.</summary>
public sealed class WalkthroughTests : IDisposable
{
    private readonly TempRepo _t = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    public void Dispose()
    {
        _t.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Seed_walkthrough_restores_every_version_through_git_and_the_remote()
    {
        _t.GitCommit("init dvc");
        _t.Write("data/demo.txt", "hello\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        _t.GitCommit("v1");
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        var pushed = await _t.Repo.PushAsync();
        Assert.Equal(1, pushed.Transferred);
        Assert.True(File.Exists(Path.Combine(_store.Path, "files/md5/b1/946ac92492d2347c6235b4d2611184")));

        TempDir.DeleteTree(_t[".dvc/cache"]);
        File.Delete(_t["data/demo.txt"]);
        var pulled = await _t.Reopen().PullAsync();
        Assert.Equal(1, pulled.Transferred);
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));

        _t.Write("data/demo.txt", "hello world\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        _t.GitCommit("v2");
        Assert.Equal(1, (await _t.Repo.PushAsync()).Transferred);

        _t.GitCheckoutPath("HEAD~1", "data/demo.txt.dvc");
        var checkout = await _t.Reopen().CheckoutAsync();
        Assert.Equal(["data/demo.txt"], checkout.Modified);
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Checkout_at_a_revision_restores_old_data_without_touching_git_files()
    {
        _t.Write("data/demo.txt", "hello\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        var v1 = _t.GitCommit("v1");
        _t.Write("data/demo.txt", "hello world\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        _t.GitCommit("v2");
        var dvcText = _t.Read("data/demo.txt.dvc");

        await _t.Repo.CheckoutAsync(["data/demo.txt"], new CheckoutOptions { Rev = v1 });
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));
        Assert.Equal(dvcText, _t.Read("data/demo.txt.dvc"));
        await _t.Repo.CheckoutAsync(["data/demo.txt"], new CheckoutOptions { Rev = "HEAD" });
        Assert.Equal("hello world\n", _t.Read("data/demo.txt"));
    }

    [Fact]
    public async Task The_same_repo_object_pulls_again_after_the_cache_and_data_folders_were_deleted_under_it()
    {
        // A notebook kernel keeps one Repo for hours while the user deletes folders from a shell.
        _t.Write("data/images/a.txt", "foo\n");
        _t.Write("data/images/sub/b.txt", "bar\n");
        await _t.Repo.AddAsync(["data/images"]);
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        await _t.Repo.PushAsync();
        await _t.Repo.PullAsync();

        TempDir.DeleteTree(_t[".dvc/cache"]);
        TempDir.DeleteTree(_t["data/images"]);
        var pulled = await _t.Repo.PullAsync();

        Assert.Equal(3, pulled.Transferred);
        Assert.Equal("foo\n", File.ReadAllText(_t["data/images/a.txt"]));
        Assert.Equal("bar\n", File.ReadAllText(_t["data/images/sub/b.txt"]));
    }

    [Fact]
    public async Task Log_lists_each_commit_that_changed_the_data_newest_first()
    {
        _t.Write("data/demo.txt", "hello\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        var v1 = _t.GitCommit("v1");
        _t.GitCommit("unrelated");
        _t.Write("data/demo.txt", "hello world\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        var v2 = _t.GitCommit("v2");
        var log = _t.Repo.Log("data/demo.txt");
        Assert.Equal([v2, v1], log.Select(v => v.Commit));
        Assert.Equal(["6f5902ac237024bdd0c176cb93063dc4", "b1946ac92492d2347c6235b4d2611184"], log.Select(v => v.Md5));
        Assert.Equal([12L, 6L], log.Select(v => v.Size!.Value));
    }

    [Fact]
    public async Task Directories_round_trip_through_push_and_pull_into_a_fresh_clone()
    {
        _t.Write("data/images/a.txt", "foo\n");
        _t.Write("data/images/sub/b.txt", "bar\n");
        _t.Write("data/images/ünï cödé #1.txt", "baz\n");
        await _t.Repo.AddAsync(["data/images"]);
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        _t.GitCommit("data");
        var pushed = await _t.Repo.PushAsync();
        Assert.Equal(4, pushed.Transferred);

        using var clone = TempDir.Create("mlopskit-clone");
        LibGit2Sharp.Repository.Clone(_t.Root, clone.Path);
        using var repo = Repo.Open(clone.Path);
        var result = await repo.PullAsync();
        Assert.Equal(["data/images/"], result.Checkout!.Added);
        Assert.Equal("baz\n", File.ReadAllText(clone["data/images/ünï cödé #1.txt"]));
        Assert.True((await repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Push_uploads_only_missing_objects_and_the_manifest_after_its_files()
    {
        _t.Write("d/a.txt", "1\n");
        _t.Write("d/b.txt", "2\n");
        await _t.Repo.AddAsync(["d"]);
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        Assert.Equal(3, (await _t.Repo.PushAsync()).Transferred);
        _t.Write("d/c.txt", "3\n");
        await _t.Repo.AddAsync(["d"]);
        var second = await _t.Repo.PushAsync();
        Assert.Equal(2, second.Transferred);
        Assert.Equal(0, (await _t.Repo.PushAsync()).Transferred);
    }

    [Fact]
    public async Task A_manifest_is_not_pushed_when_one_of_its_files_is_missing_everywhere()
    {
        _t.Write("d/a.txt", "1\n");
        _t.Write("d/b.txt", "2\n");
        await _t.Repo.AddAsync(["d"]);
        var key = new ObjectKey(MlopsKit.IO.Md5Hasher.HashBytes("2\n"u8), false);
        _t.Repo.Cache.Delete(key);
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        var result = await _t.Repo.PushAsync();
        Assert.Equal([key.Oid], result.Missing);
        var dirOid = _t.Read("d.dvc").Split("md5: ")[1][..36];
        Assert.False(File.Exists(Path.Combine(_store.Path, "files/md5", dirOid[..2], dirOid[2..])));
        Assert.True(File.Exists(Path.Combine(_store.Path, "files/md5", MlopsKit.IO.Md5Hasher.HashBytes("1\n"u8)[..2], MlopsKit.IO.Md5Hasher.HashBytes("1\n"u8)[2..])));
    }

    [Fact]
    public async Task Diff_reports_added_modified_and_deleted_files_inside_a_directory()
    {
        _t.Write("d/a.txt", "1\n");
        _t.Write("d/b.txt", "2\n");
        await _t.Repo.AddAsync(["d"]);
        _t.GitCommit("v1");
        _t.Write("d/a.txt", "changed\n");
        File.Delete(_t["d/b.txt"]);
        _t.Write("d/c.txt", "3\n");
        await _t.Repo.AddAsync(["d"]);
        _t.GitCommit("v2");
        var diff = await _t.Repo.DiffAsync("HEAD~1", "HEAD");
        Assert.Equal(["d/c.txt"], diff.Added.Select(e => e.Path));
        Assert.Equal(["d/b.txt"], diff.Deleted.Select(e => e.Path));
        Assert.Equal(["d/", "d/a.txt"], diff.Modified.Select(e => e.Path));
        Assert.Equal("{}", (await _t.Repo.DiffAsync()).ToJson());
    }
}
