using MlopsKit.Monitoring;

namespace MlopsKit.Interactive;

/// <summary>The result of the last <c>#!monitor query</c>, for cell code: <c>QueryResults.Last?.ToDataFrame()</c>.</summary>
public static class QueryResults
{
    private static PrometheusQueryResult? s_last;

    /// <summary>The last query's result (instant or range), or null before the first query.</summary>
    public static PrometheusQueryResult? Last
    {
        get => Volatile.Read(ref s_last);
        internal set => Volatile.Write(ref s_last, value);
    }
}
