namespace MlopsKit.Serving;

/// <summary>Scores rows of named input values; every protocol route calls one of these. Implementations are thread-safe.</summary>
public interface IModelScorer
{
    /// <summary>
    /// Predicts one output row per input row. Values may be CLR values or raw <see cref="System.Text.Json.JsonElement"/>s (read as the
    /// signature's type). Bad input throws <see cref="Models.ModelInputException"/> with a message naming the column.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows);
}
