using System.Globalization;
using MlopsKit.Models;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary><c>model_feature_psi</c>, <c>model_feature_ks_statistic</c> and <c>model_feature_drift_window_rows</c> on a real server's /metrics.</summary>
[Collection(nameof(ServedModels))]
public sealed class DriftGaugeTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Series(string metric, string feature) => $"{metric}{{model=\"iris\",feature=\"{feature}\"}}";

    private async Task<(ModelServer Server, HttpClient Http)> StartAsync(int window, int minRows)
    {
        var server = await ModelServer.StartAsync(new ModelServerOptions
        {
            ModelUri = $"runs:/{fixture.IrisRunId}/model",
            TrackingUri = fixture.TrackingUri,
            Port = 0,
            DriftWindowRows = window,
            DriftMinRows = minRows,
        }, Ct);
        return (server, new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) });
    }

    [Fact]
    public async Task Psi_and_ks_appear_only_once_the_window_holds_the_minimum_rows()
    {
        var (server, http) = await StartAsync(window: 150, minRows: 30);
        await using var _ = server;
        using var __ = http;
        var rows = IrisTraffic.AllRows();

        var empty = await MetricsText.ScrapeAsync(http, Ct);
        await IrisTraffic.SendAsync(http, [.. rows.Take(29)], 10, Ct);
        var short1 = await MetricsText.ScrapeAsync(http, Ct);
        await IrisTraffic.SendAsync(http, [.. rows.Skip(29).Take(1)], 10, Ct);
        var enough = await MetricsText.ScrapeAsync(http, Ct);

        foreach (var f in IrisTraffic.Features)
        {
            Assert.Equal(0, empty[Series("model_feature_drift_window_rows", f)]);
            Assert.Equal(29, short1[Series("model_feature_drift_window_rows", f)]);
            Assert.False(short1.Has(Series("model_feature_psi", f)), short1.Text);
            Assert.False(short1.Has(Series("model_feature_ks_statistic", f)), short1.Text);
            Assert.Equal(30, enough[Series("model_feature_drift_window_rows", f)]);
            Assert.True(enough.Has(Series("model_feature_psi", f)), f);
            Assert.True(enough.Has(Series("model_feature_ks_statistic", f)), f);
        }
    }

    [Fact]
    public async Task In_distribution_rows_keep_psi_low_and_shifting_petal_length_raises_psi_and_ks_for_that_feature_only()
    {
        var (server, http) = await StartAsync(window: 150, minRows: 30);
        await using var _ = server;
        using var __ = http;
        var rows = IrisTraffic.AllRows();

        await IrisTraffic.SendAsync(http, rows, 50, Ct);
        var calm = await MetricsText.ScrapeAsync(http, Ct);
        await IrisTraffic.SendAsync(http, IrisTraffic.Shifted(rows, "petal_length", 3), 50, Ct);
        var drifted = await MetricsText.ScrapeAsync(http, Ct);

        var report = string.Join("; ", IrisTraffic.Features.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f}: psi {calm[Series("model_feature_psi", f)]:0.0000} -> {drifted[Series("model_feature_psi", f)]:0.0000}, ks {calm[Series("model_feature_ks_statistic", f)]:0.0000} -> {drifted[Series("model_feature_ks_statistic", f)]:0.0000}")));
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        foreach (var f in IrisTraffic.Features)
        {
            Assert.True(calm[Series("model_feature_psi", f)] < 0.1, report);
            Assert.True(calm[Series("model_feature_ks_statistic", f)] < 0.1, report);
            // The window holds the last 150 rows: all shifted ones now.
            Assert.Equal(150, drifted[Series("model_feature_drift_window_rows", f)]);
            if (f == "petal_length")
            {
                Assert.True(drifted[Series("model_feature_psi", f)] > 0.25, report);
                Assert.True(drifted[Series("model_feature_ks_statistic", f)] > 0.5, report);
            }
            else
            {
                Assert.Equal(calm[Series("model_feature_psi", f)], drifted[Series("model_feature_psi", f)], 12);
                Assert.Equal(calm[Series("model_feature_ks_statistic", f)], drifted[Series("model_feature_ks_statistic", f)], 12);
            }
        }
        // While the window still equals all traffic, the gauge is the PSI of the cumulative bin counters against the training ratios.
        foreach (var f in IrisTraffic.Features)
        {
            var bins = Enumerable.Range(0, 10).Select(b => calm[$"model_feature_bin_total{{model=\"iris\",feature=\"{f}\",bin=\"{b}\"}}"]).ToArray();
            var training = Enumerable.Range(0, 10).Select(b => calm[$"model_feature_training_bin_ratio{{model=\"iris\",feature=\"{f}\",bin=\"{b}\"}}"]).ToArray();
            var psi = bins.Select((c, b) =>
            {
                double a = Math.Max(c / bins.Sum(), 1e-4), e = Math.Max(training[b], 1e-4);
                return (a - e) * Math.Log(a / e);
            }).Sum();
            Assert.Equal(psi, calm[Series("model_feature_psi", f)], 9);
        }
    }

    [Fact]
    public async Task The_45_rows_of_the_test_split_alone_read_as_drift_because_psi_on_few_rows_is_mostly_noise()
    {
        // With 10 bins the PSI of n undrifted rows against m training rows is about 9·(1/n + 1/m): 0.29 for 45 vs 105. This is why
        // DriftMinRows exists, and why the in-distribution traffic above is the whole data set.
        var (server, http) = await StartAsync(window: 45, minRows: 45);
        await using var _ = server;
        using var __ = http;

        await IrisTraffic.SendAsync(http, IrisTraffic.TestSplit(), 45, Ct);
        var m = await MetricsText.ScrapeAsync(http, Ct);

        foreach (var f in IrisTraffic.Features)
        {
            Assert.InRange(m[Series("model_feature_psi", f)], 0.1, 0.5);
            Assert.True(m[Series("model_feature_ks_statistic", f)] < 0.2, $"{f}: KS {m[Series("model_feature_ks_statistic", f)]}");
        }
    }

    [Fact]
    public async Task A_categorical_feature_gets_psi_over_its_training_categories_and_other_but_no_ks()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var profile = new FeatureProfile { Name = "color", Kind = FeatureKind.Categorical, Count = 100, Categories = [new("red", 50), new("blue", 50)] };
        var meter = new FeatureMeter("color", FeatureKind.Categorical, profile,
            new FeatureMeter.Collectors(Prometheus.Metrics.WithCustomRegistry(registry), "m"), windowRows: 100, minRows: 10);
        IReadOnlyDictionary<string, object?> Row(string color) => new Dictionary<string, object?> { ["color"] = color };

        meter.Observe([.. Enumerable.Repeat("red", 70).Select(Row), .. Enumerable.Repeat("blue", 20).Select(Row), .. Enumerable.Repeat("green", 10).Select(Row)]);
        meter.Publish();
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, Ct);
        var m = new MetricsText(System.Text.Encoding.UTF8.GetString(text.ToArray()));

        // Training (red, blue, other) = (0.5, 0.5, 0 → 1e-4); served (0.7, 0.2, 0.1): green counts as other.
        var expected = DriftStatistics.Psi([0.5, 0.5, 0], [0.7, 0.2, 0.1]);
        Assert.Equal((0.2 * Math.Log(1.4)) + (-0.3 * Math.Log(0.4)) + ((0.1 - 1e-4) * Math.Log(0.1 / 1e-4)), expected, 12);
        Assert.Equal(expected, m["model_feature_psi{model=\"m\",feature=\"color\"}"], 12);
        Assert.Equal(100, m["model_feature_drift_window_rows{model=\"m\",feature=\"color\"}"]);
        Assert.DoesNotContain("model_feature_ks_statistic{", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minimum_above_the_window_is_refused_with_both_options_named()
    {
        var e = await Assert.ThrowsAsync<ConfigException>(() => StartAsync(window: 10, minRows: 11));

        Assert.Contains("DriftMinRows", e.Message, StringComparison.Ordinal);
        Assert.Contains("DriftWindowRows (10)", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConfigException>(() => StartAsync(window: 0, minRows: 1));
    }
}
