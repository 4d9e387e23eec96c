using LibGit2Sharp;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

public sealed class DvcMagicTests
{
    [Fact]
    public async Task Dvc_init_add_and_status_work_on_real_files_in_the_kernels_current_directory()
    {
        using var nb = Notebook.Create();
        Repository.Init(nb.Dir.Path);

        var init = await nb.RunAsync("#!dvc init");
        Assert.False(init.Failed, init.ToString());
        Assert.True(Directory.Exists(nb.Dir[".dvc"]));
        Assert.Contains("Initialized DVC repository", init.Html);

        var empty = await nb.RunAsync("#!dvc status");
        Assert.Contains("no data or pipelines tracked", empty.Html);

        await File.WriteAllTextAsync(nb.Dir["my file.txt"], "hello\n", TestContext.Current.CancellationToken);
        var add = await nb.RunAsync("#!dvc add \"my file.txt\"");
        Assert.False(add.Failed, add.ToString());
        Assert.True(File.Exists(nb.Dir["my file.txt.dvc"]));
        Assert.Contains("b1946ac92492d2347c6235b4d2611184", add.Html);   // md5("hello\n")
        Assert.Contains("git add", add.Html);

        var clean = await nb.RunAsync("#!dvc status");
        Assert.False(clean.Failed, clean.ToString());
        Assert.Contains("Data and pipelines are up to date.", clean.Html);

        await File.WriteAllTextAsync(nb.Dir["my file.txt"], "changed\n", TestContext.Current.CancellationToken);
        var changed = await nb.RunAsync("#!dvc status");
        Assert.False(changed.Failed, changed.ToString());
        Assert.Contains("<td>changed outs</td><td>my file.txt</td><td>modified</td>", changed.Html);
    }

    [Fact]
    public async Task Dvc_status_outside_a_repository_fails_with_one_error_line()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!dvc status");
        var failure = Assert.Single(cell.Failures);
        Assert.StartsWith("error: ", failure.Message);
        Assert.Contains("is not inside a DVC repository", failure.Message);
        Assert.DoesNotContain('\n', failure.Message.Trim());
    }

    [Fact]
    public async Task Dvc_log_lists_each_committed_version_of_an_output()
    {
        using var nb = Notebook.Create();
        Repository.Init(nb.Dir.Path);
        Assert.False((await nb.RunAsync("#!dvc init")).Failed);
        await File.WriteAllTextAsync(nb.Dir["data.csv"], "a\n1\n", TestContext.Current.CancellationToken);
        Assert.False((await nb.RunAsync("#!dvc add data.csv")).Failed);
        Commit(nb.Dir.Path, "first data");
        await File.WriteAllTextAsync(nb.Dir["data.csv"], "a\n2\n", TestContext.Current.CancellationToken);
        Assert.False((await nb.RunAsync("#!dvc add data.csv")).Failed);
        Commit(nb.Dir.Path, "second data");

        var log = await nb.RunAsync("#!dvc log data.csv");
        Assert.False(log.Failed, log.ToString());
        Assert.Contains("<td>first data</td>", log.Html);
        Assert.Contains("<td>second data</td>", log.Html);
        Assert.True(log.Html.IndexOf("second data", StringComparison.Ordinal) < log.Html.IndexOf("first data", StringComparison.Ordinal), "newest first");
    }

    private static void Commit(string path, string message)
    {
        using var git = new Repository(path);
        LibGit2Sharp.Commands.Stage(git, "*");
        var who = new Signature("MlopsKit Tests", "tests@mlopskit.local", DateTimeOffset.UnixEpoch.AddYears(56));
        git.Commit(message, who, who);
    }
}
