using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor init</c>: writes prometheus.yml, alert rules with their tests, alertmanager.yml, Grafana provisioning and docker-compose.yml.</summary>
public static class MonitorInitCommand
{
    private static readonly MonitoringOptions s_defaults = new();

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var targets = new Option<string[]>("--target", "-t") { Description = $"Model server to scrape, host:port; repeat for more. Default: {string.Join(", ", s_defaults.Targets)}.", AllowMultipleArgumentsPerToken = false };
        var dir = new Option<string>("--dir", "-d") { Description = "Folder to write the stack into.", DefaultValueFactory = _ => "monitoring" };
        var force = new Option<bool>("--force", "-f") { Description = "Write into a folder that is not empty, overwriting same-named files." };
        var scrapeInterval = Duration("--scrape-interval", "Scrape and rule evaluation interval", s_defaults.ScrapeInterval);
        var evaluationInterval = Duration("--evaluation-interval", "Rule evaluation interval", s_defaults.ScrapeInterval, "the scrape interval");
        var errorRatioFor = Duration("--error-ratio-for", "How long the error ratio must stay high before ModelServerHighErrorRatio fires", s_defaults.ErrorRatioFor);
        var latencyFor = Duration("--latency-for", "How long p99 must stay high before ModelServerHighLatencyP99 fires", s_defaults.LatencyFor);
        var noTrafficFor = Duration("--no-traffic-for", "How long no requests may arrive before ModelServerNoTraffic fires", s_defaults.NoTrafficFor);
        var saturatedFor = Duration("--saturated-for", "How long requests in flight must stay high before ModelServerSaturated fires", s_defaults.SaturatedFor);
        var downFor = Duration("--down-for", "How long a target may fail scrapes before ModelServerDown fires", s_defaults.DownFor);
        var driftFor = Duration("--drift-for", "How long PSI must stay above a threshold before the drift alerts fire", s_defaults.DriftFor);
        var pushgateway = new Option<string?>("--pushgateway") { Description = $"Pushgateway to scrape, host:port. Default: {s_defaults.PushgatewayTarget}." };
        var alertmanager = new Option<string?>("--alertmanager") { Description = $"Alertmanager Prometheus sends alerts to, host:port. Default: {s_defaults.AlertmanagerTarget}." };
        var errorRatio = Number("--error-ratio", "Share of 5xx answers (0-1) above which ModelServerHighErrorRatio fires", s_defaults.ErrorRatio);
        var p99Latency = Number("--p99-latency", "p99 latency in seconds above which ModelServerHighLatencyP99 fires", s_defaults.P99LatencySeconds);
        var inFlightMax = new Option<int?>("--in-flight-max")
        {
            Description = $"Requests in flight above which ModelServerSaturated fires. Default: {s_defaults.InFlightMax}.",
            CustomParser = r => Runner.PositiveInt(r),
        };
        var psiWatch = Number("--psi-watch", "PSI above which ModelFeatureDriftWatch (info) fires", s_defaults.PsiWatch);
        var psiAlert = Number("--psi-alert", "PSI above which ModelFeatureDriftHigh (warning) fires", s_defaults.PsiAlert);
        var webhookUrl = new Option<string?>("--webhook-url") { Description = $"URL Alertmanager posts notifications to. Default: {s_defaults.WebhookUrl}." };
        var cmd = new Command("init", "Generate a Prometheus + Alertmanager + Pushgateway + Grafana stack for the model server.")
        {
            targets, dir, force, scrapeInterval, pushgateway, alertmanager, errorRatio, p99Latency, inFlightMax, psiWatch, psiAlert, webhookUrl,
            evaluationInterval, errorRatioFor, latencyFor, noTrafficFor, saturatedFor, downFor, driftFor,
        };
        Runner.SetHandler(cmd, (p, ct) =>
        {
            var folder = Path.GetFullPath(p.GetValue(dir)!);
            if (!p.GetValue(force) && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new ConflictException($"'{p.GetValue(dir)}' is not empty; pass --force to overwrite the generated files in it, or choose another --dir.");
            var options = new MonitoringOptions
            {
                Targets = p.GetValue(targets) is { Length: > 0 } given ? given : s_defaults.Targets,
                ScrapeInterval = p.GetValue(scrapeInterval) ?? s_defaults.ScrapeInterval,
                PushgatewayTarget = p.GetValue(pushgateway) ?? s_defaults.PushgatewayTarget,
                AlertmanagerTarget = p.GetValue(alertmanager) ?? s_defaults.AlertmanagerTarget,
                ErrorRatio = p.GetValue(errorRatio) ?? s_defaults.ErrorRatio,
                P99LatencySeconds = p.GetValue(p99Latency) ?? s_defaults.P99LatencySeconds,
                InFlightMax = p.GetValue(inFlightMax) ?? s_defaults.InFlightMax,
                EvaluationInterval = p.GetValue(evaluationInterval),
                ErrorRatioFor = p.GetValue(errorRatioFor) ?? s_defaults.ErrorRatioFor,
                LatencyFor = p.GetValue(latencyFor) ?? s_defaults.LatencyFor,
                NoTrafficFor = p.GetValue(noTrafficFor) ?? s_defaults.NoTrafficFor,
                SaturatedFor = p.GetValue(saturatedFor) ?? s_defaults.SaturatedFor,
                DownFor = p.GetValue(downFor) ?? s_defaults.DownFor,
                DriftFor = p.GetValue(driftFor) ?? s_defaults.DriftFor,
                PsiWatch = p.GetValue(psiWatch) ?? s_defaults.PsiWatch,
                PsiAlert = p.GetValue(psiAlert) ?? s_defaults.PsiAlert,
                WebhookUrl = p.GetValue(webhookUrl) ?? s_defaults.WebhookUrl,
            };
            var written = MonitoringStack.Write(folder, options);
            if (!p.GetValue(GlobalOptions.Quiet))
            {
                foreach (var file in written) Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, file)}");
                Console.WriteLine($"Check the rules with: promtool test rules {Path.Combine(p.GetValue(dir)!, "rules", "mlops.rules.test.yml")}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return cmd;
    }

    private static Option<TimeSpan?> Duration(string name, string what, TimeSpan defaultValue, string? defaultText = null) => new(name)
    {
        Description = $"{what}, as a Prometheus duration (15s, 1m, 1h30m). Default: {defaultText ?? PrometheusDuration.Format(defaultValue)}.",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (PrometheusDuration.TryParse(text, out var value)) return value;
            r.AddError($"{name} must be a Prometheus duration such as 15s, 1m or 1h30m (units ms, s, m, h, d, w, y, largest first), not '{text}'");
            return null;
        },
    };

    private static Option<double?> Number(string name, string what, double defaultValue) => new(name)
    {
        Description = $"{what}. Default: {defaultValue.ToString(CultureInfo.InvariantCulture)}.",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
            r.AddError($"{name} must be a number such as {defaultValue.ToString(CultureInfo.InvariantCulture)} (with '.' as the decimal point), not '{text}'");
            return null;
        },
    };
}
