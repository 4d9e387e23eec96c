using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

/// <summary>The YAML trees of prometheus.yml, alertmanager.yml, the Grafana provisioning files and docker-compose.yml.</summary>
internal static class StackFiles
{
    public const string DashboardsPath = "/var/lib/grafana/dashboards";

    public static YamlNode Prometheus(MonitoringOptions o) => Map(
        ("global", Map(
            ("scrape_interval", S(Duration(o.ScrapeInterval))),
            ("evaluation_interval", S(Duration(o.EvaluationInterval ?? o.ScrapeInterval))))),
        ("rule_files", Seq(["rules/mlops.rules.yml"])),
        ("alerting", Map(("alertmanagers", Seq(Map(("static_configs", Seq(Map(("targets", Seq([o.AlertmanagerTarget])))))))))),
        ("scrape_configs", Seq(
            Map(("job_name", S(AlertRules.Job)), ("metrics_path", S("/metrics")), ("static_configs", Seq(Map(("targets", Seq(o.Targets)))))),
            Map(("job_name", S("pushgateway")), ("honor_labels", B(true)), ("static_configs", Seq(Map(("targets", Seq([o.PushgatewayTarget])))))))));

    public static YamlNode Alertmanager(MonitoringOptions o) => Map(
        ("global", Map(("resolve_timeout", S("5m")))),
        ("route", Map(
            ("receiver", S("mlops-webhook")),
            ("group_by", Seq(["alertname", "job", "model"])),
            ("group_wait", S("30s")),
            ("group_interval", S("5m")),
            ("repeat_interval", S("4h")))),
        ("inhibit_rules", Seq(Map(
            ("source_matchers", Seq(["alertname=\"ModelServerDown\""])),
            ("target_matchers", Seq(["severity=~\"warning|info\""])),
            ("equal", Seq(["job"]))))),
        ("receivers", Seq(Map(
            ("name", S("mlops-webhook")),
            ("webhook_configs", Seq(Map(("url", S(o.WebhookUrl)), ("send_resolved", B(true)))))))));

    public static YamlNode GrafanaDatasource(MonitoringOptions o) => Map(
        ("apiVersion", YamlWriter.Number(1)),
        ("datasources", Seq(Map(
            ("name", S("Prometheus")),
            ("type", S("prometheus")),
            ("uid", S(GrafanaDashboard.DatasourceUid)),
            ("access", S("proxy")),
            ("url", S("http://127.0.0.1:9090")),
            ("isDefault", B(true)),
            ("editable", B(false)),
            ("jsonData", Map(("timeInterval", S(Duration(o.ScrapeInterval)))))))));

    public static YamlNode GrafanaDashboardProvider() => Map(
        ("apiVersion", YamlWriter.Number(1)),
        ("providers", Seq(Map(
            ("name", S("mlops")),
            ("orgId", YamlWriter.Number(1)),
            ("folder", S("MLOps")),
            ("type", S("file")),
            ("disableDeletion", B(false)),
            ("updateIntervalSeconds", YamlWriter.Number(30)),
            ("allowUiUpdates", B(false)),
            ("options", Map(("path", S(DashboardsPath)), ("foldersFromFilesStructure", B(false))))))));

    // network_mode: host, so the 127.0.0.1 targets of prometheus.yml reach servers running on the host.
    public static YamlNode Compose() => Map(("services", Map(
        ("prometheus", Service("prom/prometheus:v2.53.0",
            ["./prometheus.yml:/etc/prometheus/prometheus.yml:ro", "./rules:/etc/prometheus/rules:ro"],
            ["--config.file=/etc/prometheus/prometheus.yml"])),
        ("alertmanager", Service("prom/alertmanager:v0.27.0",
            ["./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro"],
            ["--config.file=/etc/alertmanager/alertmanager.yml"])),
        ("pushgateway", Service("prom/pushgateway:v1.9.0", [], [])),
        ("grafana", Service("grafana/grafana:11.1.0",
            ["./grafana/provisioning:/etc/grafana/provisioning:ro", $"./grafana/dashboards:{DashboardsPath}:ro"], [])))));

    private static YamlMapping Service(string image, string[] volumes, string[] command) => Map(
        ("image", S(image)),
        ("network_mode", S("host")),
        ("restart", S("unless-stopped")),
        ("volumes", volumes.Length == 0 ? null : Seq(volumes)),
        ("command", command.Length == 0 ? null : Seq(command)));
}
