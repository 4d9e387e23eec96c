namespace MlopsKit.Monitoring;

/// <summary>The <c># TYPE</c> of a pushed metric family.</summary>
public enum MetricKind
{
    /// <summary>A value that goes up and down (the usual choice for batch results).</summary>
    Gauge,
    /// <summary>A value that only grows.</summary>
    Counter,
    /// <summary>No type given.</summary>
    Untyped,
}
