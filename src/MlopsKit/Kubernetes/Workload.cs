using System.Globalization;
using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Kubernetes;

/// <summary>The plain-Kubernetes model server: <c>deployment.yaml</c> and <c>service.yaml</c>, and the container the other workloads reuse.</summary>
internal static class Workload
{
    /// <summary>Value of the <c>app</c> label; the ServiceMonitor makes it the <c>job</c> label, which the alert rules match (<c>job="model-server"</c>).</summary>
    public const string App = "model-server";

    public const string PortName = "http";
    public const string ReadyPath = "/v2/health/ready";
    public const string LivePath = "/v2/health/live";

    public static YamlMapping Labels(KubernetesOptions o) => Map(("app", S(App)), ("model", S(o.ModelName!)), ("version", S(o.ModelVersion)));

    /// <summary>What the Deployment and Service select on: not the version, which changes on every release while a selector is immutable.</summary>
    public static YamlMapping Selector(KubernetesOptions o) => Map(("app", S(App)), ("model", S(o.ModelName!)));

    public static YamlMapping Metadata(KubernetesOptions o, string name, string ns, YamlMapping labels) =>
        Map(("name", S(name)), ("namespace", S(ns)), ("labels", labels));

    public static YamlNode Deployment(KubernetesOptions o) => Map(
        ("apiVersion", S("apps/v1")),
        ("kind", S("Deployment")),
        ("metadata", Metadata(o, o.ModelName!, o.Namespace, Labels(o))),
        ("spec", Map(
            ("replicas", YamlWriter.Number(o.Replicas)),
            ("selector", Map(("matchLabels", Selector(o)))),
            ("template", Map(
                ("metadata", Map(("labels", Labels(o)))),
                ("spec", Map(("containers", Seq(Container(o, App, o.Port, PortName, probePort: S(PortName)))))))))));

    public static YamlNode Service(KubernetesOptions o) => Map(
        ("apiVersion", S("v1")),
        ("kind", S("Service")),
        ("metadata", Metadata(o, o.ModelName!, o.Namespace, Labels(o))),
        ("spec", Map(
            ("selector", Selector(o)),
            ("ports", Seq(Map(
                ("name", S(PortName)),
                ("port", YamlWriter.Number(o.Port)),
                ("targetPort", S(PortName)),
                ("protocol", S("TCP"))))))));

    /// <summary>
    /// The model server container: the image's entrypoint (<c>mlops models serve -m /model --host 0.0.0.0</c>) with the port, name and
    /// version as arguments, so the metrics' <c>model</c> label is the resource name. Probes use the Open Inference Protocol health routes.
    /// </summary>
    public static YamlMapping Container(KubernetesOptions o, string name, int port, string portName, YamlScalar probePort, params (string Name, string Value)[] env)
    {
        var container = Map(
            ("name", S(name)),
            ("image", S(o.Image!)),
            ("args", Seq(["--name", o.ModelName!, "--model-version", o.ModelVersion, "--port", port.ToString(CultureInfo.InvariantCulture)])),
            ("env", env.Length == 0 ? null : new YamlSequence([.. env.Select(e => (YamlNode)Map(("name", S(e.Name)), ("value", S(e.Value))))])),
            ("ports", Seq(Map(("name", S(portName)), ("containerPort", YamlWriter.Number(port)), ("protocol", S("TCP"))))),
            ("readinessProbe", Probe(ReadyPath, probePort, initialDelay: 5, period: 10)),
            ("livenessProbe", Probe(LivePath, probePort, initialDelay: 15, period: 20)),
            ("resources", Map(
                ("requests", Map(("cpu", S("250m")), ("memory", S("256Mi")))),
                ("limits", Map(("cpu", S("1")), ("memory", S("1Gi")))))));
        return container;
    }

    private static YamlMapping Probe(string path, YamlScalar port, int initialDelay, int period) => Map(
        ("httpGet", Map(("path", S(path)), ("port", port))),
        ("initialDelaySeconds", YamlWriter.Number(initialDelay)),
        ("periodSeconds", YamlWriter.Number(period)));
}
