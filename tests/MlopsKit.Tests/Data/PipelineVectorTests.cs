using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>dvc.md V14: a repository holding a pipeline exactly as DVC 3 leaves it after <c>dvc repro</c>.</summary>
public sealed class PipelineVectorTests : IDisposable
{
    private const string DvcYaml = """
        stages:
          prepare:
            cmd: python prepare.py
            deps:
            - data/demo.txt
            - prepare.py
            params:
            - prepare.seed
            - prepare.split
            outs:
            - data/prepared

        """;

    private const string DvcLock = """
        schema: '2.0'
        stages:
          prepare:
            cmd: python prepare.py
            deps:
            - path: data/demo.txt
              hash: md5
              md5: b1946ac92492d2347c6235b4d2611184
              size: 6
            - path: prepare.py
              hash: md5
              md5: 587de76529284d0daf8eb02b14b10712
              size: 12
            params:
              params.yaml:
                prepare.seed: 20170428
                prepare.split: 0.2
            outs:
            - path: data/prepared
              hash: md5
              md5: 7534fcc515ab7013186ecb2231fac13a.dir
              size: 8
              nfiles: 2

        """;

    private readonly TempRepo _t = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    public PipelineVectorTests()
    {
        _t.Write("data/demo.txt", "hello\n");
        _t.Write("data/demo.txt.dvc", "outs:\n- md5: b1946ac92492d2347c6235b4d2611184\n  size: 6\n  hash: md5\n  path: demo.txt\n");
        _t.Write("data/.gitignore", "/demo.txt\n/prepared\n");
        _t.Write("prepare.py", "print('hi')\n");
        _t.Write("params.yaml", "prepare:\n  split: 0.2\n  seed: 20170428\n");
        _t.Write("dvc.yaml", DvcYaml);
        _t.Write("dvc.lock", DvcLock);
        _t.Write("data/prepared/a.txt", "foo\n");
        _t.Write("data/prepared/sub/b.txt", "bar\n");
        Cache("b1946ac92492d2347c6235b4d2611184", "hello\n");
        Cache("d3b07384d113edec49eaa6238ad5ff00", "foo\n");
        Cache("c157a79031e1c40f85931829bc5fc552", "bar\n");
        Cache("7534fcc515ab7013186ecb2231fac13a.dir", """[{"md5": "d3b07384d113edec49eaa6238ad5ff00", "relpath": "a.txt"}, {"md5": "c157a79031e1c40f85931829bc5fc552", "relpath": "sub/b.txt"}]""");
        _t.Reopen();
    }

    public void Dispose()
    {
        _t.Dispose();
        _store.Dispose();
    }

    private void Cache(string oid, string content)
    {
        var path = _t.Write($".dvc/cache/files/md5/{oid[..2]}/{oid[2..]}", content);
        File.SetUnixFileMode(path, (UnixFileMode)0b100_100_100);
    }

    [Fact]
    public async Task V14_a_repro_ed_pipeline_is_up_to_date()
    {
        var status = await _t.Repo.StatusAsync();
        Assert.True(status.IsClean, status.ToJson());
        Assert.Contains(_t.Repo.Outputs(), o => o.Owner is PipelineStage { Name: "prepare" } && o.Hash == "7534fcc515ab7013186ecb2231fac13a.dir");
    }

    [Fact]
    public async Task V14_changing_a_param_shows_as_a_modified_dependency()
    {
        _t.Write("params.yaml", "prepare:\n  split: 0.3\n  seed: 20170428\n");
        var status = await _t.Repo.StatusAsync();
        Assert.Equal("prepare:\n\tchanged deps:\n\t\tparams.yaml:\n\t\t\tmodified:           prepare.split\n", status.ToText());
        Assert.Equal("""{"prepare":[{"changed deps":{"params.yaml":{"prepare.split":"modified"}}}]}""", status.ToJson());
    }

    [Fact]
    public async Task V14_integer_and_float_params_compare_by_value()
    {
        _t.Write("params.yaml", "prepare:\n  split: 0.20\n  seed: 20170428.0\n");
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task V14_changed_command_and_dependency_are_reported()
    {
        _t.Write("prepare.py", "print('bye')\n");
        _t.Write("dvc.yaml", DvcYaml.Replace("python prepare.py", "python3 prepare.py", StringComparison.Ordinal));
        var status = await _t.Reopen().StatusAsync();
        Assert.Equal("""{"prepare":[{"changed deps":{"prepare.py":"modified"}},"changed command"]}""", status.ToJson());
    }

    [Fact]
    public void V14_the_lock_file_round_trips_byte_for_byte()
    {
        var lockFile = PipelineFile.Load(_t["dvc.yaml"]);
        lockFile.SaveLock();
        Assert.Equal(DvcLock, _t.Read("dvc.lock"));
    }

    [Fact]
    public async Task V14_pipeline_outputs_check_out_from_the_cache()
    {
        TempDir.DeleteTree(_t["data/prepared"]);
        var result = await _t.Repo.CheckoutAsync();
        Assert.Equal(["data/prepared/"], result.Added);
        Assert.Equal("bar\n", _t.Read("data/prepared/sub/b.txt"));
    }

    [Fact]
    public async Task V14_pipeline_outputs_push_and_pull_through_a_remote()
    {
        _t.Repo.RemoteAdd("storage", _store.Path, makeDefault: true);
        var pushed = await _t.Repo.PushAsync();
        Assert.Equal(4, pushed.Transferred);
        TempDir.DeleteTree(_t[".dvc/cache"]);
        TempDir.DeleteTree(_t["data/prepared"]);
        File.Delete(_t["data/demo.txt"]);
        await _t.Reopen().PullAsync();
        Assert.Equal("foo\n", _t.Read("data/prepared/a.txt"));
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));
        Assert.True((await _t.Repo.StatusAsync()).IsClean);
    }

    [Fact]
    public async Task V14_commit_records_new_param_values_in_the_lock_file()
    {
        _t.Write("params.yaml", "prepare:\n  split: 0.3\n  seed: 20170428\n");
        await _t.Repo.CommitAsync(["dvc.yaml"]);
        Assert.Equal(DvcLock.Replace("prepare.split: 0.2", "prepare.split: 0.3", StringComparison.Ordinal), _t.Read("dvc.lock"));
        Assert.True((await _t.Reopen().StatusAsync()).IsClean);
    }

    [Fact]
    public void A_dvc1_lock_file_is_refused_with_an_upgrade_hint()
    {
        _t.Write("dvc.lock", "prepare:\n  cmd: python prepare.py\n");
        var ex = Assert.Throws<ConfigException>(() => _t.Repo.Outputs());
        Assert.Contains("schema", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_name_is_a_valid_target()
    {
        _t.Write("params.yaml", "prepare:\n  split: 0.3\n  seed: 20170428\n");
        var status = await _t.Repo.StatusAsync(["prepare"]);
        Assert.Equal(["prepare"], status.Stages.Select(s => s.Stage));
        Assert.True((await _t.Repo.StatusAsync(["data/demo.txt.dvc"])).IsClean);
    }

    [Fact]
    public async Task Adding_a_pipeline_output_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ConfigException>(() => _t.Repo.AddAsync(["data/prepared"]));
        Assert.Contains("prepare", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_t["data/prepared.dvc"]));
    }
}
