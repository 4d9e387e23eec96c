using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli;

/// <summary>Runs a parsed command line: parse errors exit 2, user errors print one line with their exit code, bugs go to a crash log.</summary>
public static class Runner
{
    /// <summary>Parses and invokes; the single place where errors become exit codes.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine($"Run '{string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? "mlops" : "mlops " + CommandPath(parsed))} --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>Sets a command's action, wrapping it with the error policy.</summary>
    public static void SetHandler(Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var verbose = parseResult.GetValue(GlobalOptions.Verbose);
            try
            {
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("error: interrupted.");
                return ExitCodes.Canceled;
            }
            catch (MlopsException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                if (verbose) Console.Error.WriteLine(ex);
                return ExitCodes.For(ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // File-system errors are usually the user's environment (permissions, disk full), not a bug.
                Console.Error.WriteLine($"error: {ex.Message}");
                if (verbose) Console.Error.WriteLine(ex);
                return 1;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"error: internal error ({ex.GetType().Name}: {ex.Message}); details in {CrashLog.Write(ex)}. Please report this.");
                if (verbose) Console.Error.WriteLine(ex);
                return ExitCodes.Internal;
            }
        });
    }

    /// <summary>Opens the repository around the current folder.</summary>
    public static Repo OpenRepo() => Repo.Open(Environment.CurrentDirectory);

    /// <summary>Turns command-line paths (relative to the current folder) into absolute ones.</summary>
    public static string[] FullPaths(string[]? targets) => (targets ?? []).Select(t => Path.GetFullPath(t)).ToArray();

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            if (r.Parent is not null) names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }
}
