using System.Security.Cryptography;
using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>The promises that keep user data safe: checkout never loses unsaved work, corrupt objects are never served, gc keeps what is needed, remotes never show half objects, and the repository lock excludes a second command.</summary>
public sealed class SafetyTests : IDisposable
{
    private const string HelloMd5 = "b1946ac92492d2347c6235b4d2611184";
    private readonly TempRepo _t = TempRepo.Create();

    public void Dispose()
    {
        _t.Dispose();
    }

    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (rel.StartsWith(".git/", StringComparison.Ordinal) || rel.StartsWith(".dvc/tmp/", StringComparison.Ordinal)) continue;
            result[rel] = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)));
        }
        return result;
    }

    private string CacheObject(string oid) => _t[$".dvc/cache/files/md5/{oid[..2]}/{oid[2..]}"];

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static void Corrupt(string objectPath, string content)
    {
        File.SetUnixFileMode(objectPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.WriteAllText(objectPath, content);
    }

    private async Task AddHelloAndDirectory()
    {
        _t.Write("a.txt", "hello\n");
        _t.Write("d/x", "x\n");
        _t.Write("d/y", "y\n");
        await _t.Repo.AddAsync(["a.txt", "d"]);
    }

    // --- checkout and unsaved work ---

    [Fact]
    public async Task Checkout_refuses_to_overwrite_a_modified_file_that_is_not_in_the_cache_and_touches_nothing()
    {
        await AddHelloAndDirectory();
        _t.Write("a.txt", "unsaved edit\n");
        File.Delete(_t["d/x"]);
        var before = Snapshot(_t.Root);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.CheckoutAsync());

        Assert.Contains("a.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_t.Root));
        Assert.False(File.Exists(_t["d/x"]));
    }

    [Fact]
    public async Task Checkout_with_force_overwrites_a_modified_file()
    {
        await AddHelloAndDirectory();
        _t.Write("a.txt", "unsaved edit\n");

        var result = await _t.Repo.CheckoutAsync(options: new CheckoutOptions { Force = true });

        Assert.Equal("hello\n", _t.Read("a.txt"));
        Assert.Contains("a.txt", result.Modified);
    }

    [Fact]
    public async Task Checkout_replaces_a_modified_file_silently_when_its_content_is_in_the_cache()
    {
        await AddHelloAndDirectory();
        _t.Write("a.txt", "v2\n");
        await _t.Repo.AddAsync(["a.txt"]);
        _t.Write("a.txt.dvc", $"outs:\n- md5: {HelloMd5}\n  size: 6\n  hash: md5\n  path: a.txt\n");

        await _t.Repo.CheckoutAsync();

        Assert.Equal("hello\n", _t.Read("a.txt"));
    }

    [Fact]
    public async Task Checkout_refuses_to_delete_an_extra_file_in_a_tracked_directory_that_is_not_in_the_cache()
    {
        await AddHelloAndDirectory();
        _t.Write("d/extra", "new work\n");
        var before = Snapshot(_t.Root);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.CheckoutAsync(["d"]));

        Assert.Contains("d/extra", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_t.Root));
    }

    [Fact]
    public async Task Checkout_with_force_deletes_the_extra_file_in_a_tracked_directory()
    {
        await AddHelloAndDirectory();
        _t.Write("d/extra", "new work\n");

        await _t.Repo.CheckoutAsync(["d"], new CheckoutOptions { Force = true });

        Assert.False(File.Exists(_t["d/extra"]));
        Assert.Equal("x\n", _t.Read("d/x"));
    }

    [Fact]
    public async Task Checkout_lists_every_unsaved_file_before_touching_any_of_them()
    {
        await AddHelloAndDirectory();
        _t.Write("a.txt", "edit 1\n");
        _t.Write("d/x", "edit 2\n");
        _t.Write("d/new", "edit 3\n");
        var before = Snapshot(_t.Root);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.CheckoutAsync());

        foreach (var path in new[] { "a.txt", "d/x", "d/new" }) Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_t.Root));
    }

    // --- corrupt cache objects ---

    [Fact]
    public async Task A_corrupt_cache_object_is_reported_not_in_cache_and_never_checked_out()
    {
        await AddHelloAndDirectory();
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        File.Delete(_t["a.txt"]);

        var status = await _t.Repo.StatusAsync();
        var result = await _t.Repo.CheckoutAsync();

        Assert.Equal("not in cache", status.Stages.Single(s => s.Stage == "a.txt.dvc").ChangedOuts["a.txt"]);
        Assert.Equal(["a.txt"], result.Failed);
        Assert.Equal(["a.txt"], result.Corrupt);
        Assert.False(File.Exists(_t["a.txt"]));
        Assert.Equal("EVIL\n", File.ReadAllText(CacheObject(HelloMd5)));
    }

    [Fact]
    public async Task A_corrupt_object_inside_a_tracked_directory_is_never_checked_out()
    {
        await AddHelloAndDirectory();
        Corrupt(CacheObject(Md5("x\n")), "EVIL\n");
        TempDir.DeleteTree(_t["d"]);

        var status = await _t.Repo.StatusAsync();
        var result = await _t.Repo.CheckoutAsync();

        Assert.Equal("not in cache", status.Stages.Single(s => s.Stage == "d.dvc").ChangedOuts["d"]);
        Assert.Equal(["d"], result.Corrupt);
        Assert.False(File.Exists(_t["d/x"]));
    }

    [Fact]
    public async Task A_workspace_file_is_not_deleted_on_the_word_of_a_corrupt_cache_object_with_its_name()
    {
        await AddHelloAndDirectory();
        _t.Write("d/extra", "work\n");
        _t.Write("scratch.txt", "work\n");
        await _t.Repo.AddAsync(["scratch.txt"]);
        Corrupt(CacheObject(Md5("work\n")), "EVIL\n");

        await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.CheckoutAsync(["d"]));

        Assert.Equal("work\n", _t.Read("d/extra"));
    }

    // --- gc ---

    [Fact]
    public async Task Gc_workspace_keeps_what_the_workspace_needs_and_removes_the_rest()
    {
        await AddHelloAndDirectory();
        _t.Write("a.txt", "v2\n");
        await _t.Repo.AddAsync(["a.txt"]);

        var plan = await _t.Repo.PlanGc(new GcOptions { Workspace = true });
        await _t.Repo.GcAsync(plan);

        Assert.Equal([new ObjectKey(HelloMd5, false)], plan.LocalToRemove);
        Assert.False(File.Exists(CacheObject(HelloMd5)));
        Assert.True(File.Exists(CacheObject(Md5("v2\n"))));
        Assert.True(File.Exists(CacheObject(Md5("x\n"))));
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Gc_all_branches_keeps_the_data_of_an_older_branch_tip()
    {
        _t.GitCommit("init");
        await AddHelloAndDirectory();
        _t.GitCommit("v1");
        using (var git = new LibGit2Sharp.Repository(_t.Root)) git.Branches.Add("old", git.Head.Tip);
        _t.Write("a.txt", "v2\n");
        await _t.Repo.AddAsync(["a.txt"]);
        _t.GitCommit("v2");
        _t.Write("a.txt", "v3 not committed to git\n");
        await _t.Repo.AddAsync(["a.txt"]);

        var plan = await _t.Repo.PlanGc(new GcOptions { AllBranches = true });
        await _t.Repo.GcAsync(plan);

        Assert.Empty(plan.LocalToRemove);
        Assert.True(File.Exists(CacheObject(HelloMd5)));
        Assert.True(File.Exists(CacheObject(Md5("v2\n"))));
        Assert.True(File.Exists(CacheObject(Md5("v3 not committed to git\n"))));
    }

    [Fact]
    public async Task Gc_all_tags_still_keeps_what_the_workspace_needs()
    {
        _t.GitCommit("init");
        await AddHelloAndDirectory();
        _t.GitCommit("v1");

        var plan = await _t.Repo.PlanGc(new GcOptions { AllTags = true });
        await _t.Repo.GcAsync(plan);

        Assert.Empty(plan.LocalToRemove);
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task Gc_refuses_when_a_kept_directory_manifest_is_missing_and_deletes_nothing()
    {
        await AddHelloAndDirectory();
        var dirOid = _t.Repo.Outputs().Single(o => o.IsDirectory).Hash!;
        File.Delete(CacheObject(dirOid));
        var before = Snapshot(_t.Root);

        await Assert.ThrowsAsync<ConflictException>(() => _t.Repo.PlanGc(new GcOptions { Workspace = true }));

        Assert.Equal(before, Snapshot(_t.Root));
    }

    // --- remotes ---

    [Fact]
    public async Task Push_to_a_full_remote_leaves_no_object_under_its_final_name_and_a_later_push_completes()
    {
        using var full = TmpfsMount.CreateOrSkip("size=64k");
        using var good = TempDir.Create("mlopskit-store");
        await AddHelloAndDirectory();
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        _t.WriteBytes("big.bin", big);
        await _t.Repo.AddAsync(["big.bin"]);
        var bigMd5 = Convert.ToHexStringLower(MD5.HashData(big));

        _t.Repo.RemoteAdd("full", full.Path);
        var first = await _t.Repo.PushAsync(options: new PushOptions { Remote = "full" });

        Assert.Contains(first.Failed, f => f.StartsWith(bigMd5, StringComparison.Ordinal));
        foreach (var file in Directory.EnumerateFiles(full.Path, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            var key = new ObjectKey(Path.GetFileName(Path.GetDirectoryName(file)!) + name, false);
            Assert.NotEqual(bigMd5, key.Oid);
            Assert.True(LocalObjectStore.Verify(key, file), $"half-written object on the remote: {file}");
        }

        _t.Repo.RemoteAdd("good", good.Path);
        var second = await _t.Repo.PushAsync(options: new PushOptions { Remote = "good" });

        Assert.Empty(second.Failed);
        Assert.Empty(second.Missing);
        Assert.True(File.Exists(Path.Combine(good.Path, "files", "md5", bigMd5[..2], bigMd5[2..])));
        foreach (var key in _t.Repo.Cache.List())
            Assert.True(LocalObjectStore.Verify(key, Path.Combine(good.Path, key.RelativePath)), $"{key} missing or wrong on the good remote");
    }

    [Fact]
    public async Task Push_to_a_read_only_remote_throws_a_remote_exception_naming_the_folder()
    {
        using var ro = TmpfsMount.CreateOrSkip("ro,size=1m");
        await AddHelloAndDirectory();
        _t.Repo.RemoteAdd("ro", ro.Path, makeDefault: true);

        var ex = await Assert.ThrowsAsync<RemoteException>(() => _t.Repo.PushAsync());

        Assert.Contains(ro.Path, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ro.Path));
    }

    [Fact]
    public async Task Push_never_uploads_a_corrupt_cache_object()
    {
        using var store = TempDir.Create("mlopskit-store");
        await AddHelloAndDirectory();
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        _t.Repo.RemoteAdd("storage", store.Path, makeDefault: true);

        var result = await _t.Repo.PushAsync();

        Assert.Equal([HelloMd5], result.Corrupt);
        Assert.False(File.Exists(store[$"files/md5/b1/{HelloMd5[2..]}"]));
    }

    // --- the repository lock ---

    [Fact]
    public async Task A_second_command_fails_with_RepoLockedException_while_the_lock_is_held()
    {
        await AddHelloAndDirectory();
        using var held = _t.Repo.Lock();
        var time = new ImmediateTimeProvider();
        using var second = Repo.Open(_t.Root, time);

        var ex = await Assert.ThrowsAsync<RepoLockedException>(() => second.StatusAsync());

        Assert.Contains("Wait for it to finish", ex.Message, StringComparison.Ordinal);
        Assert.Equal(6, time.TimersCreated);
    }

    [Fact]
    public async Task The_lock_is_free_again_once_the_holder_releases_it()
    {
        await AddHelloAndDirectory();
        _t.Repo.Lock().Dispose();
        using var second = Repo.Open(_t.Root, new ImmediateTimeProvider());

        Assert.True((await second.StatusAsync()).IsClean);
    }

    /// <summary>A clock whose timers fire at once, so the lock's 6 retries over 3 s take no time.</summary>
    private sealed class ImmediateTimeProvider : TimeProvider
    {
        private int _timers;

        public int TimersCreated => _timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timers);
            callback(state);
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
