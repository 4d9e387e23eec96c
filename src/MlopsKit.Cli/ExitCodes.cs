using MlopsKit.Data;

namespace MlopsKit.Cli;

/// <summary>The exit codes of <c>mlops</c>, one per error family (see STYLE.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>The command ran and found differences (status -q, diff -q).</summary>
    public const int Changed = 1;
    /// <summary>A notebook cell failed or timed out (<c>mlops notebook run</c>); the executed notebook is still written.</summary>
    public const int NotebookFailed = 1;
    /// <summary>A script threw, failed to compile or timed out (<c>mlops script run</c>).</summary>
    public const int ScriptFailed = 1;
    /// <summary>Bad command-line arguments.</summary>
    public const int Usage = 2;
    /// <summary>A file-system error outside MlopsKit's control (disk full, permissions), as sysexits' EX_IOERR.</summary>
    public const int IoError = 74;
    /// <summary>A bug in MlopsKit.</summary>
    public const int Internal = 70;
    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Canceled = 130;

    /// <summary>The exit code for a user-facing error.</summary>
    public static int For(MlopsException ex) => ex switch
    {
        ConfigException or MlopsKit.Tracking.InvalidParameterException or MlopsKit.Monitoring.PrometheusQueryException => 3,
        NotARepoException or NotFoundException => 4,
        ConflictException or RepoLockedException => 5,
        RemoteException => 6,
        IntegrityException => 7,
        _ => 1,
    };
}
