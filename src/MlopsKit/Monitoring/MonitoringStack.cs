using System.Text;
using System.Text.Json;
using MlopsKit.Yaml;

namespace MlopsKit.Monitoring;

/// <summary>Generates a Prometheus + Alertmanager + Pushgateway + Grafana stack for the model server (<c>mlops monitor init</c>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A monitoring stack, not a Stack<T>.")]
public static class MonitoringStack
{
    /// <summary>The files <see cref="Write"/> creates, relative to its folder, with '/' separators.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "prometheus.yml",
        "rules/mlops.rules.yml",
        "rules/mlops.rules.test.yml",
        "alertmanager.yml",
        "grafana/provisioning/datasources/prometheus.yml",
        "grafana/provisioning/dashboards/provider.yml",
        "grafana/dashboards/mlops-golden-signals.json",
        "docker-compose.yml",
    ];

    /// <summary>Writes every file of <see cref="Files"/> under <paramref name="dir"/> (created if missing), overwriting same-named files.</summary>
    /// <exception cref="ConfigException">A target is not <c>host:port</c>, there is no target, a threshold is out of range, or an interval or
    /// <c>…For</c> duration is not positive.</exception>
    public static IReadOnlyList<string> Write(string dir, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var contents = new Dictionary<string, string>
        {
            ["prometheus.yml"] = YamlWriter.Write(StackFiles.Prometheus(options)),
            ["rules/mlops.rules.yml"] = YamlWriter.Write(AlertRules.Build(options)),
            ["rules/mlops.rules.test.yml"] = YamlWriter.Write(RuleTests.Build(options)),
            ["alertmanager.yml"] = YamlWriter.Write(StackFiles.Alertmanager(options)),
            ["grafana/provisioning/datasources/prometheus.yml"] = YamlWriter.Write(StackFiles.GrafanaDatasource(options)),
            ["grafana/provisioning/dashboards/provider.yml"] = YamlWriter.Write(StackFiles.GrafanaDashboardProvider()),
            ["grafana/dashboards/mlops-golden-signals.json"] =
                GrafanaDashboard.Build(options).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
            ["docker-compose.yml"] = YamlWriter.Write(StackFiles.Compose()),
        };
        var written = new List<string>();
        foreach (var relative in Files)
        {
            var path = Path.Combine(dir, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, contents[relative], new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }
        return written;
    }

    internal static void Validate(MonitoringOptions o)
    {
        if (o.Targets.Count == 0) throw new ConfigException("No scrape target: give at least one model server as host:port.");
        foreach (var target in o.Targets.Append(o.PushgatewayTarget).Append(o.AlertmanagerTarget))
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(target.AsSpan(colon + 1), out var port) || port == 0 || target.Contains('/', StringComparison.Ordinal))
                throw new ConfigException($"Target '{target}' is not host:port (for example 127.0.0.1:5000).");
        }
        if (o.ErrorRatio is <= 0 or >= 1) throw new ConfigException($"ErrorRatio {o.ErrorRatio} must be between 0 and 1.");
        if (o.P99LatencySeconds <= 0) throw new ConfigException($"P99LatencySeconds {o.P99LatencySeconds} must be positive.");
        if (o.InFlightMax <= 0) throw new ConfigException($"InFlightMax {o.InFlightMax} must be positive.");
        if (o.PsiWatch <= 0 || o.PsiAlert <= o.PsiWatch) throw new ConfigException($"PSI thresholds must satisfy 0 < PsiWatch ({o.PsiWatch}) < PsiAlert ({o.PsiAlert}).");
        if (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ConfigException($"WebhookUrl '{o.WebhookUrl}' is not an http(s) URL.");
        foreach (var (name, value) in new (string, TimeSpan?)[]
        {
            (nameof(o.ScrapeInterval), o.ScrapeInterval), (nameof(o.EvaluationInterval), o.EvaluationInterval),
            (nameof(o.ErrorRatioFor), o.ErrorRatioFor), (nameof(o.LatencyFor), o.LatencyFor), (nameof(o.NoTrafficFor), o.NoTrafficFor),
            (nameof(o.SaturatedFor), o.SaturatedFor), (nameof(o.DownFor), o.DownFor), (nameof(o.DriftFor), o.DriftFor),
        })
        {
            if (value is { } d && (d <= TimeSpan.Zero || d.Ticks % TimeSpan.TicksPerMillisecond != 0))
                throw new ConfigException($"{name} must be a positive duration in whole milliseconds (got {d}).");
        }
    }
}
