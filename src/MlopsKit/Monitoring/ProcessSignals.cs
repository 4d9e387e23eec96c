using System.Runtime.InteropServices;

namespace MlopsKit.Monitoring;

/// <summary>Linux process checks through /proc and <c>kill(2)</c>, for processes this program did not start in its own lifetime.</summary>
internal static class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>The argv of a live process, or null when it is gone or a zombie.</summary>
    public static string[]? CommandLine(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The state letter follows the ')' that closes the command name, which may itself contain ')'.
            var close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X') return null;
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Length == 0 ? null : raw.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid) => CommandLine(pid) is not null;

    /// <summary>True while the process exists and is not a zombie, whatever its argv says: a process in the middle of exec can show an empty cmdline.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void Send(int pid, int signal) => _ = NativeKill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable CA5392 // libc is a system library.
    private static extern int NativeKill(int pid, int signal);
#pragma warning restore CA5392
}
