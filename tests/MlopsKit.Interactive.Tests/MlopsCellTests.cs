using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

public sealed class MlopsCellTests
{
    [Fact]
    public async Task Each_line_of_an_mlops_cell_runs_as_a_cli_command_and_its_output_is_shown()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!mlops\ndvc init --no-scm\n\nmlops dvc status\n");
        Assert.False(cell.Failed, cell.ToString());
        Assert.Contains($"Initialized DVC repository in {nb.Dir.Path}.", cell.StandardOut);
        Assert.Contains("There are no data or pipelines tracked in this project yet.", cell.StandardOut);
        Assert.True(Directory.Exists(nb.Dir[".dvc"]));
    }

    [Fact]
    public async Task A_failing_line_fails_the_cell_naming_the_line_and_exit_code_and_later_lines_do_not_run()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!mlops\ndvc init --no-scm\ndvc add missing.txt\ndvc status");
        var failure = Assert.Single(cell.Failures);
        Assert.Equal("line 3: 'mlops dvc add missing.txt' exited with 4", failure.Message);
        Assert.Contains("error: ", cell.StandardError);
        Assert.Contains("missing.txt", cell.StandardError);
        Assert.DoesNotContain("no data or pipelines tracked", cell.StandardOut);
    }

    [Fact]
    public async Task A_usage_error_exits_2_with_the_cli_message()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!mlops\ndvc frobnicate");
        Assert.Equal("line 2: 'mlops dvc frobnicate' exited with 2", Assert.Single(cell.Failures).Message);
        Assert.Contains("mlops dvc --help", cell.StandardError);
    }

    [Fact]
    public async Task Models_serve_is_refused_with_a_pointer_to_the_serve_magic()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!mlops\nmodels serve -m runs:/x/model");
        Assert.Contains("#!serve -m", Assert.Single(cell.Failures).Message);
    }
}
