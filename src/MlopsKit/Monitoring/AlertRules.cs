using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

/// <summary>The recording and alerting rules of <c>rules/mlops.rules.yml</c>, built from the model server's own metrics.</summary>
internal static class AlertRules
{
    /// <summary>The scrape job of the model servers in prometheus.yml; <c>ModelServerDown</c> watches <c>up</c> of this job.</summary>
    public const string Job = "model-server";

    public const string RequestRate = "job_model:model_requests:rate5m";
    public const string ErrorRate = "job_model:model_requests_errors:rate5m";
    public const string ErrorRatio = "job_model:model_requests_errors:ratio_rate5m";
    public const string LatencyP50 = "job_model:model_request_duration_seconds:p50_rate5m";
    public const string LatencyP99 = "job_model:model_request_duration_seconds:p99_rate5m";
    public const string InFlight = "job_model:model_requests_in_flight:sum";
    public const string PredictionRate = "job_model:model_predictions:rate5m";
    public const string BinRatio = "model_feature_bin:model_feature_bin:ratio_rate1h";
    public const string TrainingRatio = "model_feature_bin:model_feature_training_bin_ratio:max";
    public const string Psi = "model_feature:model_feature_psi:rate1h";
    public const string PsiMax = "model:model_feature_psi:max";

    /// <summary>The server's drift gauges (computed over its last N served rows, see ModelServerOptions.DriftWindowRows).</summary>
    public const string PsiGauge = "model_feature_psi";
    public const string KsGauge = "model_feature_ks_statistic";

    /// <summary>Smallest proportion used in the PSI, so empty bins do not give ln(0) (monitoring.md §7); the same as the server's.</summary>
    public const double PsiEpsilon = Serving.DriftStatistics.PsiEpsilon;

    /// <summary>Every series the rules record, for checking dashboard queries.</summary>
    public static IReadOnlyList<string> Recorded { get; } =
        [RequestRate, ErrorRate, ErrorRatio, LatencyP50, LatencyP99, InFlight, PredictionRate, BinRatio, TrainingRatio, Psi, PsiMax];

    public static string Percent(double ratio) => Num(Math.Round(ratio * 100, 6)) + "%";

    public static string ErrorSummary(MonitoringOptions o, string model) => $"More than {Percent(o.ErrorRatio)} of requests to model {model} fail with 5xx";

    public static string LatencySummary(MonitoringOptions o, string model) => $"p99 latency of model {model} is above {Num(o.P99LatencySeconds)}s";

    public static string NoTrafficSummary(string model) => $"Model {model} received no requests";

    public static string SaturatedSummary(MonitoringOptions o, string model) => $"More than {o.InFlightMax} requests in flight on model {model}";

    public static string DownSummary(string instance) => $"Prometheus cannot scrape {instance}";

    public static string DriftSummary(double threshold, string model, string feature) => $"Feature {feature} of model {model} has PSI above {Num(threshold)}";

    public static YamlNode Build(MonitoringOptions o)
    {
        var recording = Seq(
            Record(RequestRate, "sum by (job, model) (rate(model_requests_total[5m]))"),
            Record(ErrorRate, "sum by (job, model) (rate(model_requests_total{code=~\"5..\"}[5m]))"),
            Record(ErrorRatio, $"{ErrorRate} / {RequestRate}"),
            Record(LatencyP50, "histogram_quantile(0.5, sum by (job, model, le) (rate(model_request_duration_seconds_bucket[5m])))"),
            Record(LatencyP99, "histogram_quantile(0.99, sum by (job, model, le) (rate(model_request_duration_seconds_bucket[5m])))"),
            Record(InFlight, "sum by (job, model) (model_requests_in_flight)"),
            Record(PredictionRate, "sum by (job, model) (rate(model_predictions_total[5m]))"),
            Record(PsiMax, $"max by (model) ({PsiGauge})"),
            // The alerts read the server's window gauge; this hour-long PSI from the bin counters stays for the dashboard: it pools all
            // replicas and covers a fixed time span, where each replica's gauge covers its own last N rows.
            // PSI = sum_i (a_i - e_i) * ln(a_i / e_i): a = served share of each bin over 1h, e = training share (monitoring.md §7).
            Record(BinRatio, "sum by (model, feature, bin) (rate(model_feature_bin_total[1h])) / ignoring (bin) group_left () sum by (model, feature) (rate(model_feature_bin_total[1h]))"),
            Record(TrainingRatio, "max by (model, feature, bin) (model_feature_training_bin_ratio)"),
            Record(Psi, $"sum by (model, feature) ((clamp_min({BinRatio}, {Num(PsiEpsilon)}) - on (model, feature, bin) clamp_min({TrainingRatio}, {Num(PsiEpsilon)})) * ln(clamp_min({BinRatio}, {Num(PsiEpsilon)}) / on (model, feature, bin) clamp_min({TrainingRatio}, {Num(PsiEpsilon)})))"));

        var alerts = Seq(
            Alert("ModelServerHighErrorRatio", $"{ErrorRatio} > {Num(o.ErrorRatio)}", o.ErrorRatioFor, "critical", ErrorSummary(o, "{{ $labels.model }}")),
            Alert("ModelServerHighLatencyP99", $"{LatencyP99} > {Num(o.P99LatencySeconds)}", o.LatencyFor, "warning", LatencySummary(o, "{{ $labels.model }}")),
            Alert("ModelServerNoTraffic", $"{RequestRate} == 0", o.NoTrafficFor, "warning", NoTrafficSummary("{{ $labels.model }}")),
            Alert("ModelServerSaturated", $"{InFlight} > {o.InFlightMax}", o.SaturatedFor, "warning", SaturatedSummary(o, "{{ $labels.model }}")),
            Alert("ModelServerDown", $"up{{job=\"{Job}\"}} == 0", o.DownFor, "critical", DownSummary("{{ $labels.instance }}")),
            Alert("ModelFeatureDriftWatch", $"{PsiGauge} > {Num(o.PsiWatch)}", o.DriftFor, "info", DriftSummary(o.PsiWatch, "{{ $labels.model }}", "{{ $labels.feature }}")),
            Alert("ModelFeatureDriftHigh", $"{PsiGauge} > {Num(o.PsiAlert)}", o.DriftFor, "warning", DriftSummary(o.PsiAlert, "{{ $labels.model }}", "{{ $labels.feature }}")));

        return Map(("groups", Seq(
            Map(("name", S("mlops.recording")), ("rules", recording)),
            Map(("name", S("mlops.alerts")), ("rules", alerts)))));
    }

    private static YamlMapping Record(string name, string expr) => Map(("record", S(name)), ("expr", S(expr)));

    private static YamlMapping Alert(string name, string expr, TimeSpan forDuration, string severity, string summary) => Map(
        ("alert", S(name)),
        ("expr", S(expr)),
        ("for", S(Duration(forDuration))),
        ("labels", Map(("severity", S(severity)))),
        ("annotations", Map(("summary", S(summary)))));
}
