namespace MlopsKit.Serving;

/// <summary>
/// One model input as the protocols see it: its name, MLflow type (<c>float</c>, <c>string</c>, <c>array</c>...), whether a row holds a
/// list for it, and whether it is required.
/// </summary>
internal sealed record InputColumn(string Name, string Type, bool IsVector = false, bool Required = true)
{
    /// <summary>True for float, double, integer and long columns.</summary>
    public bool IsNumeric => Type is "float" or "double" or "integer" or "long";
}
