using System.Diagnostics;
using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>Runs the real DVC against repositories MlopsKit made, and the reverse. Skips, saying why, when <c>dvc</c> is not on PATH.</summary>
public sealed class DvcInteropTests : IDisposable
{
    private readonly TempRepo _t = TempRepo.Create(init: false);

    public void Dispose() => _t.Dispose();

    private static string? DvcPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dvc")).FirstOrDefault(File.Exists);

    private (int Code, string Out) Dvc(params string[] args)
    {
        var psi = new ProcessStartInfo(DvcPath!) { WorkingDirectory = _t.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DVC_NO_ANALYTICS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit(60_000);
        return (p.ExitCode, stdout);
    }

    private static void RequireDvc()
    {
        if (DvcPath is null) Assert.Skip("real DVC is not on PATH (install it with 'pip install dvc' to run the interop tests)");
    }

    [Fact]
    public async Task Real_dvc_sees_a_repository_made_by_mlops_as_up_to_date()
    {
        RequireDvc();
        using var repo = Repo.Init(_t.Root);
        _t.Write("data/demo.txt", "hello\n");
        _t.Write("data/images/a.txt", "foo\n");
        _t.Write("data/images/sub/b.txt", "bar\n");
        await repo.AddAsync(["data/demo.txt", "data/images"]);
        Assert.Equal((0, "{}"), (Dvc("status", "--json").Code, Dvc("status", "--json").Out.Trim()));
        File.Delete(_t["data/demo.txt"]);
        Assert.Equal(0, Dvc("checkout").Code);
        Assert.Equal("hello\n", _t.Read("data/demo.txt"));
    }

    [Fact]
    public async Task Mlops_reads_a_repository_made_by_real_dvc_and_writes_the_same_files()
    {
        RequireDvc();
        Assert.Equal(0, Dvc("init").Code);
        _t.Write("data/demo.txt", "hello\n");
        _t.Write("data/images/a.txt", "foo\n");
        Assert.Equal(0, Dvc("add", "data/demo.txt", "data/images").Code);
        var dvcText = _t.Read("data/demo.txt.dvc") + _t.Read("data/images.dvc");
        using var repo = Repo.Open(_t.Root);
        Assert.True((await repo.StatusAsync()).IsClean);
        await repo.AddAsync(["data/demo.txt", "data/images"]);
        Assert.Equal(dvcText, _t.Read("data/demo.txt.dvc") + _t.Read("data/images.dvc"));
    }
}
