using System.CommandLine;
using System.Globalization;
using MlopsKit.Monitoring;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops monitor push</c>: pushes gauges of a shell batch job to the Pushgateway.</summary>
public static class MonitorPushCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "The job name (the Pushgateway group's job label), e.g. nightly_etl." };
        job.Validators.Add(Runner.NonEmpty);
        var metrics = new Option<string[]>("--metric", "-m") { Description = "name=value; repeat for more (pushed as gauges).", Required = true };
        var labels = new Option<string[]>("--label", "-l") { Description = "Grouping label k=v; repeat for more." };
        var replace = new Option<bool>("--replace") { Description = "Replace the whole group (PUT) instead of only the same-named metrics (POST)." };
        var gateway = new Option<string?>("--pushgateway") { Description = $"Pushgateway URL (default: ${PushgatewayClient.UrlVariable}, else the stack 'mlops monitor up' runs in --dir, else http://127.0.0.1:9091)." };
        var dir = MonitorDownCommand.DirOption();
        var cmd = new Command("push", "Push metrics of a batch job to the Pushgateway.") { job, metrics, labels, replace, gateway, dir };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var families = new List<MetricFamily>();
            foreach (var m in p.GetValue(metrics) ?? [])
            {
                var (name, text) = Pair(m, "--metric", "name=value (for example rows=1200)");
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new ConfigException($"--metric {m}: '{text}' is not a number.");
                families.Add(MetricFamily.Gauge(name, value));
            }
            var grouping = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in p.GetValue(labels) ?? [])
            {
                var (k, v) = Pair(l, "--label", "k=v (for example model=iris)");
                if (!grouping.TryAdd(k, v)) throw new ConfigException($"--label {k} is given twice.");
            }
            var url = PushgatewayClient.ResolveUrl(p.GetValue(gateway))
                ?? LocalMonitor.RunningUrl(p.GetValue(dir)!, MonitorComponent.Pushgateway) ?? new Uri("http://127.0.0.1:9091");
            using var client = new PushgatewayClient(url);
            await client.PushAsync(p.GetValue(job)!, grouping, families, p.GetValue(replace), ct);
            if (!p.GetValue(GlobalOptions.Quiet))
                Console.WriteLine($"pushed {families.Count} metric{(families.Count == 1 ? "" : "s")} to {client.GroupUrl(p.GetValue(job)!, grouping)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static (string, string) Pair(string text, string option, string shape)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new ConfigException($"{option} '{text}' is not {shape}.");
        return (text[..eq], text[(eq + 1)..]);
    }
}
