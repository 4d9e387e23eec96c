namespace MlopsKit.Tracking;

/// <summary>One version of a registered model (MLflow's <c>ModelVersion</c>); MLflow's JSON carries <see cref="Version"/> as a string.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">Per-model counter from 1.</param>
/// <param name="CreationTimestamp">When it was created, in Unix milliseconds.</param>
/// <param name="LastUpdatedTimestamp">When it last changed, in Unix milliseconds.</param>
/// <param name="UserId">Who created it, "" when unknown.</param>
/// <param name="CurrentStage"><c>None</c>, <c>Staging</c>, <c>Production</c> or <c>Archived</c>.</param>
/// <param name="Description">Free text, "" when none.</param>
/// <param name="Source">Where the model lives: <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c> or a local model directory.</param>
/// <param name="RunId">The run that logged it, "" when none.</param>
/// <param name="Status"><c>READY</c> (registration is synchronous here), or what an imported database says.</param>
/// <param name="StatusMessage">Detail for <see cref="Status"/>, "" when none.</param>
/// <param name="RunLink">A link to the run, "" when none.</param>
/// <param name="Tags">Model-version tags.</param>
/// <param name="Aliases">The aliases that point at this version, sorted.</param>
public sealed record ModelVersion(
    string Name,
    long Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string UserId,
    string CurrentStage,
    string Description,
    string Source,
    string RunId,
    string Status,
    string StatusMessage,
    string RunLink,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases);
