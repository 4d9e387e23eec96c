using System.Globalization;
using System.Text.RegularExpressions;

namespace MlopsKit.Monitoring;

/// <summary>Reads Prometheus durations (<c>15s</c>, <c>1m</c>, <c>1h30m</c>, <c>500ms</c>), the form every generated config writes.</summary>
public static partial class PrometheusDuration
{
    // Units largest first, each at most once, as Prometheus' model.ParseDuration accepts them.
    private static readonly (string Unit, TimeSpan Size)[] s_units =
    [
        ("y", TimeSpan.FromDays(365)), ("w", TimeSpan.FromDays(7)), ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    /// <summary>Parses a positive duration such as <c>1h30m</c>.</summary>
    /// <exception cref="ConfigException">The text is not a Prometheus duration, or it is zero.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var value)) return value;
        throw new ConfigException($"'{text}' is not a Prometheus duration: use a number and a unit (ms, s, m, h, d, w, y), largest unit first, for example 15s, 1m or 1h30m.");
    }

    /// <summary>Parses a positive duration; false for anything else, including <c>0s</c>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text)) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        var total = TimeSpan.Zero;
        var next = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var digits = part.Value.TrimEnd('y', 'w', 'd', 'h', 'm', 's');
            var unit = part.Value[digits.Length..];
            var index = Array.FindIndex(s_units, next, u => u.Unit == unit);
            if (index < 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
            next = index + 1;
            try
            {
                total = checked(total + (s_units[index].Size * count));
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        if (total <= TimeSpan.Zero) return false;
        value = total;
        return true;
    }

    /// <summary>Writes a positive duration in its largest whole unit (<c>90s</c> stays <c>90s</c>, <c>3600s</c> becomes <c>1h</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) throw new ConfigException($"Duration {value} must be positive.");
        if (value.Ticks % TimeSpan.TicksPerHour == 0) return $"{(long)value.TotalHours}h";
        if (value.Ticks % TimeSpan.TicksPerMinute == 0) return $"{(long)value.TotalMinutes}m";
        if (value.Ticks % TimeSpan.TicksPerSecond == 0) return $"{(long)value.TotalSeconds}s";
        return $"{(long)value.TotalMilliseconds}ms";
    }

    [GeneratedRegex("^(?<part>[0-9]+(?:ms|y|w|d|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
