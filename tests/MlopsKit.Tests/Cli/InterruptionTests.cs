using System.Diagnostics;
using MlopsKit.Data;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Cli;

/// <summary>kill -9 in the middle of add, push and pull: no partial object appears under its final name, and running again completes.</summary>
public sealed class InterruptionTests : IDisposable
{
    private const int Files = 120;
    private const int FileSize = 1 << 20;
    private readonly TempRepo _t = TempRepo.Create();
    private readonly TempDir _store = TempDir.Create("mlopskit-store");

    public InterruptionTests()
    {
        var rng = new Random(7);
        var buffer = new byte[FileSize];
        for (var i = 0; i < Files; i++)
        {
            rng.NextBytes(buffer);
            _t.WriteBytes($"big/f{i:000}.bin", buffer);
        }
    }

    public void Dispose()
    {
        _t.Dispose();
        _store.Dispose();
    }

    /// <summary>Starts mlops, waits until at least one object file exists under <paramref name="watch"/>, then kills it with SIGKILL.</summary>
    private void RunAndKill(string watch, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _t.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliRunner.MlopsDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var clock = Stopwatch.StartNew();
        while (!p.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Directory.Exists(watch) && Directory.EnumerateFiles(watch, "*", SearchOption.AllDirectories).Any(f => !Path.GetFileName(f).StartsWith('.')))
                break;
            Thread.Sleep(2);
        }
        if (!p.HasExited) p.Kill();
        p.WaitForExit(10_000);
    }

    /// <summary>Every file named like an object must hash to its name.</summary>
    private static void AssertEveryObjectIsComplete(string root)
    {
        var store = new LocalObjectStore(root);
        foreach (var key in store.List())
            Assert.True(LocalObjectStore.Verify(key, store.PathOf(key)), $"object {key} under {root} is partial or corrupt");
    }

    [Fact]
    public void Killed_add_leaves_only_complete_objects_and_a_rerun_finishes()
    {
        RunAndKill(_t[".dvc/cache/files"], "dvc", "add", "big");
        AssertEveryObjectIsComplete(_t[".dvc/cache"]);
        var rerun = CliRunner.Run(_t.Root, "dvc", "add", "big");
        Assert.Equal(0, rerun.ExitCode);
        AssertEveryObjectIsComplete(_t[".dvc/cache"]);
        Assert.Equal(Files + 1, new LocalObjectStore(_t[".dvc/cache"]).List().Count());
        Assert.Contains("up to date", CliRunner.Run(_t.Root, "dvc", "status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Killed_push_leaves_only_complete_objects_and_a_rerun_finishes()
    {
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "add", "big").ExitCode);
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "remote", "add", "-d", "storage", _store.Path).ExitCode);
        RunAndKill(Path.Combine(_store.Path, "files"), "dvc", "push", "-j", "1");
        AssertEveryObjectIsComplete(_store.Path);
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "push").ExitCode);
        AssertEveryObjectIsComplete(_store.Path);
        Assert.Equal(Files + 1, new LocalObjectStore(_store.Path).List().Count());
    }

    [Fact]
    public void Killed_pull_leaves_only_complete_objects_and_a_rerun_restores_the_data()
    {
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "add", "big").ExitCode);
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "remote", "add", "-d", "storage", _store.Path).ExitCode);
        Assert.Equal(0, CliRunner.Run(_t.Root, "dvc", "push").ExitCode);
        var original = File.ReadAllBytes(_t["big/f042.bin"]);
        TempDir.DeleteTree(_t[".dvc/cache"]);
        TempDir.DeleteTree(_t["big"]);
        RunAndKill(_t[".dvc/cache/files"], "dvc", "pull", "-j", "1");
        AssertEveryObjectIsComplete(_t[".dvc/cache"]);
        var rerun = CliRunner.Run(_t.Root, "dvc", "pull");
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(_t["big/f042.bin"]));
        Assert.Contains("up to date", CliRunner.Run(_t.Root, "dvc", "status").Stdout, StringComparison.Ordinal);
    }
}
