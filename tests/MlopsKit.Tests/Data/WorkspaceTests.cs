using MlopsKit.Data;
using MlopsKit.IO;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>How the workspace is read and written: link types, .dvcignore, globs, --no-commit and the hash cache.</summary>
public sealed class WorkspaceTests : IDisposable
{
    private readonly TempRepo _t = TempRepo.Create();

    public void Dispose() => _t.Dispose();

    [Theory]
    [InlineData("hardlink")]
    [InlineData("symlink")]
    [InlineData("copy")]
    [InlineData("reflink,copy")]
    public async Task Each_cache_type_checks_out_readable_data_and_status_stays_clean(string cacheType)
    {
        _t.Repo.ConfigSet("cache.type", cacheType);
        _t.Write("d/a.txt", "foo\n");
        _t.Write("f.txt", "bar\n");
        await _t.Repo.AddAsync(["d", "f.txt"]);
        File.Delete(_t["f.txt"]);
        TempDir.DeleteTree(_t["d"]);
        await _t.Repo.CheckoutAsync();
        Assert.Equal("foo\n", _t.Read("d/a.txt"));
        Assert.Equal("bar\n", _t.Read("f.txt"));
        var cacheObject = _t.Repo.Cache.PathOf(new ObjectKey(Md5Hasher.HashBytes("bar\n"u8), false));
        var info = new FileInfo(_t["f.txt"]);
        switch (cacheType)
        {
            case "symlink":
                Assert.Equal(cacheObject, info.LinkTarget);
                break;
            case "hardlink":
                Assert.Equal(FileStat.Get(cacheObject)!.Value.Inode, FileStat.Get(_t["f.txt"])!.Value.Inode);
                break;
            default:
                Assert.Null(info.LinkTarget);
                Assert.NotEqual(FileStat.Get(cacheObject)!.Value.Inode, FileStat.Get(_t["f.txt"])!.Value.Inode);
                Assert.True((File.GetUnixFileMode(_t["f.txt"]) & UnixFileMode.UserWrite) != 0);
                break;
        }
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task An_unknown_cache_type_is_a_config_error_naming_the_valid_ones()
    {
        var ex = Assert.Throws<ConfigException>(() => _t.Repo.ConfigSet("cache.type", "teleport"));
        Assert.Contains("reflink, hardlink, symlink, copy", ex.Message, StringComparison.Ordinal);
        _t.Write(".dvc/config", "[cache]\n    type = teleport\n");
        _t.Write("x.txt", "1");
        await Assert.ThrowsAsync<ConfigException>(() => _t.Reopen().AddAsync(["x.txt"]));
    }

    [Fact]
    public async Task Dvcignore_patterns_leave_files_out_of_directory_manifests()
    {
        _t.Write(".dvcignore", "*.tmp\n!keep.tmp\nlogs/\n");
        _t.Write("d/a.txt", "foo\n");
        _t.Write("d/sub/b.txt", "bar\n");
        _t.Write("d/junk.tmp", "x");
        _t.Write("d/keep.tmp", "kept\n");
        _t.Write("d/logs/run.log", "x");
        await _t.Repo.AddAsync(["d"]);
        var oid = _t.Repo.Outputs().Single().Hash!;
        var manifest = _t.Repo.Cache.ReadManifest(new ObjectKey(oid, false));
        Assert.Equal(["a.txt", "keep.tmp", "sub/b.txt"], manifest.Entries.Select(e => e.RelPath));
        _t.Write("d/more.tmp", "ignored too");
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Adding_an_ignored_path_is_refused()
    {
        _t.Write(".dvcignore", "secret.csv\n");
        _t.Write("secret.csv", "x");
        var ex = await Assert.ThrowsAsync<ConfigException>(() => _t.Repo.AddAsync(["secret.csv"]));
        Assert.Contains(".dvcignore", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_t["secret.csv.dvc"]));
    }

    [Fact]
    public async Task A_dvcignore_inside_the_added_directory_is_refused()
    {
        _t.Write("d/.dvcignore", "*.log\n");
        _t.Write("d/a.txt", "1");
        await Assert.ThrowsAsync<ConfigException>(() => _t.Repo.AddAsync(["d"]));
    }

    [Fact]
    public async Task Glob_targets_add_each_match_as_its_own_output()
    {
        _t.Write("data/a.csv", "1\n");
        _t.Write("data/b.csv", "2\n");
        _t.Write("data/c.txt", "3\n");
        var result = await _t.Repo.AddAsync(["data/*.csv"], new AddOptions { Glob = true });
        Assert.Equal(["data/a.csv", "data/b.csv"], result.Outputs.Select(o => o.Path));
        Assert.True(File.Exists(_t["data/a.csv.dvc"]));
        Assert.False(File.Exists(_t["data/c.txt.dvc"]));
    }

    [Fact]
    public async Task No_commit_writes_the_dvc_file_but_leaves_the_cache_empty_until_commit()
    {
        _t.Write("x.txt", "hello\n");
        await _t.Repo.AddAsync(["x.txt"], new AddOptions { NoCommit = true });
        Assert.Contains("md5: b1946ac92492d2347c6235b4d2611184", _t.Read("x.txt.dvc"), StringComparison.Ordinal);
        Assert.False(_t.Repo.Cache.Exists(new ObjectKey("b1946ac92492d2347c6235b4d2611184", false)));
        var status = await _t.Repo.StatusAsync();
        Assert.Equal("not in cache", status.Stages.Single().ChangedOuts["x.txt"]);
        await _t.Repo.CommitAsync();
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Unchanged_files_are_not_rehashed_thanks_to_the_state_database()
    {
        _t.Write("x.txt", "hello\n");
        // A whole-second mtime survives being set again exactly (.NET sets times in 100 ns ticks).
        var mtime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_t["x.txt"], mtime);
        await _t.Repo.AddAsync(["x.txt"]);
        Assert.True(File.Exists(_t[".dvc/tmp/mlopskit/state.db"]));
        // Same inode, size and mtime with different bytes: only a cached hash can still call this clean.
        using (var f = new FileStream(_t["x.txt"], FileMode.Open, FileAccess.Write)) f.Write("HELLO\n"u8);
        File.SetLastWriteTimeUtc(_t["x.txt"], mtime);
        var stat = FileStat.Get(_t["x.txt"])!.Value;
        Assert.True((await _t.Reopen().StatusAsync()).IsClean);
        // A real edit changes mtime and is seen.
        File.SetLastWriteTimeUtc(_t["x.txt"], mtime.AddSeconds(5));
        Assert.NotEqual(stat.MtimeNs, FileStat.Get(_t["x.txt"])!.Value.MtimeNs);
        Assert.False((await _t.Reopen().StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Nested_directories_empty_files_and_odd_names_round_trip()
    {
        var names = new[] { "a/b/c/deep.txt", "empty.bin", "with space.txt", "ünïcödé.txt", "hash#tag.txt", "q\"uote'.txt", "😀.txt" };
        foreach (var n in names) _t.Write("d/" + n, n.Contains("empty", StringComparison.Ordinal) ? "" : n);
        await _t.Repo.AddAsync(["d"]);
        TempDir.DeleteTree(_t["d"]);
        await _t.Repo.CheckoutAsync();
        foreach (var n in names) Assert.Equal(n.Contains("empty", StringComparison.Ordinal) ? "" : n, _t.Read("d/" + n));
        Assert.Equal(names.Length, (int)_t.Repo.Outputs().Single().NFiles!.Value);
    }

    [Fact]
    public async Task Checkout_removes_extra_files_inside_a_tracked_directory_when_they_are_cached()
    {
        _t.Write("d/a.txt", "1\n");
        await _t.Repo.AddAsync(["d"]);
        _t.Write("d/b.txt", "2\n");
        await _t.Repo.AddAsync(["d"]);
        _t.GitCommit("two files");
        _t.GitCheckoutPath("HEAD", "d.dvc");
        _t.Write("d.dvc", _t.Read("d.dvc"));
        // Back to one file: b.txt's content is cached, so it can go without --force.
        var one = new MlopsKit.Data.DirManifest([new DirEntry("a.txt", Md5Hasher.HashBytes("1\n"u8))]);
        _t.Repo.Cache.AddBytes(new ObjectKey(one.ComputeOid(), false), one.ToBytes());
        _t.Write("d.dvc", $"outs:\n- md5: {one.ComputeOid()}\n  size: 2\n  nfiles: 1\n  hash: md5\n  path: d\n");
        var result = await _t.Reopen().CheckoutAsync();
        Assert.Equal(["d/"], result.Modified);
        Assert.False(File.Exists(_t["d/b.txt"]));
        Assert.Equal("1\n", _t.Read("d/a.txt"));
    }

    [Fact]
    public async Task Checkout_cleans_up_temp_files_an_interrupted_checkout_left_but_keeps_user_files()
    {
        _t.Write("d/a.txt", "1\n");
        await _t.Repo.AddAsync(["d"]);
        _t.Write("d/.0123456789abcdef012345.tmp", "half a file");
        await _t.Repo.CheckoutAsync();
        Assert.False(File.Exists(_t["d/.0123456789abcdef012345.tmp"]));
        _t.Write("d/.notes.tmp", "mine");
        await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.CheckoutAsync());
        Assert.Equal("mine", _t.Read("d/.notes.tmp"));
    }

    [Fact]
    public async Task A_cache_entry_that_is_gone_is_reported_even_when_the_workspace_is_intact()
    {
        _t.Write("d/a.txt", "1\n");
        _t.Write("d/b.txt", "2\n");
        await _t.Repo.AddAsync(["d"]);
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
        _t.Repo.Cache.Delete(new ObjectKey(Md5Hasher.HashBytes("2\n"u8), false));
        Assert.Equal("not in cache", (await _t.Reopen().StatusAsync()).Stages.Single().ChangedOuts["d"]);
    }

    [Fact]
    public async Task A_dangling_symlink_inside_a_tracked_directory_is_left_out()
    {
        _t.Write("d/a.txt", "1\n");
        File.CreateSymbolicLink(_t["d/broken"], _t["nowhere"]);
        await _t.Repo.AddAsync(["d"]);
        var oid = _t.Repo.Outputs().Single().Hash!;
        Assert.Equal(["a.txt"], _t.Repo.Cache.ReadManifest(new ObjectKey(oid, false)).Entries.Select(e => e.RelPath));
    }
}
