using System.Text.Json.Serialization;

namespace MlopsKit.Monitoring;

/// <summary>What <c>up</c> writes to <c>.run/&lt;component&gt;.json</c> beside the pid file: enough for <c>down</c> and <c>status</c> to check the process.</summary>
internal sealed record ComponentRecord(
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("binary")] string Binary,
    [property: JsonPropertyName("listen_argument")] string ListenArgument,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("log")] string Log);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ComponentRecord))]
internal sealed partial class MonitorJson : JsonSerializerContext;
