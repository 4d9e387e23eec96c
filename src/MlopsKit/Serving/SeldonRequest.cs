using System.Text.Json;

namespace MlopsKit.Serving;

/// <summary>A parsed SeldonMessage: rows of named features, the representation the answer must use (<c>ndarray</c> or <c>tensor</c>) and the request's <c>meta</c>.</summary>
internal sealed record SeldonRequest(IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows, string Representation, JsonElement? Meta);
