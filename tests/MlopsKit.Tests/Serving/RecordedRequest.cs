namespace MlopsKit.Tests.Serving;

/// <summary>What the canned server received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? ContentType, string Body);
