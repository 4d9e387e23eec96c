namespace MlopsKit.Notebooks;

/// <summary>Settings of one <see cref="NotebookRunner.RunAsync"/> call; each maps to a flag of <c>mlops notebook run</c>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Where to write the executed notebook (.ipynb). Default: <c>&lt;name&gt;.executed.ipynb</c> beside the input.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Where to write a self-contained HTML report of the executed notebook. Default: none.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>Values for the parameters cell, as text (<c>-p name=value</c>): numbers and true/false stay literals, anything else becomes a string.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>Time the whole notebook may take. Default: 300 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Time one cell may take; a cell past it fails and the run stops. Default: 120 s.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The kernel's current directory (relative <c>#r</c> paths and file access). Default: the notebook's folder, as in VS Code and Jupyter.</summary>
    public string? WorkingDirectory { get; init; }
}
