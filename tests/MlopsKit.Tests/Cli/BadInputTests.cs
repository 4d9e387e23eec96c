using System.Security.Cryptography;
using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Cli;

/// <summary>
/// A new user's mistakes, through the real <c>mlops</c> program: each must give one <c>error:</c> line on stderr that says
/// what is wrong and what to do, the exit code from STYLE.md, no stack trace, and no change to the user's data.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string HelloMd5 = "b1946ac92492d2347c6235b4d2611184";
    private readonly TempRepo _t = TempRepo.Create();
    private readonly List<IDisposable> _cleanup = [];

    public async ValueTask InitializeAsync()
    {
        _t.Write("a.txt", "hello\n");
        _t.Write("d/x", "x\n");
        _t.Write("d/y", "y\n");
        await _t.Repo.AddAsync(["a.txt", "d"]);
        _t.GitCommit("data");
    }

    public ValueTask DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) d.Dispose();
        _t.Dispose();
        return ValueTask.CompletedTask;
    }

    private CliRunner.Result Mlops(params string[] args) => CliRunner.Run(_t.Root, ["dvc", .. args]);

    private T Own<T>(T disposable) where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    /// <summary>Every file under a folder (git's own files and .dvc/tmp scratch excluded) → md5 of its bytes.</summary>
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

    private static void AssertOneErrorLine(CliRunner.Result r, int exitCode, params string[] mentions)
    {
        Assert.True(exitCode == r.ExitCode, $"exit code {r.ExitCode}, expected {exitCode}; stderr: {r.Stderr}");
        var lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"stderr should be one line, was:\n{r.Stderr}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
        foreach (var m in mentions) Assert.Contains(m, r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs a bad command and checks the error line, the exit code and that the repository did not change.</summary>
    private CliRunner.Result AssertFailsWithoutChanges(int exitCode, string[] mentions, params string[] args)
    {
        var before = Snapshot(_t.Root);
        var r = Mlops(args);
        AssertOneErrorLine(r, exitCode, mentions);
        Assert.Equal(before, Snapshot(_t.Root));
        return r;
    }

    private void SetUpRemote(string path, string name = "storage")
    {
        var r = Mlops("remote", "add", "-d", "-f", name, path);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static void Corrupt(string objectPath, string content)
    {
        File.SetUnixFileMode(objectPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.WriteAllText(objectPath, content);
    }

    private string CacheObject(string oid) => _t[$".dvc/cache/files/md5/{oid[..2]}/{oid[2..]}"];

    // --- where you run it ---

    [Fact]
    public void Running_outside_a_repository_fails_with_the_init_hint_and_exit_code_4()
    {
        using var dir = TempDir.Create("mlopskit-norepo");
        var r = CliRunner.Run(dir.Path, "dvc", "status");
        AssertOneErrorLine(r, 4, "not inside a DVC repository", "mlops dvc init");
    }

    [Fact]
    public void Verbose_adds_the_stack_trace_that_is_otherwise_hidden()
    {
        var r = Mlops("status", "-v", "nothere");
        Assert.Equal(4, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", r.Stderr, StringComparison.Ordinal);
    }

    // --- wrong arguments (parser: exit 2) ---

    [Fact]
    public void Adding_without_a_target_fails_with_usage_hint_and_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["Required argument missing", "mlops dvc add --help"], "add");

    [Fact]
    public void An_unknown_option_is_not_taken_for_a_path_and_fails_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["unknown option '--bogus'", "--help"], "add", "--bogus", "a.txt");

    [Fact]
    public void An_unknown_subcommand_fails_on_one_line_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["'bogus'", "mlops dvc --help"], "bogus");

    [Fact]
    public void A_non_numeric_jobs_value_fails_without_a_crash_and_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["--jobs", "'abc'"], "push", "-j", "abc");

    [Fact]
    public void A_zero_jobs_value_fails_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["--jobs must be a positive whole number"], "push", "-j", "0");

    [Fact]
    public void A_negative_log_count_fails_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["--max-count"], "log", "a.txt", "-n", "-3");

    [Fact]
    public void An_empty_path_fails_as_a_usage_error_not_a_crash() =>
        AssertFailsWithoutChanges(2, ["empty"], "add", "");

    [Theory]
    [InlineData("remove")]
    [InlineData("unprotect")]
    [InlineData("status")]
    [InlineData("checkout")]
    public void An_empty_target_fails_as_a_usage_error_in_every_command(string command) =>
        AssertFailsWithoutChanges(2, ["cannot be an empty string"], command, "");

    [Fact]
    public void A_non_numeric_jobs_value_for_cloud_status_fails_with_exit_code_2() =>
        AssertFailsWithoutChanges(2, ["--jobs must be a positive whole number"], "status", "-c", "-j", "x");

    [Fact]
    public void An_empty_remote_url_fails_as_a_usage_error_not_a_crash() =>
        AssertFailsWithoutChanges(2, ["'url' cannot be an empty string"], "remote", "add", "s", "");

    [Fact]
    public void Gc_without_a_scope_fails_with_exit_code_3_and_names_the_scopes() =>
        AssertFailsWithoutChanges(3, ["-w", "-a"], "gc");

    // --- missing targets (exit 4) ---

    [Fact]
    public void Adding_a_missing_file_fails_with_a_hint_and_exit_code_4() =>
        AssertFailsWithoutChanges(4, ["'missing.txt' does not exist", "Check the path"], "add", "missing.txt");

    [Theory]
    [InlineData("status")]
    [InlineData("checkout")]
    [InlineData("commit")]
    [InlineData("push")]
    [InlineData("ls")]
    [InlineData("remove")]
    [InlineData("unprotect")]
    public void A_missing_target_fails_with_exit_code_4_and_says_it_does_not_exist(string command) =>
        AssertFailsWithoutChanges(4, ["'nothere' does not exist"], command, "nothere");

    [Fact]
    public void An_unknown_git_revision_fails_with_exit_code_4() =>
        AssertFailsWithoutChanges(4, ["'nosuchrev' does not exist", "git log"], "diff", "nosuchrev");

    // --- targets outside the repository, or already tracked (exit 3) ---

    [Fact]
    public void Adding_a_file_outside_the_repository_fails_with_exit_code_3()
    {
        using var outside = TempDir.Create("mlopskit-outside");
        File.WriteAllText(outside["f.txt"], "f\n");
        AssertFailsWithoutChanges(3, ["outside the repository", "Copy the data into the repository"], "add", outside["f.txt"]);
        Assert.False(File.Exists(outside["f.txt.dvc"]));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("checkout")]
    [InlineData("commit")]
    [InlineData("check-ignore")]
    [InlineData("remove")]
    [InlineData("unprotect")]
    public void A_target_outside_the_repository_fails_with_exit_code_3_instead_of_not_tracked(string command) =>
        AssertFailsWithoutChanges(3, ["outside the repository"], command, "/etc");

    [Fact]
    public void Adding_a_file_already_tracked_by_its_parent_directory_fails_with_exit_code_3() =>
        AssertFailsWithoutChanges(3, ["'d/x' is inside 'd'", "d.dvc already tracks", "mlops dvc add d"], "add", "d/x");

    [Fact]
    public void Adding_a_path_through_a_symlinked_folder_fails_and_writes_nothing_where_the_link_points()
    {
        using var outside = TempDir.Create("mlopskit-outside");
        File.WriteAllText(outside["o.txt"], "o\n");
        File.CreateSymbolicLink(_t["linked"], outside.Path);
        AssertFailsWithoutChanges(3, ["symlink"], "add", "linked/o.txt");
        Assert.Equal(["o.txt"], Directory.GetFiles(outside.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Adding_a_dvc_metafile_fails_with_exit_code_3() =>
        AssertFailsWithoutChanges(3, ["DVC metafile"], "add", "a.txt.dvc");

    // --- broken .dvc files (exit 3) ---

    [Theory]
    [InlineData("status")]
    [InlineData("checkout")]
    [InlineData("commit")]
    [InlineData("push")]
    [InlineData("ls")]
    [InlineData("diff")]
    public void A_dvc_file_with_invalid_yaml_fails_every_command_with_exit_code_3(string command)
    {
        _t.Write("a.txt.dvc", "outs:\n- md5: [unclosed\n  path: a.txt\n");
        AssertFailsWithoutChanges(3, ["a.txt.dvc", "invalid YAML", "git checkout"], command);
    }

    [Fact]
    public void A_pipeline_stage_whose_output_points_outside_the_repository_is_refused()
    {
        _t.Write("dvc.yaml", "stages:\n  s:\n    cmd: echo\n    outs:\n    - ../../escape.txt\n");
        AssertFailsWithoutChanges(3, ["points outside the repository"], "checkout", "--force");
    }

    [Fact]
    public void A_dvc_file_with_an_unknown_key_fails_with_exit_code_3_naming_the_key()
    {
        _t.Write("a.txt.dvc", $"outs:\n- md5: {HelloMd5}\n  size: 6\n  hash: md5\n  path: a.txt\n  bogus: 1\n");
        AssertFailsWithoutChanges(3, ["unknown key 'bogus'", "meta"], "status");
    }

    [Fact]
    public void A_dvc_file_with_an_unknown_top_level_key_fails_with_exit_code_3()
    {
        _t.Write("a.txt.dvc", "outz:\n- path: a.txt\n");
        AssertFailsWithoutChanges(3, ["unknown key 'outz'"], "checkout");
    }

    [Fact]
    public void A_dvc_file_whose_output_points_outside_the_repository_is_refused_even_with_force()
    {
        using var outside = TempDir.Create("mlopskit-outside");
        var victim = outside["victim.txt"];
        File.WriteAllText(victim, "precious\n");
        var rel = Path.GetRelativePath(_t.Root, victim).Replace('\\', '/');
        _t.Write("a.txt.dvc", $"outs:\n- md5: {HelloMd5}\n  size: 6\n  hash: md5\n  path: {rel}\n");
        AssertFailsWithoutChanges(3, ["points outside the repository"], "checkout", "--force");
        Assert.Equal("precious\n", File.ReadAllText(victim));
    }

    [Fact]
    public void A_dvc_file_with_a_malformed_md5_fails_with_exit_code_3()
    {
        _t.Write("a.txt.dvc", "outs:\n- md5: zz/../../escape\n  hash: md5\n  path: a.txt\n");
        AssertFailsWithoutChanges(3, ["is not an md5 hash"], "checkout", "--force");
    }

    [Fact]
    public void An_invalid_config_file_fails_with_exit_code_3()
    {
        _t.Write(".dvc/config", "[core\n");
        AssertFailsWithoutChanges(3, [".dvc/config:1", "not a valid config line"], "status");
    }

    // --- corrupt cache (exit 7) ---

    [Fact]
    public void Checkout_of_a_corrupt_cache_object_fails_with_exit_code_7_and_writes_nothing()
    {
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        File.Delete(_t["a.txt"]);
        AssertFailsWithoutChanges(7, ["a.txt", "corrupt", "mlops dvc pull"], "checkout");
        Assert.False(File.Exists(_t["a.txt"]));
    }

    [Fact]
    public void Status_reports_a_corrupt_cache_object_as_not_in_cache()
    {
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        var r = Mlops("status");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("not in cache:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("a.txt", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_never_uploads_a_corrupt_cache_object_and_fails_with_exit_code_7()
    {
        using var store = TempDir.Create("mlopskit-store");
        SetUpRemote(store.Path);
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        AssertFailsWithoutChanges(7, ["corrupt", HelloMd5], "push");
        Assert.False(File.Exists(store[$"files/md5/b1/{HelloMd5[2..]}"]));
    }

    [Fact]
    public void Pull_from_a_remote_holding_a_corrupt_object_fails_with_exit_code_7_and_writes_nothing()
    {
        using var store = TempDir.Create("mlopskit-store");
        SetUpRemote(store.Path);
        Assert.Equal(0, Mlops("push").ExitCode);
        Corrupt(store[$"files/md5/b1/{HelloMd5[2..]}"], "EVIL\n");
        TempDir.DeleteTree(_t[".dvc/cache"]);
        File.Delete(_t["a.txt"]);
        var r = Mlops("pull", "a.txt");
        AssertOneErrorLine(r, 7, "corrupt");
        Assert.False(File.Exists(_t["a.txt"]));
    }

    [Fact]
    public void Pull_replaces_a_corrupt_cache_object_with_the_remote_copy()
    {
        using var store = TempDir.Create("mlopskit-store");
        SetUpRemote(store.Path);
        Assert.Equal(0, Mlops("push").ExitCode);
        Corrupt(CacheObject(HelloMd5), "EVIL\n");
        File.Delete(_t["a.txt"]);
        var r = Mlops("pull");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("hello\n", _t.Read("a.txt"));
        Assert.Equal("hello\n", File.ReadAllText(CacheObject(HelloMd5)));
    }

    // --- remotes ---

    [Fact]
    public void Pushing_without_a_remote_fails_with_exit_code_3_and_says_how_to_add_one() =>
        AssertFailsWithoutChanges(3, ["no remote specified", "mlops dvc remote add -d"], "push");

    [Fact]
    public void Pushing_to_an_unknown_remote_name_fails_with_exit_code_3() =>
        AssertFailsWithoutChanges(3, ["remote 'nosuch' does not exist"], "push", "-r", "nosuch");

    [Fact]
    public void Fetching_from_a_remote_folder_that_does_not_exist_fails_with_exit_code_6()
    {
        using var parent = TempDir.Create("mlopskit-gone");
        SetUpRemote(parent["gone"]);
        TempDir.DeleteTree(_t[".dvc/cache"]);
        AssertFailsWithoutChanges(6, ["remote 'storage'", "does not exist"], "fetch");
    }

    [Fact]
    public void A_remote_with_an_unsupported_scheme_fails_with_exit_code_3_naming_the_scheme()
    {
        SetUpRemote("s3://bucket/path");
        AssertFailsWithoutChanges(3, ["'s3://'", "local folder remote"], "push");
    }

    [Fact]
    public void Pushing_to_a_read_only_remote_fails_with_exit_code_6_and_names_the_remote()
    {
        var ro = Own(TmpfsMount.CreateOrSkip("ro,size=1m"));
        SetUpRemote(ro.Path);
        AssertFailsWithoutChanges(6, [ro.Path, "Read-only", "writable"], "push");
        Assert.Empty(Directory.EnumerateFileSystemEntries(ro.Path));
    }

    [Fact]
    public void Pushing_to_a_full_remote_fails_with_exit_code_6_and_leaves_no_half_object()
    {
        var full = Own(TmpfsMount.CreateOrSkip("size=64k"));
        var big = new byte[300_000];
        new Random(42).NextBytes(big);
        _t.WriteBytes("big.bin", big);
        Assert.Equal(0, Mlops("add", "big.bin").ExitCode);
        var bigMd5 = Convert.ToHexStringLower(MD5.HashData(big));
        SetUpRemote(full.Path);
        // Uploads run in parallel, so which failing object the one line names first is not fixed.
        AssertFailsWithoutChanges(6, ["space left", "could not be pushed"], "push");
        Assert.False(File.Exists(Path.Combine(full.Path, "files", "md5", bigMd5[..2], bigMd5[2..])));
        foreach (var f in Directory.EnumerateFiles(full.Path, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(f);
            var oid = Path.GetFileName(Path.GetDirectoryName(f)!) + name;
            Assert.True(name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) || oid == HelloMd5 || File.ReadAllBytes(f).Length < 200,
                $"unexpected file on the full remote: {f}");
        }
    }

    [Fact]
    public void Adding_an_existing_remote_name_fails_with_exit_code_3_and_names_the_force_flag()
    {
        SetUpRemote("/tmp/somewhere");
        AssertFailsWithoutChanges(3, ["already exists", "-f"], "remote", "add", "storage", "/tmp/elsewhere");
    }

    // --- unsaved work, confirmation, locks (exit 5) ---

    [Fact]
    public void Checkout_refuses_to_overwrite_a_modified_file_that_is_not_in_the_cache()
    {
        _t.Write("a.txt", "my unsaved edit\n");
        AssertFailsWithoutChanges(5, ["a.txt", "--force"], "checkout");
        Assert.Equal("my unsaved edit\n", _t.Read("a.txt"));
    }

    [Fact]
    public void Checkout_refuses_to_delete_an_extra_file_inside_a_tracked_directory()
    {
        _t.Write("d/extra", "new work\n");
        AssertFailsWithoutChanges(5, ["d/extra", "--force"], "checkout", "d");
        Assert.Equal("new work\n", _t.Read("d/extra"));
    }

    [Fact]
    public void Commit_of_changed_data_without_force_fails_when_not_interactive()
    {
        _t.Write("a.txt", "changed\n");
        AssertFailsWithoutChanges(5, ["a.txt.dvc", "--force"], "commit");
    }

    [Fact]
    public void Gc_without_force_fails_when_not_interactive_and_removes_nothing()
    {
        _t.Write("a.txt", "v2\n");
        Assert.Equal(0, Mlops("add", "a.txt").ExitCode);
        AssertFailsWithoutChanges(5, ["-f"], "gc", "-w");
    }

    [Fact]
    public void A_command_fails_with_exit_code_5_while_another_holds_the_repository_lock()
    {
        using var held = _t.Repo.Lock();
        AssertFailsWithoutChanges(5, ["Unable to acquire lock", "Wait for it to finish"], "status");
    }

    [Fact]
    public void Init_in_an_initialised_repository_fails_with_exit_code_3_and_names_the_force_flag() =>
        AssertFailsWithoutChanges(3, ["already exists", "-f"], "init");

    [Fact]
    public void Cloud_status_against_a_remote_folder_that_does_not_exist_fails_with_exit_code_6()
    {
        SetUpRemote(Path.Combine(_t.Root, "..", "no-such-store-" + Guid.NewGuid().ToString("N")));
        AssertFailsWithoutChanges(6, ["does not exist"], "status", "-c");
    }

    [Fact]
    public void Remote_options_with_the_wrong_type_are_refused_when_set()
    {
        SetUpRemote(Path.Combine(_t.Root, "..", "store"));
        AssertFailsWithoutChanges(3, ["jobs", "positive whole number"], "remote", "modify", "storage", "jobs", "abc");
        AssertFailsWithoutChanges(3, ["verify", "true or false"], "remote", "modify", "storage", "verify", "maybe");
        AssertFailsWithoutChanges(3, ["teleport"], "config", "cache.type", "teleport");
    }

    [Fact]
    public void A_config_file_with_an_invalid_value_fails_every_command_with_exit_code_3()
    {
        _t.Write(".dvc/config", "[core]\n    autostage = perhaps\n");
        AssertFailsWithoutChanges(3, ["core.autostage", "true or false"], "status");
    }
}
