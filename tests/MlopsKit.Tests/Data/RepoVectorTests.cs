using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>dvc.md §1, §2, §5, §6 and §10 (V1, V3, V4, V13, V15): the files a repository holds, byte for byte.</summary>
public sealed class RepoVectorTests : IDisposable
{
    private readonly TempRepo _t = TempRepo.Create();

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Init_writes_dvc3_layout_and_stages_it_in_git()
    {
        Assert.Equal(0, new FileInfo(_t[".dvc/config"]).Length);
        Assert.Equal("/config.local\n/tmp\n/cache\n", _t.Read(".dvc/.gitignore"));
        Assert.Equal(139, new FileInfo(_t[".dvcignore"]).Length);
        Assert.False(Directory.Exists(_t[".dvc/cache"]));
        using var git = new LibGit2Sharp.Repository(_t.Root);
        Assert.Equal([".dvc/.gitignore", ".dvc/config", ".dvcignore"], git.Index.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Init_refuses_an_existing_dvc_folder_without_force()
    {
        var ex = Assert.Throws<ConfigException>(() => Repo.Init(_t.Root));
        Assert.Contains("-f", ex.Message, StringComparison.Ordinal);
        File.WriteAllText(_t[".dvc/config"], "[core]\n    remote = x\n");
        using var again = Repo.Init(_t.Root, new InitOptions { Force = true });
        Assert.Equal(0, new FileInfo(_t[".dvc/config"]).Length);
    }

    [Fact]
    public void Init_without_git_needs_no_scm_and_then_writes_no_scm_config()
    {
        using var dir = TempDir.Create();
        Assert.Throws<ConfigException>(() => Repo.Init(dir.Path));
        using var repo = Repo.Init(dir.Path, new InitOptions { NoScm = true });
        Assert.Equal("[core]\n    no_scm = True\n", File.ReadAllText(dir[".dvc/config"]));
        Assert.False(File.Exists(dir[".dvc/.gitignore"]));
    }

    [Fact]
    public async Task V1_adding_a_file_writes_the_exact_dvc_file_object_and_gitignore()
    {
        _t.Write("data/demo.txt", "hello\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        Assert.Equal("outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  size: 6\n  hash: md5\n  path: demo.txt\n", _t.Read("data/demo.txt.dvc"));
        Assert.Equal("/demo.txt\n", _t.Read("data/.gitignore"));
        var obj = _t[".dvc/cache/files/md5/b1/946ac92492d2347c6235b4d2611184"];
        Assert.Equal("hello\n", File.ReadAllText(obj));
        Assert.Equal((UnixFileMode)0b100_100_100, File.GetUnixFileMode(obj));
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));
    }

    [Fact]
    public async Task V3_adding_a_directory_writes_the_manifest_object_and_dir_dvc_file()
    {
        _t.Write("data/images/a.txt", "foo\n");
        _t.Write("data/images/sub/b.txt", "bar\n");
        await _t.Repo.AddAsync(["data/images"]);
        Assert.Equal("outs:\n- md5: 7534fcc515ab7013186ecb2231fac13a.dir\n  size: 8\n  nfiles: 2\n  hash: md5\n  path: images\n", _t.Read("data/images.dvc"));
        Assert.Equal("""[{"md5": "d3b07384d113edec49eaa6238ad5ff00", "relpath": "a.txt"}, {"md5": "c157a79031e1c40f85931829bc5fc552", "relpath": "sub/b.txt"}]""",
            File.ReadAllText(_t[".dvc/cache/files/md5/75/34fcc515ab7013186ecb2231fac13a.dir"]));
        Assert.True(File.Exists(_t[".dvc/cache/files/md5/d3/b07384d113edec49eaa6238ad5ff00"]));
        Assert.True(File.Exists(_t[".dvc/cache/files/md5/c1/57a79031e1c40f85931829bc5fc552"]));
        Assert.Equal("/images\n", _t.Read("data/.gitignore"));
    }

    [Fact]
    public async Task V4_adding_an_empty_directory_records_the_empty_manifest()
    {
        Directory.CreateDirectory(_t["empty"]);
        await _t.Repo.AddAsync(["empty"]);
        Assert.Equal("outs:\n- md5: d751713988987e9331980363e24189ce.dir\n  size: 0\n  nfiles: 0\n  hash: md5\n  path: empty\n", _t.Read("empty.dvc"));
    }

    [Fact]
    public async Task V2_adding_an_empty_file_records_size_zero()
    {
        _t.Write("e.bin", "");
        await _t.Repo.AddAsync(["e.bin"]);
        Assert.Equal("outs:\n- md5: d41d8cd98f00b204e9800998ecf8427e\n  size: 0\n  hash: md5\n  path: e.bin\n", _t.Read("e.bin.dvc"));
    }

    [Fact]
    public void V13_remote_add_default_writes_the_exact_config()
    {
        _t.Repo.RemoteAdd("storage", "/srv/dvcstore", makeDefault: true);
        Assert.Equal("[core]\n    remote = storage\n['remote \"storage\"']\n    url = /srv/dvcstore\n", _t.Read(".dvc/config"));
    }

    [Fact]
    public void V13_relative_remote_paths_are_stored_relative_to_the_dvc_folder()
    {
        _t.Repo.RemoteAdd("storage", "../store", makeDefault: true);
        Assert.Contains("    url = ../../store\n", _t.Read(".dvc/config"), StringComparison.Ordinal);
        var store = (LocalObjectStore)RemoteResolver.Open(_t.Repo.Config, "storage");
        Assert.Equal(Path.GetFullPath(Path.Combine(_t.Root, "..", "store")), store.Root);
    }

    [Fact]
    public async Task V15_a_legacy_dvc_file_is_up_to_date_against_its_crlf_file()
    {
        _t.WriteBytes("win.txt", "hello\r\nworld\r\n"u8.ToArray());
        _t.Write("win.txt.dvc", "outs:\n- md5: 0f723ae7f9bf07744445e93ac5595156\n  size: 14\n  path: win.txt\n");
        _t.WriteBytes(".dvc/cache/0f/723ae7f9bf07744445e93ac5595156", "hello\r\nworld\r\n"u8.ToArray());
        var status = await _t.Reopen().StatusAsync();
        Assert.True(status.IsClean, status.ToJson());
    }

    [Fact]
    public async Task V15_a_legacy_output_checks_out_from_the_legacy_cache_layout()
    {
        _t.Write("win.txt.dvc", "outs:\n- md5: 0f723ae7f9bf07744445e93ac5595156\n  size: 14\n  path: win.txt\n");
        _t.WriteBytes(".dvc/cache/0f/723ae7f9bf07744445e93ac5595156", "hello\r\nworld\r\n"u8.ToArray());
        var result = await _t.Reopen().CheckoutAsync();
        Assert.Equal(["win.txt"], result.Added);
        Assert.Equal("hello\r\nworld\r\n", _t.Read("win.txt"));
    }

    [Fact]
    public async Task V15_a_legacy_entry_stays_legacy_on_commit_while_its_data_is_unchanged()
    {
        _t.WriteBytes("win.txt", "hello\r\nworld\r\n"u8.ToArray());
        var legacy = "outs:\n- md5: 0f723ae7f9bf07744445e93ac5595156\n  size: 14\n  path: win.txt\n";
        _t.Write("win.txt.dvc", legacy);
        await _t.Reopen().CommitAsync();
        Assert.Equal(legacy, _t.Read("win.txt.dvc"));
        Assert.True(File.Exists(_t[".dvc/cache/0f/723ae7f9bf07744445e93ac5595156"]));
    }

    [Fact]
    public async Task A_changed_legacy_entry_is_rewritten_as_dvc3_keeping_key_positions()
    {
        _t.Write("win.txt", "new content\n");
        _t.Write("win.txt.dvc", "outs:\n- md5: 0f723ae7f9bf07744445e93ac5595156\n  size: 14\n  path: win.txt\n");
        await _t.Reopen().CommitAsync(options: new CommitOptions { Force = true });
        var md5 = MlopsKit.IO.Md5Hasher.HashBytes("new content\n"u8);
        Assert.Equal($"outs:\n- md5: {md5}\n  size: 12\n  path: win.txt\n  hash: md5\n", _t.Read("win.txt.dvc"));
    }

    [Fact]
    public async Task Re_adding_keeps_user_keys_like_desc_and_remote()
    {
        _t.Write("d.csv", "a,b\n");
        _t.Write("d.csv.dvc", "outs:\n- path: d.csv\n  desc: Cats and dogs\n  remote: backup\nmeta:\n  owner: ml\n");
        await _t.Reopen().AddAsync(["d.csv"]);
        var md5 = MlopsKit.IO.Md5Hasher.HashBytes("a,b\n"u8);
        Assert.Equal($"outs:\n- path: d.csv\n  desc: Cats and dogs\n  remote: backup\n  md5: {md5}\n  size: 4\n  hash: md5\nmeta:\n  owner: ml\n", _t.Read("d.csv.dvc"));
    }

    [Fact]
    public async Task Gitignore_entries_escape_glob_characters_and_keep_spaces()
    {
        _t.Write("data/my #1 [draft]!.csv", "x\n");
        await _t.Repo.AddAsync(["data/my #1 [draft]!.csv"]);
        Assert.Equal("/my \\#1 \\[draft\\]\\!.csv\n", _t.Read("data/.gitignore"));
        Assert.Contains("path: 'my #1 [draft]!.csv'\n", _t.Read("data/my #1 [draft]!.csv.dvc"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gitignore_gets_a_newline_before_the_entry_when_the_file_lacks_one()
    {
        _t.Write("data/.gitignore", "*.tmp");
        _t.Write("data/x.csv", "1\n");
        await _t.Repo.AddAsync(["data/x.csv"]);
        Assert.Equal("*.tmp\n/x.csv\n", _t.Read("data/.gitignore"));
        await _t.Repo.AddAsync(["data/x.csv"]);
        Assert.Equal("*.tmp\n/x.csv\n", _t.Read("data/.gitignore"));
    }
}
