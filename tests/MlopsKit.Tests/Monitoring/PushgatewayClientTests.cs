using MlopsKit.Monitoring;

namespace MlopsKit.Tests.Monitoring;

/// <summary>PushgatewayClient against the real Pushgateway: text format, grouping URLs, PUT/POST/DELETE, rejected pushes.</summary>
[Collection(nameof(LocalStackProcesses))]
public sealed class PushgatewayClientTests(LocalStackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_text_body_escapes_label_values_and_help_and_ends_with_a_line_feed()
    {
        var body = ExpositionText.Write(
        [
            new MetricFamily("a_total", MetricKind.Counter, "help \\ with\nnewline", [new MetricSample(new Dictionary<string, string> { ["v"] = "q\"b\\n\nx" }, 1.5)]),
            new MetricFamily("b", MetricKind.Gauge, null, [new MetricSample(double.PositiveInfinity), new MetricSample(new Dictionary<string, string> { ["k"] = "" }, double.NaN)]),
        ]);
        Assert.Equal("# HELP a_total help \\\\ with\\nnewline\n# TYPE a_total counter\na_total{v=\"q\\\"b\\\\n\\nx\"} 1.5\n# TYPE b gauge\nb +Inf\nb{k=\"\"} NaN\n", body);
    }

    [Fact]
    public void Grouping_values_that_are_empty_or_contain_a_slash_are_base64url_encoded()
    {
        using var client = new PushgatewayClient(new Uri("http://127.0.0.1:9091"));
        var url = client.GroupUrl("a/b", new Dictionary<string, string> { ["e"] = "", ["p"] = "x/y?", ["m"] = "iris setosa" });
        Assert.Equal("http://127.0.0.1:9091/metrics/job@base64/YS9i/e@base64/=/p@base64/eC95Pw/m/iris%20setosa", url.AbsoluteUri);
    }

    [Fact]
    public async Task Quotes_backslashes_and_newlines_round_trip_through_the_real_gateway()
    {
        using var client = new PushgatewayClient(stack.Pushgateway);
        var value = "say \"hi\" \\ to\nall";
        var grouping = new Dictionary<string, string> { ["path"] = "a/b", ["empty"] = "" };
        await client.PushAsync("pg_roundtrip", grouping,
            [new MetricFamily("pg_roundtrip_value", MetricKind.Gauge, "help with \\ and\nnewline", [new MetricSample(new Dictionary<string, string> { ["note"] = value }, 7)])],
            replace: true, Ct);

        using var http = new HttpClient();
        var exposed = await http.GetStringAsync(new Uri(stack.Pushgateway, "/metrics"), Ct);
        Assert.Contains("# HELP pg_roundtrip_value help with \\\\ and\\nnewline\n", exposed, StringComparison.Ordinal);
        var line = Assert.Single(exposed.Split('\n'), l => l.StartsWith("pg_roundtrip_value{", StringComparison.Ordinal));
        Assert.Contains("note=\"say \\\"hi\\\" \\\\ to\\nall\"", line, StringComparison.Ordinal);
        Assert.Contains("job=\"pg_roundtrip\"", line, StringComparison.Ordinal);
        Assert.Contains("path=\"a/b\"", line, StringComparison.Ordinal);
        Assert.EndsWith("} 7", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_replaces_only_same_named_metrics_put_replaces_the_group_and_delete_removes_it()
    {
        using var client = new PushgatewayClient(stack.Pushgateway);
        using var http = new HttpClient();
        var group = new Dictionary<string, string> { ["model"] = "verbs" };
        async Task<string[]> Lines() => (await http.GetStringAsync(new Uri(stack.Pushgateway, "/metrics"), Ct))
            .Split('\n').Where(l => l.StartsWith("pg_verbs_", StringComparison.Ordinal)).ToArray();

        await client.PushAsync("pg_verbs", group, [MetricFamily.Gauge("pg_verbs_a", 1), MetricFamily.Gauge("pg_verbs_b", 2)], replace: true, Ct);
        await client.PushAsync("pg_verbs", group, [MetricFamily.Gauge("pg_verbs_a", 10)], replace: false, Ct);
        var afterPost = await Lines();
        Assert.Contains(afterPost, l => l.StartsWith("pg_verbs_a{", StringComparison.Ordinal) && l.EndsWith(" 10", StringComparison.Ordinal));
        Assert.Contains(afterPost, l => l.StartsWith("pg_verbs_b{", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));

        await client.PushAsync("pg_verbs", group, [MetricFamily.Gauge("pg_verbs_a", 100)], replace: true, Ct);
        var afterPut = await Lines();
        Assert.Single(afterPut);
        Assert.EndsWith(" 100", afterPut[0], StringComparison.Ordinal);

        await client.DeleteAsync("pg_verbs", group, Ct);
        await StackProcesses.PollAsync("the deleted group to disappear", TimeSpan.FromSeconds(10), async () => (await Lines()).Length == 0 ? "" : null, Ct);
    }

    [Fact]
    public async Task A_push_the_gateway_rejects_fails_with_its_explanation_on_one_line()
    {
        using var client = new PushgatewayClient(stack.Pushgateway);
        await client.PushAsync("pg_bad", new Dictionary<string, string> { ["model"] = "a" }, [MetricFamily.Gauge("pg_bad_value", 1)], cancellationToken: Ct);
        // The same name as a counter in another group is inconsistent with the gauge already there: the gateway answers 400.
        var e = await Assert.ThrowsAsync<RemoteException>(() => client.PushAsync("pg_bad", new Dictionary<string, string> { ["model"] = "b" },
            [new MetricFamily("pg_bad_value", MetricKind.Counter, null, [new MetricSample(1)])], cancellationToken: Ct));
        Assert.StartsWith($"the Pushgateway at {stack.Pushgateway.ToString().TrimEnd('/')} rejected the push: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("pg_bad_value", e.Message, StringComparison.Ordinal);
    }
}
