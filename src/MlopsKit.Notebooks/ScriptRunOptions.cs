namespace MlopsKit.Notebooks;

/// <summary>Settings of one <see cref="ScriptRunner.RunAsync"/> call; each maps to a part of <c>mlops script run</c>.</summary>
public sealed record ScriptRunOptions
{
    /// <summary>The script's arguments, visible to it as <c>Args</c> (an <c>IList&lt;string&gt;</c>, as in dotnet-script). Default: none.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Time the whole script may take, package restore included. Default: 300 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Where the script's standard output goes, as it is written. Default: the process's standard output.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Where the script's standard error goes, as it is written. Default: the process's standard error.</summary>
    public TextWriter? Error { get; init; }
}
