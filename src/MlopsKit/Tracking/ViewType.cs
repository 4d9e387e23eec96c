namespace MlopsKit.Tracking;

/// <summary>Which lifecycle stages a search includes, as MLflow's <c>run_view_type</c>.</summary>
public enum ViewType
{
    /// <summary>Only active runs or experiments (MLflow's default).</summary>
    ActiveOnly,
    /// <summary>Only deleted ones.</summary>
    DeletedOnly,
    /// <summary>Both.</summary>
    All,
}
