using System.Text.Json;
using MlopsKit.Monitoring;
using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Kubernetes;

/// <summary>Prometheus Operator and Grafana resources: <c>service-monitor.yaml</c>, <c>prometheus-rule.yaml</c>, <c>grafana-dashboard-configmap.yaml</c>.</summary>
internal static class MonitoringResources
{
    /// <summary>One rule set and one dashboard serve every model (they group by the <c>model</c> label), so their names carry no model.</summary>
    public const string RuleName = "mlops-model-server";
    public const string DashboardName = "mlops-golden-signals-dashboard";
    public const string DashboardKey = "mlops-golden-signals.json";

    public static YamlNode ServiceMonitor(KubernetesOptions o) => Map(
        ("apiVersion", S("monitoring.coreos.com/v1")),
        ("kind", S("ServiceMonitor")),
        ("metadata", Workload.Metadata(o, o.ModelName!, o.Namespace, WithRelease(o, Workload.Labels(o)))),
        ("spec", Map(
            // job = the Service's app label ("model-server"), as in prometheus.yml, so the rules' job="model-server" still matches.
            ("jobLabel", S("app")),
            ("selector", Map(("matchLabels", Workload.Selector(o)))),
            ("namespaceSelector", Map(("matchNames", Seq([o.Namespace])))),
            ("endpoints", Seq(Map(
                ("port", S(Workload.PortName)),
                ("path", S("/metrics")),
                ("interval", S(PrometheusDuration.Format(o.Monitoring.ScrapeInterval)))))))));

    public static YamlNode PrometheusRule(KubernetesOptions o) => Map(
        ("apiVersion", S("monitoring.coreos.com/v1")),
        ("kind", S("PrometheusRule")),
        ("metadata", Workload.Metadata(o, RuleName, o.Namespace, WithRelease(o, Map(("app", S(Workload.App)))))),
        ("spec", Map(("groups", ((YamlMapping)AlertRules.Build(o.Monitoring))["groups"]))));

    public static YamlNode DashboardConfigMap(KubernetesOptions o) => Map(
        ("apiVersion", S("v1")),
        ("kind", S("ConfigMap")),
        ("metadata", Workload.Metadata(o, DashboardName, o.DashboardNamespace, Map(("grafana_dashboard", S("1")), ("app", S(Workload.App))))),
        ("data", Map((DashboardKey, YamlWriter.Block(DashboardJson(o.Monitoring))))));

    /// <summary>The dashboard as <see cref="MonitoringStack"/> writes it to grafana/dashboards.</summary>
    public static string DashboardJson(MonitoringOptions o) =>
        GrafanaDashboard.Build(o).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static YamlMapping WithRelease(KubernetesOptions o, YamlMapping labels)
    {
        labels.Set("release", S(o.Release));
        return labels;
    }
}
