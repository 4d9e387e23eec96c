using MlopsKit.Monitoring;

namespace MlopsKit.Tests.Monitoring;

/// <summary><see cref="PrometheusDuration"/> reads what Prometheus' own duration parser reads, and writes what it reads back.</summary>
public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1d2h", 93_600_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1m30s250ms", 90_250)]
    public void Prometheus_durations_parse_to_their_length(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), PrometheusDuration.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("1.5m")]
    [InlineData("1m1h")]
    [InlineData("1m1m")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData("5M")]
    public void Text_that_is_not_a_positive_prometheus_duration_is_a_config_error_naming_the_format(string text)
    {
        var e = Assert.Throws<ConfigException>(() => PrometheusDuration.Parse(text));

        Assert.Contains("1h30m", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", "90s")]
    [InlineData("60m", "1h")]
    [InlineData("1h30m", "90m")]
    [InlineData("1500ms", "1500ms")]
    public void Formatting_writes_the_largest_whole_unit_and_parses_back(string text, string formatted)
    {
        var value = PrometheusDuration.Parse(text);

        Assert.Equal(formatted, PrometheusDuration.Format(value));
        Assert.Equal(value, PrometheusDuration.Parse(formatted));
    }
}
