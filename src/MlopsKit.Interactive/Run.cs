using MlopsKit.Tracking;

namespace MlopsKit.Interactive;

/// <summary>The run a <c>#!track</c> cell is running in, for the cell's own code: <c>MlopsKit.Interactive.Run.Current.LogMetric("rmse", 0.3)</c>.</summary>
public static class Run
{
    // A process-wide slot, not an AsyncLocal: the directive handler and the cell's code run on different async flows.
    private static ActiveRun? s_current;

    /// <summary>
    /// The run of the <c>#!track</c> cell being executed, else <see cref="Tracker.ActiveRun"/>; throws
    /// <see cref="InvalidOperationException"/> with a hint when there is neither.
    /// </summary>
    public static ActiveRun Current => Volatile.Read(ref s_current) ?? Tracker.ActiveRun
        ?? throw new InvalidOperationException("no tracked run: start the cell with '#!track --experiment <name>', or start one with Tracker.StartRunAsync.");

    /// <summary>True while a <c>#!track</c> run (or a fluent <see cref="Tracker"/> run on this flow) is open.</summary>
    public static bool IsActive => Volatile.Read(ref s_current) is not null || Tracker.ActiveRun is not null;

    /// <summary>The open <c>#!track</c> run only (not the fluent tier's), or null.</summary>
    internal static ActiveRun? Tracked => Volatile.Read(ref s_current);

    internal static void Enter(ActiveRun run) => Volatile.Write(ref s_current, run);

    /// <summary>Goes back to the enclosing run (or none) if <paramref name="run"/> is still the current one.</summary>
    internal static void Leave(ActiveRun run) => Interlocked.CompareExchange(ref s_current, run.Parent is { IsEnded: false } p ? p : null, run);
}
