using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlopsKit.Monitoring;

/// <summary>Writes the Prometheus text exposition format 0.0.4: HELP/TYPE once per family, escaped label values, no timestamps, final line feed.</summary>
internal static partial class ExpositionText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            CheckMetricName(family.Name);
            if (!seen.Add(family.Name))
                throw new ConfigException($"metric '{family.Name}' is given twice; give each family once, with all its samples.");
            if (family.Help is not null) sb.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            sb.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
            {
                MetricKind.Gauge => "gauge",
                MetricKind.Counter => "counter",
                _ => "untyped",
            }).Append('\n');
            foreach (var sample in family.Samples)
            {
                sb.Append(family.Name);
                if (sample.Labels.Count > 0)
                {
                    sb.Append('{');
                    var first = true;
                    foreach (var (name, value) in sample.Labels)
                    {
                        CheckLabelName(name);
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
                    }
                    sb.Append('}');
                }
                sb.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
            }
        }
        return sb.ToString();
    }

    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static void CheckMetricName(string name)
    {
        if (!MetricName().IsMatch(name))
            throw new ConfigException($"'{name}' is not a valid metric name: use letters, digits, '_' and ':', not starting with a digit (for example batch_rows_total).");
    }

    public static void CheckLabelName(string name)
    {
        if (!LabelName().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
            throw new ConfigException($"'{name}' is not a valid label name: use letters, digits and '_', not starting with a digit or '__' (for example model).");
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
