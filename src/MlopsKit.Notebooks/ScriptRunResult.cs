namespace MlopsKit.Notebooks;

/// <summary>The outcome of a script run: whether it passed, the one-line error with the script line, and timings.</summary>
/// <param name="ScriptPath">The script that was run (full path).</param>
/// <param name="Files">Every file submitted, #load-ed files first, each once, in the order they ran.</param>
/// <param name="Error">One line saying what failed and where (<c>helpers.csx line 4: InvalidOperationException: ...</c>), or null.</param>
/// <param name="TimedOut">True when the script ran past its timeout and was stopped.</param>
/// <param name="KernelStartup">Time to create the kernel before the first submission.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record ScriptRunResult(
    string ScriptPath,
    IReadOnlyList<string> Files,
    string? Error,
    bool TimedOut,
    TimeSpan KernelStartup,
    TimeSpan Elapsed)
{
    /// <summary>True when every submission ran without an error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when a submission that ignored cancellation may still be running on a kernel thread (only after a timeout).</summary>
    public bool Abandoned { get; init; }
}
