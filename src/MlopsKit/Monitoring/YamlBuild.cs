using System.Globalization;
using MlopsKit.Yaml;

namespace MlopsKit.Monitoring;

/// <summary>Terse constructors for the <see cref="YamlNode"/> trees of the generated config files.</summary>
internal static class YamlBuild
{
    public static YamlMapping Map(params (string Key, YamlNode? Value)[] entries)
    {
        var map = new YamlMapping();
        foreach (var (key, value) in entries)
            if (value is not null) map.Set(key, value);
        return map;
    }

    public static YamlSequence Seq(params YamlNode[] items) => new([.. items]);

    public static YamlSequence Seq(IEnumerable<string> items) => new([.. items.Select(i => (YamlNode)YamlWriter.Str(i))]);

    public static YamlScalar S(string value) => YamlWriter.Str(value);

    public static YamlScalar N(double value) => new(Num(value));

    public static YamlScalar B(bool value) => YamlWriter.Bool(value);

    /// <summary>A number as PromQL and YAML read it back: invariant, shortest round-trip form.</summary>
    public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A Prometheus duration (<c>15s</c>, <c>5m</c>, <c>1h</c>).</summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) throw new ConfigException($"Duration {value} must be positive.");
        if (value.Ticks % TimeSpan.TicksPerHour == 0) return $"{(long)value.TotalHours}h";
        if (value.Ticks % TimeSpan.TicksPerMinute == 0) return $"{(long)value.TotalMinutes}m";
        if (value.Ticks % TimeSpan.TicksPerSecond == 0) return $"{(long)value.TotalSeconds}s";
        return $"{(long)value.TotalMilliseconds}ms";
    }
}
