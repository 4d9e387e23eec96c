using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using MlopsKit.Interactive.Commands;
using MlopsKit.Tracking;

namespace MlopsKit.Interactive;

/// <summary>
/// <c>#!track</c>: the rest of the cell runs inside a tracked run. The cell text is logged as <c>cell.cs</c>, the cell's return value
/// as metrics (see <see cref="ReturnedMetrics"/>), and the run ends after the cell, FINISHED or FAILED, with a summary card.
/// A failed cell shows no card: the hosts drop outputs published after a cell's failure, so the error is what the cell shows.
/// </summary>
internal static class TrackMagic
{
    public const string Name = "#!track";
    public const string CellArtifact = "cell.cs";

    // The store each open magic run writes to, so a nested run opens its own client on the same store: a run's client is
    // disposed when the run ends, and the enclosing run may end first.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActiveRun, string> s_trackingUris = [];

    public static void Register(Kernel kernel)
    {
        var track = new KernelActionDirective(Name, "Run this cell inside a tracked run; it ends when the cell does (FINISHED, or FAILED if the cell failed)")
        {
            Parameters =
            [
                new KernelDirectiveParameter("--experiment", "Experiment name (created on first use)") { Required = true }.AddCompletions(MagicCompletions.Experiments),
                new KernelDirectiveParameter("--name", "Run name (default: generated)"),
                new KernelDirectiveParameter("--metric", "Log a bare numeric return value of the cell under this metric name"),
                new KernelDirectiveParameter("--nested", "Start the run as a child of the run already open") { Flag = true },
                new KernelDirectiveParameter("--tracking-uri", "Tracking store (default: MLFLOW_TRACKING_URI, else sqlite:///mlflow.db)"),
                new KernelDirectiveParameter("--quiet", "Do not show the run card after the cell") { Flag = true },
            ],
        };
        kernel.AddDirective<TrackCommand>(track, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, () => StartAsync(cmd, ctx)));
    }

    private static async Task StartAsync(TrackCommand cmd, KernelInvocationContext ctx)
    {
        if (MagicErrors.Missing(ctx, cmd, cmd.Experiment, "#!track --experiment <name> [--name <run>]")) return;
        var open = Run.Tracked;
        if (open is not null && !cmd.Nested)
        {
            MagicErrors.Fail(ctx, cmd, $"run '{open.RunName}' ({open.RunId}) is still open; add --nested to start a child run in it.");
            return;
        }
        var parent = cmd.Nested ? open ?? Tracker.ActiveRun : null;
        if (cmd.Nested && parent is null)
        {
            MagicErrors.Fail(ctx, cmd, "--nested needs an open run to nest in; drop --nested to start a top-level run.");
            return;
        }

        var trackingUri = !string.IsNullOrWhiteSpace(cmd.TrackingUri) ? cmd.TrackingUri
            : parent is not null && s_trackingUris.TryGetValue(parent, out var parentUri) ? parentUri : null;
        var ownClient = trackingUri is null ? null : new TrackingClient(trackingUri);
        ActiveRun run;
        try
        {
            // The fluent tier takes the parent of a nested run from the ambient slot of this flow.
            if (parent is not null) Tracker.Activate(parent);
            run = await Tracker.StartRunAsync(cmd.Experiment, new StartRunOptions
            {
                RunName = string.IsNullOrWhiteSpace(cmd.Name) ? null : cmd.Name,
                Nested = cmd.Nested,
                Client = ownClient ?? parent?.Client,
            }, ctx.CancellationToken).ConfigureAwait(false);
            if (cmd.Parent is SubmitCode cell) await run.LogTextAsync(cell.Code, CellArtifact, ctx.CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ownClient?.Dispose();
            throw;
        }
        if (trackingUri is not null) s_trackingUris.AddOrUpdate(run, trackingUri);
        Run.Enter(run);
        Tracker.Activate(run);

        object? returned = null;
        CommandFailed? failure = null;
        var events = ctx.KernelEvents.Subscribe(e =>
        {
            if (e is ReturnValueProduced r) returned = r.Value;
            else if (e is CommandFailed f) failure ??= f;
        });
        // OnComplete fires after the rest of the cell ran (or failed). Its callback is synchronous, so the awaited
        // end of the run is waited for here, on the thread pool where no synchronization context can deadlock it.
        ctx.OnComplete(done =>
        {
            events.Dispose();
            Task.Run(() => EndAsync(run, ownClient, cmd, done, returned, failure)).GetAwaiter().GetResult();
        });
    }

    private static async Task EndAsync(ActiveRun run, TrackingClient? ownClient, TrackCommand cmd, KernelInvocationContext ctx, object? returned, CommandFailed? failure)
    {
        try
        {
            string? warning = null;
            if (failure is null)
            {
                try
                {
                    run.LogMetrics(ReturnedMetrics.From(returned, string.IsNullOrWhiteSpace(cmd.Metric) ? null : cmd.Metric));
                }
                catch (Exception e) when (e is MlopsException or ArgumentException)
                {
                    warning = $"the return value was not logged: {e.Message}";
                }
            }
            else
            {
                run.SetTag("mlopskit.failure", Truncate(failure.Message, 500));
            }
            Run.Leave(run);
            await run.EndAsync(failure is null ? RunStatus.FINISHED : RunStatus.FAILED).ConfigureAwait(false);
            if (cmd.Quiet) return;
            var stored = await run.Client.Store.GetRunAsync(run.RunId).ConfigureAwait(false);
            var experiment = await run.Client.Store.GetExperimentAsync(stored.Info.ExperimentId).ConfigureAwait(false);
            var html = RunHtml.Card(stored, experiment.Name);
            if (warning is not null) html += Html.Paragraph("warning: " + warning);
            ctx.DisplayAs(html, "text/html");
        }
        catch (Exception e) when (e is MlopsException or IOException or InvalidOperationException)
        {
            ctx.DisplayAs(Html.Paragraph($"error: ending run '{run.RunId}' failed: {e.Message}"), "text/html");
        }
        finally
        {
            Run.Leave(run);
            ownClient?.Dispose();
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
