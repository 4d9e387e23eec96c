using MlopsKit.Monitoring;

namespace MlopsKit.Kubernetes;

/// <summary>What <see cref="KubernetesManifests.Write"/> generates: the model, its image, where it runs and how Prometheus watches it.</summary>
public sealed record KubernetesOptions
{
    /// <summary>The model directory (the folder holding <c>MLmodel</c>) or its <c>file://</c> URI; it is copied into the image. Required.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Name of every resource and the <c>model</c> label (a DNS-1123 label). Default: the model folder's name, lower-cased.</summary>
    public string? ModelName { get; init; }

    /// <summary>The <c>version</c> label and the version the server reports. Default: 1.</summary>
    public string ModelVersion { get; init; } = "1";

    /// <summary>The model server image the Dockerfile builds. Default: <c>mlopskit/&lt;model&gt;-server:&lt;version&gt;</c>.</summary>
    public string? Image { get; init; }

    /// <summary>Namespace of the model server and its monitoring resources. Default: models.</summary>
    public string Namespace { get; init; } = "models";

    /// <summary>Namespace of the Grafana dashboard ConfigMap, where the kube-prometheus-stack Grafana sidecar looks. Default: monitoring.</summary>
    public string DashboardNamespace { get; init; } = "monitoring";

    /// <summary>Pods serving the model. Default: 2.</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Port the server listens on and the Service exposes (named <c>http</c>). Default: 8080.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Helm release of kube-prometheus-stack: its Prometheus only picks ServiceMonitors and PrometheusRules with this <c>release</c> label. Default: kube-prometheus-stack.</summary>
    public string Release { get; init; } = "kube-prometheus-stack";

    /// <summary>Scrape interval and alert thresholds, as for <c>mlops monitor init</c>.</summary>
    public MonitoringOptions Monitoring { get; init; } = new();
}
