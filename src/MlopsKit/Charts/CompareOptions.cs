namespace MlopsKit.Charts;

/// <summary>Options for <see cref="RunComparison.LoadAsync"/> and <see cref="RunComparison.WriteAsync"/> (<c>mlops runs compare</c>).</summary>
public sealed record CompareOptions
{
    /// <summary>The metric to compare. Required.</summary>
    public required string Metric { get; init; }
    /// <summary>Params to plot the metric against. Default: none (bars and history only).</summary>
    public IReadOnlyList<string> Params { get; init; } = [];
    /// <summary>These runs, by id. Default: the runs the search (<see cref="Filter"/>, experiment) finds.</summary>
    public IReadOnlyList<string> RunIds { get; init; } = [];
    /// <summary>MLflow filter, e.g. <c>params.alpha &lt; 0.5</c>; not with <see cref="RunIds"/>. Default: all active runs.</summary>
    public string? Filter { get; init; }
    /// <summary>Experiment to search, by name; not with <see cref="ExperimentId"/>. Default: the Default experiment ("0").</summary>
    public string? ExperimentName { get; init; }
    /// <summary>Experiment to search, by id. Default: the Default experiment ("0").</summary>
    public string? ExperimentId { get; init; }
    /// <summary>Where to write the HTML page. Default: <c>runs-compare.html</c> when <see cref="PngPath"/> is not set either.</summary>
    public string? HtmlPath { get; init; }
    /// <summary>Where to write a PNG screenshot of the page (needs headless Chromium). Default: none.</summary>
    public string? PngPath { get; init; }
    /// <summary>PNG width in pixels. Default: 1500, two charts side by side.</summary>
    public int PngWidth { get; init; } = 1500;
    /// <summary>PNG height in pixels. Default: tall enough for every chart.</summary>
    public int? PngHeight { get; init; }
}
