namespace MlopsKit.Tests.Serving;

/// <summary>What the canned server answers.</summary>
public sealed record CannedResponse(int Status, string Body, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null);
