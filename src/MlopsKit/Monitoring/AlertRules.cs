using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

/// <summary>The recording and alerting rules of <c>rules/mlops.rules.yml</c>, built from the model server's own metrics.</summary>
internal static class AlertRules
{
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

    /// <summary>Smallest proportion used in the PSI, so empty bins do not give ln(0) (monitoring.md §7).</summary>
    public const double PsiEpsilon = 1e-4;

    public const string DriftFor = "30m";

    /// <summary>Every series the rules record, for checking dashboard queries.</summary>
    public static IReadOnlyList<string> Recorded { get; } =
        [RequestRate, ErrorRate, ErrorRatio, LatencyP50, LatencyP99, InFlight, PredictionRate, BinRatio, TrainingRatio, Psi];

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
            // PSI = sum_i (a_i - e_i) * ln(a_i / e_i): a = served share of each bin over 1h, e = training share (monitoring.md §7).
            Record(BinRatio, "sum by (model, feature, bin) (rate(model_feature_bin_total[1h])) / ignoring (bin) group_left () sum by (model, feature) (rate(model_feature_bin_total[1h]))"),
            Record(TrainingRatio, "max by (model, feature, bin) (model_feature_training_bin_ratio)"),
            Record(Psi, $"sum by (model, feature) ((clamp_min({BinRatio}, {Num(PsiEpsilon)}) - on (model, feature, bin) clamp_min({TrainingRatio}, {Num(PsiEpsilon)})) * ln(clamp_min({BinRatio}, {Num(PsiEpsilon)}) / on (model, feature, bin) clamp_min({TrainingRatio}, {Num(PsiEpsilon)})))"));

        var alerts = Seq(
            Alert("ModelServerHighErrorRatio", $"{ErrorRatio} > {Num(o.ErrorRatio)}", "5m", "critical", ErrorSummary(o, "{{ $labels.model }}")),
            Alert("ModelServerHighLatencyP99", $"{LatencyP99} > {Num(o.P99LatencySeconds)}", "10m", "warning", LatencySummary(o, "{{ $labels.model }}")),
            Alert("ModelServerNoTraffic", $"{RequestRate} == 0", Duration(o.TrafficDropFor), "warning", NoTrafficSummary("{{ $labels.model }}")),
            Alert("ModelServerSaturated", $"{InFlight} > {o.InFlightMax}", "5m", "warning", SaturatedSummary(o, "{{ $labels.model }}")),
            Alert("ModelServerDown", "up{job=\"model-server\"} == 0", "2m", "critical", DownSummary("{{ $labels.instance }}")),
            Alert("ModelFeatureDriftWatch", $"{Psi} > {Num(o.PsiWatch)}", DriftFor, "info", DriftSummary(o.PsiWatch, "{{ $labels.model }}", "{{ $labels.feature }}")),
            Alert("ModelFeatureDriftHigh", $"{Psi} > {Num(o.PsiAlert)}", DriftFor, "warning", DriftSummary(o.PsiAlert, "{{ $labels.model }}", "{{ $labels.feature }}")));

        return Map(("groups", Seq(
            Map(("name", S("mlops.recording")), ("rules", recording)),
            Map(("name", S("mlops.alerts")), ("rules", alerts)))));
    }

    private static YamlMapping Record(string name, string expr) => Map(("record", S(name)), ("expr", S(expr)));

    private static YamlMapping Alert(string name, string expr, string forDuration, string severity, string summary) => Map(
        ("alert", S(name)),
        ("expr", S(expr)),
        ("for", S(forDuration)),
        ("labels", Map(("severity", S(severity)))),
        ("annotations", Map(("summary", S(summary)))));
}
