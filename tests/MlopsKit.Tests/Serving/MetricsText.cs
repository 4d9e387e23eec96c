using System.Globalization;

namespace MlopsKit.Tests.Serving;

/// <summary>The samples of a Prometheus text exposition, by their exact series text (<c>name{label="value",...}</c>).</summary>
public sealed class MetricsText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    public MetricsText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            _samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, double> Samples => _samples;

    /// <summary>The value of a series, failing with the metric's lines when it is absent.</summary>
    public double this[string series] => _samples.TryGetValue(series, out var v) ? v
        : throw new Xunit.Sdk.XunitException($"series {series} is not exposed; the metric's lines are:\n"
            + string.Join('\n', _samples.Keys.Where(k => k.StartsWith(series.Split('{')[0], StringComparison.Ordinal))));

    public bool Has(string series) => _samples.ContainsKey(series);

    public static async Task<MetricsText> ScrapeAsync(HttpClient http, CancellationToken cancellationToken) =>
        new(await http.GetStringAsync("/metrics", cancellationToken));
}
