using System.Globalization;
using MlopsKit.Yaml;
using static MlopsKit.Monitoring.YamlBuild;

namespace MlopsKit.Monitoring;

public static partial class LocalMonitor
{
    /// <summary>
    /// Writes <c>.run/prometheus.yml</c>: the user's prometheus.yml with the Alertmanager and Pushgateway addresses of this run
    /// and file paths made absolute (the copy lives one folder deeper). The user's file is never modified.
    /// </summary>
    private static string WriteRuntimeConfig(string root, int alertmanagerPort, int pushgatewayPort)
    {
        var source = Path.Combine(root, "prometheus.yml");
        YamlNode? parsed;
        try
        {
            parsed = YamlReader.Parse(File.ReadAllText(source));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"'{source}' is not valid YAML ({e.Message}); fix it or regenerate it with 'mlops monitor init --force'.", e);
        }
        if (parsed is not YamlMapping config)
            throw new ConfigException($"'{source}' is not a Prometheus configuration (expected a mapping at the top); regenerate it with 'mlops monitor init --force'.");

        if (config["rule_files"] is YamlSequence rules)
            config.Set("rule_files", new YamlSequence([.. rules.Items.Select(r => r is YamlScalar s ? S(Absolute(root, s.Value)) : r)]));

        var alerting = config["alerting"] as YamlMapping ?? new YamlMapping();
        alerting.Set("alertmanagers", Seq(Map(("static_configs", Seq(Map(("targets", Seq([Loopback(alertmanagerPort)]))))))));
        config.Set("alerting", alerting);

        var scrapes = config["scrape_configs"] as YamlSequence ?? new YamlSequence();
        var pushgateway = scrapes.Items.OfType<YamlMapping>().FirstOrDefault(j => j["job_name"] is YamlScalar { Value: "pushgateway" });
        if (pushgateway is null)
        {
            pushgateway = Map(("job_name", S("pushgateway")));
            scrapes.Items.Add(pushgateway);
        }
        // honor_labels keeps the pushed job/instance instead of renaming them exported_job/exported_instance (monitoring.md §1).
        pushgateway.Set("honor_labels", B(true));
        pushgateway.Set("static_configs", Seq(Map(("targets", Seq([Loopback(pushgatewayPort)])))));
        foreach (var job in scrapes.Items.OfType<YamlMapping>())
            if (job["file_sd_configs"] is YamlSequence sds)
                foreach (var sd in sds.Items.OfType<YamlMapping>())
                    if (sd["files"] is YamlSequence files)
                        sd.Set("files", new YamlSequence([.. files.Items.Select(f => f is YamlScalar s ? S(Absolute(root, s.Value)) : f)]));
        config.Set("scrape_configs", scrapes);

        var path = Path.Combine(root, RunFolder, "prometheus.yml");
        File.WriteAllText(path, YamlWriter.Write(config));
        return path;
    }

    private static string Loopback(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static string Absolute(string root, string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(root, path));
}
