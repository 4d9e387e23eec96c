using System.Net;
using System.Net.Sockets;
using MlopsKit.Interactive.Tests.Support;

namespace MlopsKit.Interactive.Tests;

public sealed class MonitorMagicTests
{
    [Fact]
    public async Task Status_of_a_stack_never_started_lists_each_component_as_stopped()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!monitor status --dir stack");
        Assert.False(cell.Failed, cell.ToString());
        foreach (var component in new[] { "prometheus", "alertmanager", "pushgateway" })
            Assert.Contains($"<td>{component}</td><td>Stopped</td>", cell.Html);
    }

    [Fact]
    public async Task Query_against_an_unreachable_prometheus_fails_with_one_line_naming_it()
    {
        using var nb = Notebook.Create();
        var port = FreePort();
        var cell = await nb.RunAsync($"#!monitor query up --prometheus http://127.0.0.1:{port}");
        var failure = Assert.Single(cell.Failures);
        Assert.StartsWith("error: ", failure.Message);
        Assert.Contains($"127.0.0.1:{port}", failure.Message);
        Assert.DoesNotContain('\n', failure.Message.Trim());
    }

    [Fact]
    public async Task A_range_that_is_not_a_duration_fails_with_one_line()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync($"#!monitor query up --range soon --prometheus http://127.0.0.1:{FreePort()}");
        var failure = Assert.Single(cell.Failures);
        Assert.StartsWith("error: ", failure.Message);
        Assert.Contains("soon", failure.Message);
    }

    [Fact]
    public async Task Up_query_and_down_drive_the_real_prometheus_stack_from_cells()
    {
        using var nb = Notebook.Create();
        try
        {
            var up = await nb.RunAsync("#!monitor up --dir stack");
            Assert.False(up.Failed, up.ToString());
            Assert.Contains("<td>prometheus</td><td>Running</td><td>yes</td>", up.Html);

            var instant = await nb.RunAsync("#!monitor query \"vector(42)\" --dir stack");
            Assert.False(instant.Failed, instant.ToString());
            Assert.Contains("<th>value</th>", instant.Html);
            Assert.Contains("<td>42</td>", instant.Html);

            var range = await nb.RunAsync("#!monitor query \"vector(7)\" --range 1m --step 15s --dir stack\nMlopsKit.Interactive.QueryResults.Last!.ToDataFrame().Rows.Count");
            Assert.False(range.Failed, range.ToString());
            Assert.Contains("<th>time</th><th>value</th>", range.Html);
            Assert.True(range.ReturnValue is long rows && rows >= 4, range.ToString());
        }
        finally
        {
            var down = await nb.RunAsync("#!monitor down --dir stack");
            Assert.False(down.Failed, down.ToString());
            Assert.Contains("Stopped", down.Html);
        }
        var status = await nb.RunAsync("#!monitor status --dir stack");
        Assert.Contains("<td>prometheus</td><td>Stopped</td>", status.Html);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
