using System.Diagnostics;
using System.Globalization;
using MlopsKit.Datasets;
using MlopsKit.Monitoring;
using MlopsKit.Serving;
using MlopsKit.Training;

namespace MlopsKit.Tutorial;

public sealed partial class Walkthrough
{
    private readonly List<TutorialDrift> _drift = [];
    private readonly List<string> _firing = [];
    private string? _monitoringDir;
    private PrometheusClient? _prometheus;

    private async Task MonitoringAsync()
    {
        var psiBefore = new Dictionary<string, double>();
        await Step("monitoring", "generate the stack and start Prometheus, Alertmanager, Pushgateway", async () =>
        {
            if (!_options.Monitoring) throw new SkipStepException("skipped: monitoring was turned off (--no-monitoring)");
            var defaults = new LocalMonitorOptions();
            var missing = new[] { defaults.PrometheusBinary, defaults.AlertmanagerBinary, defaults.PushgatewayBinary }.Where(b => !File.Exists(b)).ToList();
            if (missing.Count > 0)
                throw new SkipStepException($"skipped: {string.Join(", ", missing.Select(Path.GetFileName))} not installed; apt-get install prometheus prometheus-alertmanager prometheus-pushgateway to run this chapter");
            _monitoringDir = Path.Combine(_dir, "monitoring");
            var second = TimeSpan.FromSeconds(1);
            MonitoringStack.Write(_monitoringDir, new MonitoringOptions
            {
                Targets = [$"127.0.0.1:{_irisServer!.BaseAddress.Port}"],
                ScrapeInterval = second,
                DriftFor = TimeSpan.FromSeconds(2),
                ErrorRatioFor = TimeSpan.FromSeconds(2),
            });
            LocalMonitorResult up;
            try
            {
                up = await LocalMonitor.UpAsync(_monitoringDir, cancellationToken: _ct).ConfigureAwait(false);
            }
            catch (ConfigException)
            {
                // One more try on other ports: on a busy machine another program can take a usual port between our check and the bind.
                await LocalMonitor.DownAsync(_monitoringDir).ConfigureAwait(false);
                up = await LocalMonitor.UpAsync(_monitoringDir, new LocalMonitorOptions { PrometheusPort = 0, AlertmanagerPort = 0, PushgatewayPort = 0 }, _ct).ConfigureAwait(false);
            }
            var prometheus = up[MonitorComponent.Prometheus].Url!;
            _prometheus = new PrometheusClient(prometheus);
            return string.Create(CultureInfo.InvariantCulture,
                $"monitoring/ (1 s scrapes, 2 s alert delays for the tour); ready in {up.Elapsed.TotalSeconds:F1} s: Prometheus {prometheus}, Alertmanager {up[MonitorComponent.Alertmanager].Url}, Pushgateway {up[MonitorComponent.Pushgateway].Url}");
        }).ConfigureAwait(false);
        if (_prometheus is null)
        {
            await Step("monitoring", "traffic, drift and alerts", () => throw new SkipStepException("skipped: the stack is not running")).ConfigureAwait(false);
            return;
        }

        var rows = FeatureRows(SampleData.Iris);
        await Step("monitoring", "in-distribution traffic: the 150 iris rows", async () =>
        {
            await SendAsync(rows).ConfigureAwait(false);
            await WaitForAsync("Prometheus to scrape 150 rows per feature", "min(model_feature_drift_window_rows{model=\"iris\"}) >= 150").ConfigureAwait(false);
            foreach (var s in (await _prometheus.QueryAsync("model_feature_psi{model=\"iris\"}", cancellationToken: _ct).ConfigureAwait(false)).Series)
                psiBefore[s.Labels["feature"]] = s.Points[^1].Value;
            var rate = await _prometheus.QueryAsync("sum(model_requests_total{model=\"iris\",code=\"200\"})", cancellationToken: _ct).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture,
                $"PSI per feature {Join(psiBefore)} (below 0.1: no drift); Prometheus counts {rate.Series[0].Points[^1].Value} answered requests");
        }).ConfigureAwait(false);

