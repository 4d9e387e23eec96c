namespace MlopsKit.Tracking;

/// <summary>A dataset a run used, with input tags such as <c>mlflow.data.context</c> (training, eval).</summary>
public sealed record DatasetInput(TrackedDataset Dataset, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The input tag MLflow uses for a dataset's role in a run.</summary>
    public const string ContextTag = "mlflow.data.context";

    /// <summary>The dataset's role (<c>training</c>, <c>eval</c>...), or null.</summary>
    public string? Context => Tags.GetValueOrDefault(ContextTag);
}
