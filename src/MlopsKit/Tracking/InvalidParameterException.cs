namespace MlopsKit.Tracking;

/// <summary>A key, value or batch that MLflow would refuse (its error code INVALID_PARAMETER_VALUE, HTTP 400).</summary>
public sealed class InvalidParameterException(string message) : MlopsException(message)
{
    /// <summary>MLflow's error code for this error.</summary>
    public const string ErrorCode = "INVALID_PARAMETER_VALUE";
}
