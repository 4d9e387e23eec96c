namespace MlopsKit.Models;

/// <summary>One category of a categorical feature and how many training rows held it.</summary>
/// <param name="Value">The category (booleans as <c>true</c>/<c>false</c>).</param>
/// <param name="Count">Training rows with this value.</param>
public sealed record CategoryCount(string Value, long Count);
