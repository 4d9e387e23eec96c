namespace MlopsKit.Tracking;

/// <summary>A registered model of the model registry (MLflow's <c>RegisteredModel</c>): a name whose versions point at logged models.</summary>
/// <param name="Name">The model's name, unique in the registry.</param>
/// <param name="CreationTimestamp">When it was registered, in Unix milliseconds.</param>
/// <param name="LastUpdatedTimestamp">When it or one of its versions last changed, in Unix milliseconds.</param>
/// <param name="Description">Free text, "" when none.</param>
/// <param name="LatestVersions">The highest version in each stage that has one, ordered by version.</param>
/// <param name="Tags">Registered-model tags.</param>
/// <param name="Aliases">Alias → version number.</param>
public sealed record RegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, long> Aliases);
