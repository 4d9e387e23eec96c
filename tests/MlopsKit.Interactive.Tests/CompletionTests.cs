using LibGit2Sharp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using MlopsKit.Data;
using MlopsKit.Interactive.Tests.Support;
using MlopsKit.Tracking;

namespace MlopsKit.Interactive.Tests;

public sealed class CompletionTests
{
    [Fact]
    public async Task Parameter_completions_offer_the_experiments_files_tracked_outputs_and_remotes_where_the_kernel_runs()
    {
        using var nb = Notebook.Create();
        Repository.Init(nb.Dir.Path);
        Assert.False((await nb.RunAsync("#!dvc init")).Failed);
        await File.WriteAllTextAsync(nb.Dir["iris.csv"], "a\n1\n", TestContext.Current.CancellationToken);
        Assert.False((await nb.RunAsync("#!dvc add iris.csv")).Failed);
        Repo.Open(nb.Dir.Path).RemoteAdd("storage", nb.Dir["storage"], makeDefault: true);
        using (var client = new TrackingClient(nb.TrackingUri))
            await client.GetOrCreateExperimentAsync("diabetes-demo", TestContext.Current.CancellationToken);

        Assert.Contains("diabetes-demo", await CompleteAsync(nb, "#!track --experiment "));
        var paths = await CompleteAsync(nb, "#!dvc add ");
        Assert.Contains("iris.csv", paths);
        Assert.DoesNotContain("iris.csv.dvc", paths);
        Assert.DoesNotContain(".dvc", paths);
        Assert.Contains("iris.csv", await CompleteAsync(nb, "#!dvc log "));
        Assert.Contains("storage", await CompleteAsync(nb, "#!dvc push --remote "));
    }

    [Fact]
    public async Task Completions_outside_a_repository_and_without_a_store_are_empty_and_create_nothing()
    {
        using var nb = Notebook.Create();

        Assert.DoesNotContain("mlflow", string.Join(",", await CompleteAsync(nb, "#!track --experiment ")), StringComparison.Ordinal);
        Assert.Empty(await CompleteAsync(nb, "#!dvc push --remote "));
        Assert.Empty(await CompleteAsync(nb, "#!serve -m "));
        Assert.False(File.Exists(nb.Dir["mlflow.db"]));
        Assert.False(Directory.Exists(nb.Dir[".dvc"]));
    }

    [Fact]
    public async Task Hovering_a_magic_shows_its_description()
    {
        using var nb = Notebook.Create();
        const string code = "#!dvc status";

        var result = await nb.Kernel.SendAsync(new RequestHoverText(code, new LinePosition(0, 3)), TestContext.Current.CancellationToken);

        var hover = string.Join("\n", result.Events.OfType<HoverTextProduced>().SelectMany(h => h.Content).Select(c => c.Value));
        Assert.Contains("Data versioning (DVC-compatible)", hover, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> CompleteAsync(Notebook nb, string code)
    {
        var result = await nb.Kernel.SendAsync(new RequestCompletions(code, new LinePosition(0, code.Length)), TestContext.Current.CancellationToken);
        return [.. result.Events.OfType<CompletionsProduced>().SelectMany(c => c.Completions).Select(c => c.InsertText ?? c.DisplayText)];
    }
}
