namespace MlopsKit.Models;

/// <summary>Input rows that do not match a model's signature (MLflow's INVALID_PARAMETER_VALUE, HTTP 400 from a scoring server).</summary>
public sealed class ModelInputException(string message) : MlopsException(message)
{
    /// <summary>MLflow's error code for schema enforcement failures.</summary>
    public const string ErrorCode = "INVALID_PARAMETER_VALUE";
}
