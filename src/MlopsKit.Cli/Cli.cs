using System.CommandLine;
using MlopsKit.Cli.Commands;

namespace MlopsKit.Cli;

/// <summary>The <c>mlops</c> command tree as a library entry, for hosts that run command lines in-process (the notebook <c>#!mlops</c> kernel).</summary>
public static class Cli
{
    // Commands write to Console directly, and Console.Out/Error are process-wide: one captured command line at a time.
    private static readonly SemaphoreSlim s_consoleGate = new(1, 1);
    private static int s_capturing;

    /// <summary>True while <see cref="RunAsync"/> redirects the console, so progress is written as plain lines rather than a live bar.</summary>
    public static bool IsCapturing => Volatile.Read(ref s_capturing) != 0;

    /// <summary>Builds the root command with every subcommand, as the <c>mlops</c> tool has it.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("mlops: MLOps for .NET. Version data with DVC-compatible files ('mlops dvc ...'), track MLflow experiments and runs ('mlops experiments ...', 'mlops runs ...'), serve and monitor models ('mlops models serve', 'mlops monitor ...'), deploy them on Kubernetes ('mlops k8s manifests'), run notebooks and C# scripts headlessly ('mlops notebook run', 'mlops script run'); 'mlops tutorial' runs the whole walkthrough.");
        root.Options.Add(GlobalOptions.Quiet);
        root.Options.Add(GlobalOptions.Verbose);
        root.Subcommands.Add(DvcCommand.Create());
        root.Subcommands.Add(ExperimentsCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(MonitorCommand.Create());
        root.Subcommands.Add(K8sCommand.Create());
        root.Subcommands.Add(NotebookCommand.Create());
        root.Subcommands.Add(ScriptCommand.Create());
        root.Subcommands.Add(TutorialCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs one <c>mlops</c> command line with its console output captured into <paramref name="stdout"/> and
    /// <paramref name="stderr"/>; returns the exit code the tool would exit with (it never exits the process).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        await s_consoleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var (oldOut, oldError) = (Console.Out, Console.Error);
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Volatile.Write(ref s_capturing, 1);
            return await Runner.InvokeAsync(CreateRoot(), args, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref s_capturing, 0);
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            s_consoleGate.Release();
        }
    }
}
