using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

/// <summary>The promtool unit tests of <c>rules/mlops.rules.test.yml</c>: each alert fires for a "hot" model and stays quiet for a "calm" one.</summary>
internal static class RuleTests
{
    private const string Job = "job=\"model-server\"";

    public static YamlNode Build(MonitoringOptions o)
    {
        var trafficFor = (int)Math.Ceiling(o.TrafficDropFor.TotalMinutes);
        var trafficEval = trafficFor + 10;
        var t = o.P99LatencySeconds;
        var hotErrors = Math.Min(1.0, o.ErrorRatio * 2);
        var calmErrors = o.ErrorRatio / 2;

        var tests = Seq(
            Test(
                [
                    Series($"model_requests_total{{{Job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+{Num(1000 * (1 - hotErrors))}x30"),
                    Series($"model_requests_total{{{Job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0+{Num(1000 * hotErrors)}x30"),
                    Series($"model_requests_total{{{Job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+{Num(1000 * (1 - calmErrors))}x30"),
                    Series($"model_requests_total{{{Job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0+{Num(1000 * calmErrors)}x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"hot\",le=\"{Num(t / 2)}\"}}", "0x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"hot\",le=\"{Num(t * 2)}\"}}", "0+100x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"hot\",le=\"+Inf\"}}", "0+100x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"calm\",le=\"{Num(t / 2)}\"}}", "0+100x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"calm\",le=\"{Num(t * 2)}\"}}", "0+100x30"),
                    Series($"model_request_duration_seconds_bucket{{{Job},model=\"calm\",le=\"+Inf\"}}", "0+100x30"),
                    Series($"model_requests_in_flight{{{Job},model=\"hot\"}}", $"{o.InFlightMax + 1}x30"),
                    Series($"model_requests_in_flight{{{Job},model=\"calm\"}}", $"{o.InFlightMax}x30"),
                ],
                [
                    AlertTest("3m", "ModelServerHighErrorRatio"),
                    AlertTest("20m", "ModelServerHighErrorRatio", Fired("critical", AlertRules.ErrorSummary(o, "hot"), ("job", "model-server"), ("model", "hot"))),
                    AlertTest("5m", "ModelServerHighLatencyP99"),
                    AlertTest("20m", "ModelServerHighLatencyP99", Fired("warning", AlertRules.LatencySummary(o, "hot"), ("job", "model-server"), ("model", "hot"))),
                    AlertTest("3m", "ModelServerSaturated"),
                    AlertTest("20m", "ModelServerSaturated", Fired("warning", AlertRules.SaturatedSummary(o, "hot"), ("job", "model-server"), ("model", "hot"))),
                ]),
            Test(
                [
                    Series($"model_requests_total{{{Job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0x{trafficEval + 5}"),
                    Series($"model_requests_total{{{Job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+60x{trafficEval + 5}"),
                ],
                [
                    AlertTest("1m", "ModelServerNoTraffic"),
                    AlertTest($"{trafficEval}m", "ModelServerNoTraffic", Fired("warning", AlertRules.NoTrafficSummary("hot"), ("job", "model-server"), ("model", "hot"))),
                ]),
            Test(
                [
                    Series("up{job=\"model-server\",instance=\"10.0.0.1:5000\"}", "0x20"),
                    Series("up{job=\"model-server\",instance=\"10.0.0.2:5000\"}", "1x20"),
                ],
                [
                    AlertTest("1m", "ModelServerDown"),
                    AlertTest("10m", "ModelServerDown", Fired("critical", AlertRules.DownSummary("10.0.0.1:5000"), ("job", "model-server"), ("instance", "10.0.0.1:5000"))),
                ]),
            DriftTest(o));

        return Map(
            ("rule_files", Seq(["mlops.rules.yml"])),
            ("evaluation_interval", S("1m")),
            ("tests", tests));
    }

    // Training shares (0.5, 0.5). Served: hot (0.99, 0.01) -> PSI 2.25; mild (0.7, 0.3) -> 0.1695; calm (0.5, 0.5) -> 0.
    private static YamlMapping DriftTest(MonitoringOptions o)
    {
        var series = new List<YamlNode>();
        var psi = new Dictionary<string, double>();
        foreach (var (model, share) in new[] { ("hot", 0.99), ("mild", 0.7), ("calm", 0.5) })
        {
            for (var bin = 0; bin < 2; bin++)
            {
                var served = bin == 0 ? share : 1 - share;
                series.Add(Series($"model_feature_bin_total{{{Job},model=\"{model}\",feature=\"f\",bin=\"{bin}\"}}", $"0+{Num(Math.Round(served * 100, 6))}x130"));
                series.Add(Series($"model_feature_training_bin_ratio{{{Job},model=\"{model}\",feature=\"f\",bin=\"{bin}\"}}", "0.5x130"));
            }
            psi[model] = (share - 0.5) * Math.Log(share / 0.5) + (0.5 - share) * Math.Log((1 - share) / 0.5);
        }
        YamlMapping[] Expected(double threshold, string severity) =>
            [.. psi.Where(p => p.Value > threshold).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => Fired(severity, AlertRules.DriftSummary(threshold, p.Key, "f"), ("feature", "f"), ("model", p.Key)))];
        return Test(
            series,
            [
                AlertTest("20m", "ModelFeatureDriftWatch"),
                AlertTest("20m", "ModelFeatureDriftHigh"),
                AlertTest("120m", "ModelFeatureDriftWatch", Expected(o.PsiWatch, "info")),
                AlertTest("120m", "ModelFeatureDriftHigh", Expected(o.PsiAlert, "warning")),
            ]);
    }

    private static YamlMapping Test(IEnumerable<YamlNode> series, YamlNode[] alertTests) => Map(
        ("interval", S("1m")),
        ("input_series", new YamlSequence([.. series])),
        ("alert_rule_test", Seq(alertTests)));

    private static YamlMapping Series(string series, string values) => Map(("series", S(series)), ("values", S(values)));

    private static YamlMapping AlertTest(string evalTime, string alert, params YamlMapping[] fired) => Map(
        ("eval_time", S(evalTime)),
        ("alertname", S(alert)),
        ("exp_alerts", new YamlSequence([.. fired])));

    private static YamlMapping Fired(string severity, string summary, params (string Key, string Value)[] labels)
    {
        var expLabels = Map(("severity", S(severity)));
        foreach (var (key, value) in labels) expLabels.Set(key, S(value));
        return Map(("exp_labels", expLabels), ("exp_annotations", Map(("summary", S(summary)))));
    }
}
