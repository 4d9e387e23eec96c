using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

/// <summary>
/// The promtool unit tests of <c>rules/mlops.rules.test.yml</c>: each alert stays quiet while pending, then fires for a "hot" model and
/// never for a "calm" one; the eval times follow the options' <c>…For</c> durations.
/// </summary>
internal static class RuleTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromMinutes(1);
    private static readonly string s_job = $"job=\"{AlertRules.Job}\"";

    public static YamlNode Build(MonitoringOptions o)
    {
        var t = o.P99LatencySeconds;
        var hotErrors = Math.Min(1.0, o.ErrorRatio * 2);
        var calmErrors = o.ErrorRatio / 2;
        // Rate-based conditions hold from the second sample (1m); gauge-based ones from the first (0m).
        var golden = Steps(Math.Max(Math.Max(FireAt(1, o.ErrorRatioFor), FireAt(1, o.LatencyFor)), FireAt(0, o.SaturatedFor)));
        var traffic = Steps(FireAt(1, o.NoTrafficFor));
        var down = Steps(FireAt(0, o.DownFor));

        var tests = Seq(
            Test(
                [
                    Series($"model_requests_total{{{s_job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+{Num(1000 * (1 - hotErrors))}x{golden}"),
                    Series($"model_requests_total{{{s_job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0+{Num(1000 * hotErrors)}x{golden}"),
                    Series($"model_requests_total{{{s_job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+{Num(1000 * (1 - calmErrors))}x{golden}"),
                    Series($"model_requests_total{{{s_job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0+{Num(1000 * calmErrors)}x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"hot\",le=\"{Num(t / 2)}\"}}", $"0x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"hot\",le=\"{Num(t * 2)}\"}}", $"0+100x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"hot\",le=\"+Inf\"}}", $"0+100x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"calm\",le=\"{Num(t / 2)}\"}}", $"0+100x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"calm\",le=\"{Num(t * 2)}\"}}", $"0+100x{golden}"),
                    Series($"model_request_duration_seconds_bucket{{{s_job},model=\"calm\",le=\"+Inf\"}}", $"0+100x{golden}"),
                    Series($"model_requests_in_flight{{{s_job},model=\"hot\"}}", $"{o.InFlightMax + 1}x{golden}"),
                    Series($"model_requests_in_flight{{{s_job},model=\"calm\"}}", $"{o.InFlightMax}x{golden}"),
                ],
                [
                    .. Pair("ModelServerHighErrorRatio", 1, o.ErrorRatioFor, Fired("critical", AlertRules.ErrorSummary(o, "hot"), ("job", AlertRules.Job), ("model", "hot"))),
                    .. Pair("ModelServerHighLatencyP99", 1, o.LatencyFor, Fired("warning", AlertRules.LatencySummary(o, "hot"), ("job", AlertRules.Job), ("model", "hot"))),
                    .. Pair("ModelServerSaturated", 0, o.SaturatedFor, Fired("warning", AlertRules.SaturatedSummary(o, "hot"), ("job", AlertRules.Job), ("model", "hot"))),
                ]),
            Test(
                [
                    Series($"model_requests_total{{{s_job},model=\"hot\",version=\"1\",protocol=\"mlflow\",code=\"500\"}}", $"0x{traffic}"),
                    Series($"model_requests_total{{{s_job},model=\"calm\",version=\"1\",protocol=\"mlflow\",code=\"200\"}}", $"0+60x{traffic}"),
                ],
                Pair("ModelServerNoTraffic", 1, o.NoTrafficFor, Fired("warning", AlertRules.NoTrafficSummary("hot"), ("job", AlertRules.Job), ("model", "hot")))),
            Test(
                [
                    Series($"up{{{s_job},instance=\"10.0.0.1:5000\"}}", $"0x{down}"),
                    Series($"up{{{s_job},instance=\"10.0.0.2:5000\"}}", $"1x{down}"),
                ],
                Pair("ModelServerDown", 0, o.DownFor, Fired("critical", AlertRules.DownSummary("10.0.0.1:5000"), ("job", AlertRules.Job), ("instance", "10.0.0.1:5000")))),
            DriftTest(o));

        return Map(
            ("rule_files", Seq(["mlops.rules.yml"])),
            ("evaluation_interval", S(Duration(s_step))),
            ("tests", tests));
    }

    // Training shares (0.5, 0.5). Served: hot (0.99, 0.01) -> PSI 2.25; mild (0.7, 0.3) -> 0.1695; calm (0.5, 0.5) -> 0.
    // The alerts read the server's model_feature_psi gauge; the bin counters check the hour-long PSI the dashboard shows beside it.
    private static YamlMapping DriftTest(MonitoringOptions o)
    {
        var steps = Math.Max(Steps(FireAt(0, o.DriftFor)), 65);
        var series = new List<YamlNode>();
        var psi = new Dictionary<string, double>();
        foreach (var (model, share) in new[] { ("hot", 0.99), ("mild", 0.7), ("calm", 0.5) })
        {
            psi[model] = (share - 0.5) * Math.Log(share / 0.5) + (0.5 - share) * Math.Log((1 - share) / 0.5);
            series.Add(Series($"{AlertRules.PsiGauge}{{{s_job},instance=\"10.0.0.1:5000\",model=\"{model}\",feature=\"f\"}}", $"{Num(psi[model])}x{steps}"));
            for (var bin = 0; bin < 2; bin++)
            {
                var served = bin == 0 ? share : 1 - share;
                series.Add(Series($"model_feature_bin_total{{{s_job},model=\"{model}\",feature=\"f\",bin=\"{bin}\"}}", $"0+{Num(Math.Round(served * 100, 6))}x{steps}"));
                series.Add(Series($"model_feature_training_bin_ratio{{{s_job},model=\"{model}\",feature=\"f\",bin=\"{bin}\"}}", $"0.5x{steps}"));
            }
        }
        YamlMapping Expected(double threshold, string severity, string model) => Fired(severity, AlertRules.DriftSummary(threshold, model, "f"),
            ("feature", "f"), ("instance", "10.0.0.1:5000"), ("job", AlertRules.Job), ("model", model));
        YamlMapping[] Over(double threshold, string severity) =>
            [.. psi.Where(p => p.Value > threshold).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Expected(threshold, severity, p.Key))];
        var at = Minutes(steps - 1);
        return Test(
            series,
            [
                AlertTest(Minutes(QuietAt(0, o.DriftFor)), "ModelFeatureDriftWatch"),
                AlertTest(Minutes(QuietAt(0, o.DriftFor)), "ModelFeatureDriftHigh"),
                AlertTest(Minutes(FireAt(0, o.DriftFor)), "ModelFeatureDriftWatch", Over(o.PsiWatch, "info")),
                AlertTest(Minutes(FireAt(0, o.DriftFor)), "ModelFeatureDriftHigh", Over(o.PsiAlert, "warning")),
            ],
            [
                ExprTest(AlertRules.PsiMax, at, [.. psi.Select(p => (Labels: $"{AlertRules.PsiMax}{{model=\"{p.Key}\"}}", p.Value))]),
                // PromQL's rate ratios differ from C#'s shares in the last bits, hence the rounding on both sides.
                ExprTest($"round({AlertRules.Psi}, 0.0001)", at, [.. psi.Select(p => (Labels: $"{{feature=\"f\",model=\"{p.Key}\"}}", Math.Round(p.Value, 4)))]),
            ]);
    }

    // An alert whose condition holds from step `start` is pending until `for` has passed: quiet one step before that (or at the start
    // when `for` is under a step), firing one step after it, whatever the durations are.
    private static int QuietAt(int start, TimeSpan forDuration) => start + (int)Math.Max(0, Math.Floor((forDuration - s_step) / s_step));

    private static int FireAt(int start, TimeSpan forDuration) => start + (int)Math.Ceiling(forDuration / s_step) + 1;

    private static int Steps(int lastEval) => lastEval + 5;

    private static string Minutes(int steps) => $"{steps}m";

    private static YamlMapping[] Pair(string alert, int start, TimeSpan forDuration, YamlMapping fired) =>
    [
        AlertTest(Minutes(QuietAt(start, forDuration)), alert),
        AlertTest(Minutes(FireAt(start, forDuration)), alert, fired),
    ];

    private static YamlMapping Test(IEnumerable<YamlNode> series, YamlNode[] alertTests, YamlNode[]? exprTests = null) => Map(
        ("interval", S(Duration(s_step))),
        ("input_series", new YamlSequence([.. series])),
        ("alert_rule_test", Seq(alertTests)),
        ("promql_expr_test", exprTests is null ? null : Seq(exprTests)));

    private static YamlMapping Series(string series, string values) => Map(("series", S(series)), ("values", S(values)));

    private static YamlMapping AlertTest(string evalTime, string alert, params YamlMapping[] fired) => Map(
        ("eval_time", S(evalTime)),
        ("alertname", S(alert)),
        ("exp_alerts", new YamlSequence([.. fired])));

    private static YamlMapping ExprTest(string expr, string evalTime, (string Labels, double Value)[] samples) => Map(
        ("expr", S(expr)),
        ("eval_time", S(evalTime)),
        ("exp_samples", new YamlSequence([.. samples.Select(s => (YamlNode)Map(("labels", S(s.Labels)), ("value", N(s.Value))))])));

    private static YamlMapping Fired(string severity, string summary, params (string Key, string Value)[] labels)
    {
        var expLabels = Map(("severity", S(severity)));
        foreach (var (key, value) in labels) expLabels.Set(key, S(value));
        return Map(("exp_labels", expLabels), ("exp_annotations", Map(("summary", S(summary)))));
    }
}
