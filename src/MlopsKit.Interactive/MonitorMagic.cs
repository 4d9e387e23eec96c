using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using MlopsKit.Interactive.Commands;
using MlopsKit.Monitoring;

namespace MlopsKit.Interactive;

/// <summary><c>#!monitor up|down|status|query</c> over <see cref="LocalMonitor"/> and <see cref="PrometheusClient"/>.</summary>
internal static class MonitorMagic
{
    public const string Usage = "#!monitor up [--dir d] | down [--dir d] | status [--dir d] | query <promql> [--range 15m] [--step 15s] [--prometheus url] [--dir d]";
    private const string DefaultDir = "monitoring";

    public static void Register(Kernel kernel)
    {
        var up = new KernelActionDirective("up", "Start Prometheus, Alertmanager and the Pushgateway of --dir (generated first if missing)") { Parameters = [DirParameter()] };
        var down = new KernelActionDirective("down", "Stop the processes '#!monitor up' started") { Parameters = [DirParameter()] };
        var status = new KernelActionDirective("status", "Show the state of the local stack") { Parameters = [DirParameter()] };
        var query = new KernelActionDirective("query", "Run a PromQL query: a table per series, or per point with --range")
        {
            Parameters =
            [
                new KernelDirectiveParameter("--promql", "The PromQL expression (quote it when it has spaces)") { AllowImplicitName = true, Required = true },
                new KernelDirectiveParameter("--range", "Query this much history up to now (e.g. 15m, 1h)"),
                new KernelDirectiveParameter("--step", "Resolution of a range query (default 15s)"),
                new KernelDirectiveParameter("--prometheus", "Prometheus URL (default: the one '#!monitor up' started in --dir, else http://127.0.0.1:9090)"),
                DirParameter(),
            ],
        };
        var monitor = new KernelActionDirective("#!monitor", "Local monitoring stack and PromQL: " + Usage) { Subcommands = [up, down, status, query] };

        kernel.AddDirective(monitor, (command, context) =>
        {
            MagicErrors.Fail(context, command, "usage: " + Usage);
            return Task.CompletedTask;
        });
        kernel.AddDirective<MonitorUpCommand>(up, MagicErrors.Checked<MonitorUpCommand>(up, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            var result = await LocalMonitor.UpAsync(Dir(cmd.Dir), cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            var note = result.AlreadyRunning ? "The stack is already running; nothing started." : $"Started and ready in {result.Elapsed.TotalSeconds:0.0} s.";
            ctx.DisplayAs(Html.Paragraph(note) + MonitoringHtml.Components(result.Components), "text/html");
        })));
        kernel.AddDirective<MonitorDownCommand>(down, MagicErrors.Checked<MonitorDownCommand>(down, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            var stopped = await LocalMonitor.DownAsync(Dir(cmd.Dir)).ConfigureAwait(false);
            ctx.DisplayAs(Html.Paragraph(stopped.Count == 0 ? "Nothing was running." : "Stopped " + string.Join(", ", stopped.Select(LocalMonitor.NameOf)) + "."), "text/html");
        })));
        kernel.AddDirective<MonitorStatusCommand>(status, MagicErrors.Checked<MonitorStatusCommand>(status, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            var components = await LocalMonitor.StatusAsync(Dir(cmd.Dir), ctx.CancellationToken).ConfigureAwait(false);
            ctx.DisplayAs(MonitoringHtml.Components(components), "text/html");
        })));
        kernel.AddDirective<MonitorQueryCommand>(query, MagicErrors.Checked<MonitorQueryCommand>(query, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            if (MagicErrors.Missing(ctx, cmd, cmd.Promql, "#!monitor query \"<promql>\" [--range 15m]")) return;
            using var client = new PrometheusClient(PrometheusUrl(cmd));
            PrometheusQueryResult result;
            if (!string.IsNullOrWhiteSpace(cmd.Range))
            {
                var span = PrometheusClient.ParseDuration(cmd.Range);
                var step = PrometheusClient.ParseDuration(string.IsNullOrWhiteSpace(cmd.Step) ? "15s" : cmd.Step);
                var end = TimeProvider.System.GetUtcNow();
                result = await client.QueryRangeAsync(cmd.Promql!, end - span, end, step, ctx.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await client.QueryAsync(cmd.Promql!, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            }
            QueryResults.Last = result;
            KernelInvocationContextExtensions.Display(ctx, result, "text/html");
        })));
    }

    private static KernelDirectiveParameter DirParameter() => new("--dir", "The stack folder ('mlops monitor init' output; default: monitoring)");

    private static string Dir(string? dir) => Path.GetFullPath(string.IsNullOrWhiteSpace(dir) ? DefaultDir : dir);

    private static Uri PrometheusUrl(MonitorQueryCommand cmd)
    {
        if (!string.IsNullOrWhiteSpace(cmd.Prometheus))
            return Uri.TryCreate(cmd.Prometheus, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
                ? u : throw new ConfigException($"--prometheus '{cmd.Prometheus}' is not an http(s) URL (for example http://127.0.0.1:9090).");
        return LocalMonitor.RunningUrl(Dir(cmd.Dir), MonitorComponent.Prometheus) ?? new Uri("http://127.0.0.1:9090");
    }
}
