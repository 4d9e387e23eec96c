using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using MlopsKit.Interactive.Commands;
using MlopsKit.Serving;

namespace MlopsKit.Interactive;

/// <summary><c>#!serve</c>: runs a <see cref="ModelServer"/> in the kernel process, in the background, until <c>#!serve --stop</c> or the kernel ends.</summary>
internal static class ServeMagic
{
    public const string Usage = "#!serve -m <model-uri> [--port 0] [--name <model>] [--tracking-uri <uri>] | #!serve --stop [--port <port>]";

    public static void Register(Kernel kernel, RunningServers servers)
    {
        var serve = new KernelActionDirective("#!serve", "Serve a model in the background (MLflow, Flask, Seldon v1, Open Inference routes and /metrics): " + Usage)
        {
            Parameters =
            [
                new KernelDirectiveParameter("-m", "Model URI: runs:/<run-id>/model, models:/<name>/<version>, or a model folder").AddCompletions(MagicCompletions.ModelUris),
                new KernelDirectiveParameter("--model", "Model URI (same as -m)").AddCompletions(MagicCompletions.ModelUris),
                new KernelDirectiveParameter("--port", "Port on 127.0.0.1 (default 0: any free port); with --stop, the server to stop") { TypeHint = "number" },
                new KernelDirectiveParameter("--name", "Model name the routes report (default: from the model)"),
                new KernelDirectiveParameter("--tracking-uri", "Tracking store for runs:/ and models:/ URIs (default: MLFLOW_TRACKING_URI, else sqlite:///mlflow.db)"),
                new KernelDirectiveParameter("--stop", "Stop the server on --port, or every server this kernel started") { Flag = true },
            ],
        };
        kernel.AddDirective<ServeCommand>(serve, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            if (cmd.Stop)
            {
                var stopped = await servers.StopAsync(cmd.Port is null or 0 ? null : cmd.Port).ConfigureAwait(false);
                ctx.DisplayAs(Html.Paragraph(stopped.Count == 0
                    ? cmd.Port is null or 0 ? "No server was running." : $"No server is running on port {cmd.Port}."
                    : "Stopped " + string.Join(", ", stopped.Select(u => u.ToString().TrimEnd('/'))) + "."), "text/html");
                return;
            }
            var model = string.IsNullOrWhiteSpace(cmd.M) ? cmd.Model : cmd.M;
            if (MagicErrors.Missing(ctx, cmd, model, Usage)) return;
            var server = await ModelServer.StartAsync(new ModelServerOptions
            {
                ModelUri = model!,
                Port = cmd.Port ?? 0,
                ModelName = string.IsNullOrWhiteSpace(cmd.Name) ? null : cmd.Name,
                TrackingUri = string.IsNullOrWhiteSpace(cmd.TrackingUri) ? null : cmd.TrackingUri,
            }, ctx.CancellationToken).ConfigureAwait(false);
            servers.Add(server);
            KernelInvocationContextExtensions.Display(ctx, server, "text/html");
        }));
    }
}