        await Step("monitoring", "drifted traffic: petal_length 3 cm longer until the alert fires", async () =>
        {
            var shifted = rows.Concat(rows).Select(r => new Dictionary<string, object?>(r) { ["petal_length"] = (double)r["petal_length"]! + 3.0 }).ToList();
            await SendAsync(shifted).ConfigureAwait(false);
            await WaitForAsync("the drift window to hold only drifted rows", "max(model_feature_psi{model=\"iris\",feature=\"petal_length\"}) > 1").ConfigureAwait(false);
            var psi = await LatestByFeatureAsync("model_feature_psi{model=\"iris\"}").ConfigureAwait(false);
            var ks = await LatestByFeatureAsync("model_feature_ks_statistic{model=\"iris\"}").ConfigureAwait(false);
            foreach (var feature in psi.Keys.Order(StringComparer.Ordinal))
                _drift.Add(new TutorialDrift(feature, psiBefore.GetValueOrDefault(feature, double.NaN), psi[feature], ks.GetValueOrDefault(feature, double.NaN)));
            await WaitForAsync("ModelFeatureDriftHigh to fire", "ALERTS{alertname=\"ModelFeatureDriftHigh\",alertstate=\"firing\"}", _options.AlertTimeout).ConfigureAwait(false);
            var alerts = await _prometheus.QueryAsync("ALERTS{alertstate=\"firing\"}", cancellationToken: _ct).ConfigureAwait(false);
            _firing.AddRange(alerts.Series.Select(s => $"{s.Labels["alertname"]} {s.Labels.GetValueOrDefault("feature", "")}".Trim()).Order(StringComparer.Ordinal));
            return string.Create(CultureInfo.InvariantCulture, $"PSI {Join(psi)}; KS {Join(ks)}; firing: {string.Join(", ", _firing)}");
        }).ConfigureAwait(false);

        await Step("monitoring", "a batch job reports through the Pushgateway", async () =>
        {
            var gateway = LocalMonitor.RunningUrl(_monitoringDir!, MonitorComponent.Pushgateway)!;
            using var push = new PushgatewayClient(gateway);
            await push.PushAsync("tutorial_scoring", new Dictionary<string, string> { ["model"] = "iris" },
                [MetricFamily.Gauge("tutorial_rows_scored", rows.Count * 3, "Rows the tutorial scored.")], cancellationToken: _ct).ConfigureAwait(false);
            await WaitForAsync("the pushed metric to be scraped", "tutorial_rows_scored{job=\"tutorial_scoring\",model=\"iris\"}").ConfigureAwait(false);
            return $"pushed tutorial_rows_scored {rows.Count * 3} to {gateway}; Prometheus has it with job=tutorial_scoring, model=iris";
        }).ConfigureAwait(false);

        await Step("monitoring", "stop the stack", async () =>
        {
            var stopped = await StopMonitoringAsync().ConfigureAwait(false);
            return $"stopped {string.Join(", ", stopped)} (pid files in monitoring/.run)";
        }).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> StopMonitoringAsync()
    {
        _prometheus?.Dispose();
        _prometheus = null;
        if (_monitoringDir is null) return [];
        var stopped = await LocalMonitor.DownAsync(_monitoringDir).ConfigureAwait(false);
        _monitoringDir = null;
        return [.. stopped.Select(LocalMonitor.NameOf)];
    }

    private async Task SendAsync(List<Dictionary<string, object?>> rows)
    {
        using var client = new ModelClient(_irisServer!.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });
        for (var i = 0; i < rows.Count; i += 10)
            await client.PredictAsync([.. rows.Skip(i).Take(10)], ServingProtocol.Mlflow, cancellationToken: _ct).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, double>> LatestByFeatureAsync(string query)
    {
        var result = await _prometheus!.QueryAsync(query, cancellationToken: _ct).ConfigureAwait(false);
        return result.Series.ToDictionary(s => s.Labels["feature"], s => s.Points[^1].Value, StringComparer.Ordinal);
    }

    /// <summary>Polls an instant query until it returns a series, at most <paramref name="timeout"/> (30 s by default).</summary>
    private async Task WaitForAsync(string what, string query, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await _prometheus!.QueryAsync(query, cancellationToken: _ct).ConfigureAwait(false);
            if (result.Series.Count > 0) return;
            if (clock.Elapsed > limit) throw new TimeoutException($"waited {limit.TotalSeconds:F0} s for {what} ({query} stayed empty)");
            await Task.Delay(500, _ct).ConfigureAwait(false);
        }
    }

    private static string Join(IReadOnlyDictionary<string, double> byFeature) =>
        string.Join(", ", byFeature.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.###}")));
}
