using System.Diagnostics;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// An <see cref="IModelScorer"/> that records what passes through it in <see cref="ServingMetrics"/>: inference time, rows scored,
/// batch size, predicted classes and input feature statistics. <see cref="ServedModel.Scorer"/> is one, so every route is measured.
/// </summary>
/// <remarks>Input rejected by the signature (<see cref="ModelInputException"/>) is not counted as predictions; it marks the request so
/// the metrics middleware counts its 4xx with reason <c>schema</c>.</remarks>
public sealed class MeteredScorer(IModelScorer inner, ServingMetrics metrics) : IModelScorer
{
    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var start = Stopwatch.GetTimestamp();
        IReadOnlyList<IReadOnlyDictionary<string, object?>> outputs;
        try
        {
            outputs = inner.Predict(rows);
        }
        catch (ModelInputException)
        {
            if (RequestMetricsState.Current is { } state) state.SchemaError = true;
            throw;
        }
        if (rows.Count > 0) metrics.Scored(rows, outputs, Stopwatch.GetElapsedTime(start).TotalSeconds);
        return outputs;
    }
}
