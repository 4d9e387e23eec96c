namespace MlopsKit.Cli;

/// <summary>Writes the details of an unexpected error to a file, so users see one line and can still report the trace.</summary>
public static class CrashLog
{
    /// <summary>Writes the exception and returns the log path.</summary>
    public static string Write(Exception ex)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-crash-{Environment.ProcessId}.log");
        File.WriteAllText(path, ex.ToString());
        return path;
    }
}
