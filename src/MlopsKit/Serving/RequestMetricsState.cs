namespace MlopsKit.Serving;

/// <summary>What the metrics middleware and the metered scorer share about the request in flight (through an <see cref="AsyncLocal{T}"/>).</summary>
internal sealed class RequestMetricsState(string protocol)
{
    private static readonly AsyncLocal<RequestMetricsState?> s_current = new();

    /// <summary>The state of the prediction request on this async flow, or null outside one.</summary>
    public static RequestMetricsState? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>The protocol label of the request.</summary>
    public string Protocol { get; } = protocol;

    /// <summary>Set when the scorer rejected the input against the signature, so a 4xx is counted with reason <c>schema</c>.</summary>
    public bool SchemaError { get; set; }
}
