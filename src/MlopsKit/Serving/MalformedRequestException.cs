namespace MlopsKit.Serving;

/// <summary>A request body whose shape is wrong before any schema applies (MLflow's BAD_REQUEST): bad JSON or CSV, a missing format key, ragged rows, no rows.</summary>
internal sealed class MalformedRequestException(string message) : MlopsException(message);
