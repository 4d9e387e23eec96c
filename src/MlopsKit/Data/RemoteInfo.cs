namespace MlopsKit.Data;

/// <summary>A configured remote: its name, URL as written, and whether it is the default.</summary>
public sealed record RemoteInfo(string Name, string Url, bool IsDefault);
