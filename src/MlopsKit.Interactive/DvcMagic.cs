using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using MlopsKit.Data;
using MlopsKit.Interactive.Commands;

namespace MlopsKit.Interactive;

/// <summary><c>#!dvc init|add|status|push|pull|checkout|log</c> over <see cref="Repo"/>, in the repository around the kernel's current directory.</summary>
internal static class DvcMagic
{
    public const string Usage = "#!dvc init [--no-scm] [--force] | add <path> | status | push [--remote name] | pull [--remote name] | checkout [--rev rev] | log <path>";

    public static void Register(Kernel kernel)
    {
        var init = new KernelActionDirective("init", "Create .dvc/ in the current directory")
        {
            Parameters =
            [
                new KernelDirectiveParameter("--no-scm", "Allow a folder that is not a git repository") { Flag = true },
                new KernelDirectiveParameter("--force", "Re-create an existing .dvc folder") { Flag = true },
            ],
        };
        var add = new KernelActionDirective("add", "Track a file or folder: write <path>.dvc and fill the cache")
        {
            Parameters = [new KernelDirectiveParameter("--path", "File or folder, relative to the current directory") { AllowImplicitName = true, Required = true }.AddCompletions(MagicCompletions.WorkspacePaths)],
        };
        var status = new KernelActionDirective("status", "Show tracked data that changed");
        var push = new KernelActionDirective("push", "Upload cached data to a remote") { Parameters = [RemoteParameter()] };
        var pull = new KernelActionDirective("pull", "Download data from a remote and check it out") { Parameters = [RemoteParameter()] };
        var checkout = new KernelActionDirective("checkout", "Make workspace data match the .dvc files")
        {
            Parameters = [new KernelDirectiveParameter("--rev", "Check out the data recorded at this git revision")],
        };
        var log = new KernelActionDirective("log", "List the versions of a tracked output in git history")
        {
            Parameters = [new KernelDirectiveParameter("--path", "The tracked output") { AllowImplicitName = true, Required = true }.AddCompletions(MagicCompletions.TrackedOutputs)],
        };
        var dvc = new KernelActionDirective("#!dvc", "Data versioning (DVC-compatible): " + Usage)
        {
            Subcommands = [init, add, status, push, pull, checkout, log],
        };

        // The parent's handler runs for a bare '#!dvc' and for an unknown subcommand.
        kernel.AddDirective(dvc, (command, context) =>
        {
            MagicErrors.Fail(context, command, "usage: " + Usage);
            return Task.CompletedTask;
        });
        kernel.AddDirective<DvcInitCommand>(init, MagicErrors.Checked<DvcInitCommand>(init, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, () =>
        {
            using var repo = Repo.Init(Environment.CurrentDirectory, new InitOptions { NoScm = cmd.NoScm, Force = cmd.Force });
            ctx.DisplayAs(Html.Paragraph($"Initialized DVC repository in {repo.Root}."), "text/html");
            return Task.CompletedTask;
        })));
        kernel.AddDirective<DvcAddCommand>(add, MagicErrors.Checked<DvcAddCommand>(add, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            if (MagicErrors.Missing(ctx, cmd, cmd.Path, "#!dvc add <path> (quote a path with spaces; one path per line in a #!mlops cell for several)")) return;
            using var repo = OpenRepo();
            var result = await repo.AddAsync([Path.GetFullPath(cmd.Path!)], cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            ctx.DisplayAs(DataHtml.Added(result), "text/html");
        })));
        kernel.AddDirective<DvcStatusCommand>(status, MagicErrors.Checked<DvcStatusCommand>(status, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            using var repo = OpenRepo();
            var result = await repo.StatusAsync(cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            KernelInvocationContextExtensions.Display(ctx, result, "text/html");
        })));
        kernel.AddDirective<DvcPushCommand>(push, MagicErrors.Checked<DvcPushCommand>(push, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            using var repo = OpenRepo();
            var result = await repo.PushAsync(null, new PushOptions { Remote = Blank(cmd.Remote) }, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            ShowTransfer(ctx, cmd, "push", result);
        })));
        kernel.AddDirective<DvcPullCommand>(pull, MagicErrors.Checked<DvcPullCommand>(pull, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            using var repo = OpenRepo();
            var result = await repo.PullAsync(null, new FetchOptions { Remote = Blank(cmd.Remote) }, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            ShowTransfer(ctx, cmd, "pull", result);
        })));
        kernel.AddDirective<DvcCheckoutCommand>(checkout, MagicErrors.Checked<DvcCheckoutCommand>(checkout, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, async () =>
        {
            using var repo = OpenRepo();
            var result = await repo.CheckoutAsync(null, new CheckoutOptions { Rev = Blank(cmd.Rev) }, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            ctx.DisplayAs(DataHtml.Checkout(result), "text/html");
            if (result.Failed.Count > 0)
                MagicErrors.Fail(ctx, cmd, $"checkout failed for {string.Join(", ", result.Failed)}: data is missing from the cache or corrupt. Run '#!dvc pull' to get it from the remote.");
        })));
        kernel.AddDirective<DvcLogCommand>(log, MagicErrors.Checked<DvcLogCommand>(log, Usage, (cmd, ctx) => MagicErrors.GuardAsync(ctx, cmd, () =>
        {
            if (MagicErrors.Missing(ctx, cmd, cmd.Path, "#!dvc log <path>")) return Task.CompletedTask;
            using var repo = OpenRepo();
            ctx.DisplayAs(DataHtml.Log(repo.Log(Path.GetFullPath(cmd.Path!))), "text/html");
            return Task.CompletedTask;
        })));
    }

    private static KernelDirectiveParameter RemoteParameter() =>
        new KernelDirectiveParameter("--remote", "Remote name (default: the configured default remote)").AddCompletions(MagicCompletions.Remotes);

    private static Repo OpenRepo() => Repo.Open(Environment.CurrentDirectory);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static void ShowTransfer(KernelInvocationContext ctx, KernelCommand cmd, string verb, TransferResult result)
    {
        ctx.DisplayAs(DataHtml.Transfer(verb, result), "text/html");
        if (result.Failed.Count + result.Missing.Count > 0)
            MagicErrors.Fail(ctx, cmd, $"{verb} incomplete: {result.Missing.Count} object(s) missing, {result.Failed.Count} failed ({string.Join(", ", result.Missing.Concat(result.Failed).Take(5))}).");
    }
}
