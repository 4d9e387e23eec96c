using MlopsKit.Models;

namespace MlopsKit.Tests.Models;

/// <summary>JSON text matches Python's json.dumps, which MLflow uses for signatures and examples.</summary>
public sealed class PythonJsonTests
{
    [Fact]
    public void Floats_print_as_Python_repr_does()
    {
        // Python 3: json.dumps([1.0, 5.1, 1e-05, 1e16, 123456789.0, 0.0001, -0.5, 1e300, float('nan')])
        double[] values = [1.0, 5.1, 1e-05, 1e16, 123456789.0, 0.0001, -0.5, 1e300, double.NaN];
        var sb = new System.Text.StringBuilder();
        PythonJson.WriteValue(sb, values);
        Assert.Equal("[1.0, 5.1, 1e-05, 1e+16, 123456789.0, 0.0001, -0.5, 1e+300, NaN]", sb.ToString());
        Assert.Equal("0.2", PythonJson.FloatRepr(0.2f));
        Assert.Equal("1234567.0", PythonJson.FloatRepr(1234567f));
        Assert.Equal("1.5e-07", PythonJson.DoubleRepr(1.5e-7));
    }

    [Fact]
    public void Strings_escape_quotes_backslashes_controls_and_non_ASCII_only()
    {
        var sb = new System.Text.StringBuilder();
        PythonJson.WriteString(sb, "é\"\\\n<>&'+");
        Assert.Equal("\"\\u00e9\\\"\\\\\\n<>&'+\"", sb.ToString());
    }
}
