using System.Globalization;

namespace MlopsKit.Tracking;

/// <summary>Formats values the way Python's <c>str()</c> does, so params logged from C# compare equal to those logged by MLflow's Python client.</summary>
public static class PythonText
{
    /// <summary><c>True</c>/<c>False</c>, <c>None</c>, <c>1.0</c> for a whole double, <c>1e-05</c>, <c>nan</c>, <c>inf</c>; other values via invariant culture.</summary>
    public static string Format(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        double d => FormatDouble(d),
        float f => FormatDouble(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : Models.PythonJson.DoubleRepr(d);
}
