using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>Scores through <see cref="LoadedModel.Predict"/>: one ML.NET <c>Transform</c> per request.</summary>
public sealed class LoadedModelScorer(LoadedModel model) : IModelScorer
{
    /// <inheritdoc/>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => model.Predict(rows);
}
