using System.CommandLine;

namespace MlopsKit.Cli;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    /// <summary><c>-q</c>: print nothing but errors.</summary>
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only errors.", Recursive = true };

    /// <summary><c>-v</c>: print details, and stack traces on errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Print details, including stack traces on errors.", Recursive = true };
}
