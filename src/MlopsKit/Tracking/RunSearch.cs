namespace MlopsKit.Tracking;

/// <summary>Options for <see cref="ITrackingStore.SearchRunsAsync"/>, as in MLflow's runs/search.</summary>
public sealed record RunSearch
{
    /// <summary>Largest accepted <see cref="MaxResults"/>, as in MLflow.</summary>
    public const int MaxResultsLimit = 50_000;

    /// <summary>Experiments to search. Required.</summary>
    public required IReadOnlyList<string> ExperimentIds { get; init; }
    /// <summary>MLflow filter, e.g. <c>metrics.rmse &lt; 70 and params.alpha = '0.01'</c>. Default: none.</summary>
    public string? Filter { get; init; }
    /// <summary>Items like <c>metrics.rmse DESC</c>. Default: start_time DESC, then run_id.</summary>
    public IReadOnlyList<string> OrderBy { get; init; } = [];
    /// <summary>Runs per page. Default: 1000; at most 50,000.</summary>
    public int MaxResults { get; init; } = 1000;
    /// <summary>Which lifecycle stages to include. Default: active runs only, as in MLflow.</summary>
    public ViewType ViewType { get; init; } = ViewType.ActiveOnly;
    /// <summary>The <c>next_page_token</c> of the previous page. Default: first page.</summary>
    public string? PageToken { get; init; }
}
