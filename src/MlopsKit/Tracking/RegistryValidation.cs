using System.Text.RegularExpressions;

namespace MlopsKit.Tracking;

/// <summary>MLflow's model-registry rules for names, aliases and stages (mlflow/utils/validation.py, mlflow/entities/model_registry).</summary>
internal static partial class RegistryValidation
{
    /// <summary>The stages a model version can be in, in MLflow's canonical spelling.</summary>
    public static readonly string[] Stages = ["None", "Staging", "Production", "Archived"];

    public static void ValidateModelName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidParameterException("registered model name must not be empty; pass a name such as --name iris.");
    }

    /// <summary>The canonical spelling of a stage, matched case-insensitively.</summary>
    public static string CanonicalStage(string stage) =>
        Stages.FirstOrDefault(s => s.Equals(stage?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidParameterException($"'{stage}' is not a model stage; use one of {string.Join(", ", Stages)}.");

    public static void ValidateVersion(long version)
    {
        if (version < 1) throw new InvalidParameterException($"model version '{version}' is not valid; versions are whole numbers from 1.");
    }

    public static void ValidateAlias(string alias)
    {
        if (string.IsNullOrEmpty(alias) || !AliasPattern().IsMatch(alias) || alias.Length > 255)
            throw new InvalidParameterException($"alias '{alias}' is not valid: use 1 to 255 letters, digits, '_' or '-'.");
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
            throw new InvalidParameterException("'latest' is reserved (models:/<name>/latest means the highest version) and cannot be an alias; pick another name.");
        if (ReservedVersionAlias().IsMatch(alias))
            throw new InvalidParameterException($"alias '{alias}' is reserved: v<number> names a version; pick another name.");
    }

    [GeneratedRegex(@"^[\w\-]*\z")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV]\d+\z")]
    private static partial Regex ReservedVersionAlias();
}
