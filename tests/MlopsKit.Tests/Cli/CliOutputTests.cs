using System.Text.Json;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Cli;

/// <summary>What the real <c>mlops</c> prints on success: DVC's text forms and JSON that scripts can parse.</summary>
public sealed class CliOutputTests : IAsyncLifetime
{
    private readonly TempRepo _t = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    public async ValueTask InitializeAsync()
    {
        _t.Write("data/demo.txt", "hello\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        _t.GitCommit("v1");
        _t.Write("data/demo.txt", "hello world\n");
        await _t.Repo.AddAsync(["data/demo.txt"]);
        _t.GitCommit("v2");
    }

    public ValueTask DisposeAsync()
    {
        _t.Dispose();
        _store.Dispose();
        return ValueTask.CompletedTask;
    }

    private CliRunner.Result Mlops(params string[] args)
    {
        var r = CliRunner.Run(_t.Root, ["dvc", .. args]);
        Assert.True(r.ExitCode == 0, $"mlops dvc {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public void Status_prints_dvcs_text_and_json_forms()
    {
        Assert.Equal("Data and pipelines are up to date.\n", Mlops("status").Stdout);
        Assert.Equal("{}\n", Mlops("status", "--json").Stdout);
        _t.Write("data/demo.txt", "changed\n");
        Assert.Equal("data/demo.txt.dvc:\n\tchanged outs:\n\t\tmodified:           data/demo.txt\n", Mlops("status").Stdout);
        using var json = JsonDocument.Parse(Mlops("status", "--json").Stdout);
        Assert.Equal("modified", json.RootElement.GetProperty("data/demo.txt.dvc")[0].GetProperty("changed outs").GetProperty("data/demo.txt").GetString());
        Assert.Equal(1, CliRunner.Run(_t.Root, "dvc", "status", "-q").ExitCode);
    }

    [Fact]
    public void Diff_and_log_json_name_both_versions()
    {
        using var diff = JsonDocument.Parse(Mlops("diff", "HEAD~1", "HEAD", "--json").Stdout);
        var modified = diff.RootElement.GetProperty("modified")[0];
        Assert.Equal("data/demo.txt", modified.GetProperty("path").GetString());
        Assert.Equal("b1946ac92492d2347c6235b4d2611184", modified.GetProperty("hash").GetProperty("old").GetString());
        Assert.Equal("6f5902ac237024bdd0c176cb93063dc4", modified.GetProperty("hash").GetProperty("new").GetString());
        using var log = JsonDocument.Parse(Mlops("log", "data/demo.txt", "--json").Stdout);
        Assert.Equal(["6f5902ac237024bdd0c176cb93063dc4", "b1946ac92492d2347c6235b4d2611184"], log.RootElement.EnumerateArray().Select(v => v.GetProperty("md5").GetString()));
    }

    [Fact]
    public void Ls_remote_list_and_config_list_print_json()
    {
        Mlops("remote", "add", "-d", "storage", _store.Path);
        using var ls = JsonDocument.Parse(Mlops("ls", "--json").Stdout);
        Assert.True(ls.RootElement[0].GetProperty("in_cache").GetBoolean());
        using var remotes = JsonDocument.Parse(Mlops("remote", "list", "--json").Stdout);
        Assert.True(remotes.RootElement[0].GetProperty("default").GetBoolean());
        using var config = JsonDocument.Parse(Mlops("config", "--list", "--json").Stdout);
        Assert.Equal("storage", config.RootElement.GetProperty("core.remote").GetString());
        Assert.Equal("storage\n", Mlops("config", "core.remote").Stdout);
    }

    [Fact]
    public void Push_then_pull_report_what_moved_and_then_that_nothing_needs_to()
    {
        Mlops("remote", "add", "-d", "storage", _store.Path);
        Assert.Equal("1 file pushed\n", Mlops("push").Stdout);
        Assert.Equal("Everything is up to date.\n", Mlops("push").Stdout);
        Assert.Equal("", Mlops("push", "-q").Stdout);
        File.Delete(_t["data/demo.txt"]);
        Assert.Contains("A       data/demo.txt", Mlops("pull").Stdout, StringComparison.Ordinal);
        Assert.Equal("hello world\n", _t.Read("data/demo.txt"));
    }
}
