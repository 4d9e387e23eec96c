using Microsoft.DotNet.Interactive;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

public sealed class MagicBindingTests
{
    [Fact]
    public async Task Track_without_experiment_fails_with_DNI104_and_starts_no_run()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!track --name run1\n1 + 1");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("DNI104", cell.FailureMessages);
        Assert.Contains("--experiment", cell.FailureMessages);
        Assert.Null(cell.ReturnValue);
        Assert.False(File.Exists(nb.Dir["mlflow.db"]));
    }

    [Theory]
    [InlineData("#!serve --bogus 1")]
    [InlineData("#!track --experiment e --bogus 1")]
    public async Task An_unknown_option_fails_with_DNI103(string magic)
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync(magic);
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("DNI103", cell.FailureMessages);
    }

    [Theory]
    [InlineData("#!dvc status --bogus 1", "error: unknown option '--bogus' for '#!dvc status'")]
    [InlineData("#!dvc push --remot storage", "error: unknown option '--remot' for '#!dvc push'")]
    [InlineData("#!monitor status --bogus 1", "error: unknown option '--bogus' for '#!monitor status'")]
    public async Task An_unknown_option_of_a_subcommand_fails_before_the_subcommand_runs(string magic, string message)
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync(magic);
        Assert.StartsWith(message, Assert.Single(cell.Failures).Message);
        Assert.Equal("", cell.Html);
    }

    [Theory]
    [InlineData("#!dvc", "usage: #!dvc init")]
    [InlineData("#!dvc frobnicate", "usage: #!dvc init")]
    [InlineData("#!monitor", "usage: #!monitor up")]
    [InlineData("#!monitor restart", "usage: #!monitor up")]
    public async Task A_bare_magic_or_an_unknown_subcommand_fails_with_the_usage(string magic, string usage)
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync(magic);
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains(usage, cell.FailureMessages);
    }

    [Fact]
    public async Task Dvc_add_with_two_paths_fails_with_a_usage_line_instead_of_silently_doing_nothing()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!dvc add a.txt b.txt");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("error: expected exactly one value; usage: #!dvc add <path>", cell.FailureMessages);
    }

    [Fact]
    public async Task Dvc_add_without_a_path_fails_with_DNI104()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!dvc add");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("DNI104", cell.FailureMessages);
    }

    [Fact]
    public async Task Serve_without_a_model_fails_with_the_usage()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!serve --port 0");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("usage: #!serve -m <model-uri>", cell.FailureMessages);
    }

    [Fact]
    public async Task Monitor_query_without_promql_fails_with_DNI104()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!monitor query --range 5m");
        Assert.True(cell.Failed, cell.ToString());
        Assert.Contains("DNI104", cell.FailureMessages);
    }

    [Fact]
    public async Task Loading_twice_registers_each_magic_and_the_mlops_kernel_once()
    {
        using var nb = Notebook.Create();
        MlopsMagics.Load(nb.Kernel);
        await new MlopsKitKernelExtension().OnLoadAsync(nb.Kernel);
        var names = nb.Kernel.KernelInfo.SupportedDirectives.Select(d => d.Name).ToList();
        foreach (var magic in new[] { "#!track", "#!dvc", "#!serve", "#!monitor" })
            Assert.Equal(1, names.Count(n => n == magic));
        Assert.Single(nb.Kernel.ChildKernels, k => k.Name == "mlops");
        var cell = await nb.RunAsync("#!track --experiment e --tracking-uri " + nb.TrackingUri + " --quiet\n1");
        Assert.False(cell.Failed, cell.ToString());
    }
}
