namespace MlopsKit.Serving;

/// <summary>A request body that does not follow a serving protocol's shape (answered with HTTP 400, never 500).</summary>
internal sealed class ProtocolInputException(string message) : MlopsException(message);
