using System.Reflection;

namespace MlopsKit.Models;

/// <summary>Saves ML.NET models as MLflow model directories and loads them back: the front door of <c>MlopsKit.Models</c>.</summary>
/// <remarks>
/// A saved directory holds <c>MLmodel</c> (MLflow's YAML, flavor <c>mlnet</c>), <c>model.zip</c> (ML.NET's own format, with
/// the input schema), <c>mlnet_schema.json</c> and, when an example is given, <c>input_example.json</c> and
/// <c>serving_input_example.json</c>. There is no <c>python_function</c> flavor because no Python loader exists: MLflow can
/// store, list and register these models, and MlopsKit serves them.
/// </remarks>
public static partial class MlflowModel
{
    /// <summary>The flavor name MlopsKit writes and requires.</summary>
    public const string FlavorName = "mlnet";

    /// <summary>The ML.NET model file inside the directory.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The MLflow version written as <c>mlflow_version</c>.</summary>
    /// <remarks>
    /// MLflow clients parse this field as a version (and only warn when it differs from their own), so it must be a real
    /// MLflow release, not MlopsKit's version. We write the MLflow release whose MLmodel format and REST API our compatibility
    /// spec (docs: specs/mlflow.md, "recent master, 3.x") was checked against: the newest 3.x release published when this
    /// was written. The format we write is also what 2.x writes, which 3.x reads.
    /// </remarks>
    public const string MlflowVersion = "3.12.0";

    /// <summary>The Microsoft.ML version that saves and loads models here (informational version without its commit suffix).</summary>
    public static string MlnetVersion { get; } = ReadMlnetVersion();

    /// <summary>The runtime written in the flavor, e.g. <c>net10.0</c>.</summary>
    public static string Runtime { get; } = $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    private static string ReadMlnetVersion()
    {
        var assembly = typeof(Microsoft.ML.MLContext).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
