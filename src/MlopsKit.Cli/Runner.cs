using System.CommandLine;
using MlopsKit.Data;

namespace MlopsKit.Cli;

/// <summary>Runs a parsed command line: parse errors exit 2, user errors print one line with their exit code, bugs go to a crash log.</summary>
public static class Runner
{
    /// <summary>Parses and invokes; the single place where errors become exit codes.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, CancellationToken cancellationToken = default)
    {
        var parsed = root.Parse(args);
        var errors = parsed.Errors.Select(e => e.Message).Concat(UnknownOptions(parsed)).Distinct().ToList();
        if (errors.Count > 0)
        {
            // One line, as for every other error: what is wrong, then where the usage is.
            var help = parsed.CommandResult.Command.Name == root.Name ? "mlops" : "mlops " + CommandPath(parsed);
            Console.Error.WriteLine($"error: {string.Join(" ", errors.Select(e => e.TrimEnd('.') + "."))} Run '{help} --help' for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A validator for path arguments: an empty string is a usage error, not a path.</summary>
    public static void NonEmpty(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Any(t => t.Value.Length == 0 || t.Value.Trim().Length == 0))
            result.AddError($"'{result.Argument.Name}' cannot be an empty string.");
    }

    /// <summary>Parses a positive whole number (<c>--jobs</c>, <c>--max-count</c>), with an error that names the option instead of a .NET type.</summary>
    public static int? PositiveInt(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, out var n) && n > 0) return n;
        var name = result.Parent is System.CommandLine.Parsing.OptionResult o ? o.Option.Name : result.Argument.Name;
        result.AddError($"{name} must be a positive whole number, not '{text}'.");
        return null;
    }

    /// <summary>
    /// Tokens that look like options but that the parser took as argument values ('mlops dvc add --bogus x').
    /// After '--' everything is a value, so files named '-x' can still be given.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parsed)
    {
        foreach (var token in parsed.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash) yield break;
            if (token.Type == System.CommandLine.Parsing.TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !double.TryParse(token.Value, out _))
                yield return $"unknown option '{token.Value}' (to pass a path that starts with '-', put '--' before it)";
        }
    }

    /// <summary>Sets a command's action, wrapping it with the error policy.</summary>
    public static void SetHandler(Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var verbose = parseResult.GetValue(GlobalOptions.Verbose);
            try
            {
                try
                {
                    return await action(parseResult, cancellationToken).ConfigureAwait(false);
                }
                catch (AggregateException ex) when (ex.Flatten().InnerExceptions.Count > 0)
                {
                    // Parallel loops wrap what a worker threw; the first inner error is the one to report.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.Flatten().InnerExceptions[0]).Throw();
                    throw;
                }
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
                Console.Error.WriteLine($"error: {ex.Message.TrimEnd('.')}. Check free space and permissions, then run the command again (it resumes where it stopped).");
                if (verbose) Console.Error.WriteLine(ex);
                return ExitCodes.IoError;
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
