namespace MlopsKit.Serving;

/// <summary>Options for <see cref="ModelServer.StartAsync"/> and <c>mlops models serve</c>.</summary>
public sealed record ModelServerOptions
{
    /// <summary>The model: <c>runs:/&lt;run_id&gt;/model</c>, a model directory path or a <c>file://</c> URI. Required.</summary>
    public required string ModelUri { get; init; }
    /// <summary>Address to bind. Default: 127.0.0.1 (loopback only).</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port to bind; 0 picks a free one (read it back from <see cref="ModelServer.BaseAddress"/>). Default: 5000, as <c>mlflow models serve</c>.</summary>
    public int Port { get; init; } = 5000;
    /// <summary>Tracking store for <c>runs:/</c> URIs and lineage. Default: <c>MLFLOW_TRACKING_URI</c>, else <c>sqlite:///mlflow.db</c>.</summary>
    public string? TrackingUri { get; init; }
    /// <summary>Name the protocols report (<c>/v2/models/{name}</c>, metrics). Default: the registered name of a <c>models:/</c> URI, else the MLmodel's <c>metadata.model_name</c>, else <c>model</c>.</summary>
    public string? ModelName { get; init; }
    /// <summary>Version the protocols report. Default: the registry version a <c>models:/</c> URI picks, else <c>1</c>.</summary>
    public string? ModelVersion { get; init; }
    /// <summary>Largest request body accepted; larger ones get 413. Default: 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16L << 20;
    /// <summary>Prediction workers (pooled prediction engines). Default: the processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
    /// <summary>Served values per feature kept for the drift gauges <c>model_feature_psi</c> and <c>model_feature_ks_statistic</c> (the last N). Default: 1000.</summary>
    public int DriftWindowRows { get; init; } = 1000;
    /// <summary>Values the drift window must hold before PSI and KS are published (fewer give mostly sampling noise: with 10 bins the PSI of
    /// n undrifted rows is about 9/n). At most <see cref="DriftWindowRows"/>. Default: 100.</summary>
    public int DriftMinRows { get; init; } = 100;
}
