using System.Globalization;
using System.Text.RegularExpressions;

namespace MlopsKit.Tracking;

/// <summary>MLflow's rules for names, values and batch sizes (mlflow.md §1.6), checked before anything is stored.</summary>
public static partial class TrackingValidation
{
    /// <summary>Longest metric, param or tag key.</summary>
    public const int MaxKeyLength = 250;
    /// <summary>Longest param value.</summary>
    public const int MaxParamValueLength = 6000;
    /// <summary>Longest run tag value.</summary>
    public const int MaxTagValueLength = 8000;
    /// <summary>Longest experiment tag value.</summary>
    public const int MaxExperimentTagValueLength = 5000;
    /// <summary>Longest experiment name.</summary>
    public const int MaxExperimentNameLength = 500;
    /// <summary>Most metrics in one batch.</summary>
    public const int MaxBatchMetrics = 1000;
    /// <summary>Most params in one batch.</summary>
    public const int MaxBatchParams = 100;
    /// <summary>Most tags in one batch.</summary>
    public const int MaxBatchTags = 100;
    /// <summary>Most entities (metrics + params + tags) in one batch.</summary>
    public const int MaxBatchEntities = 1000;

    /// <summary>Checks a metric, param or tag key: allowed characters, length, and that it names one path only.</summary>
    /// <exception cref="InvalidParameterException">The key is refused.</exception>
    public static void ValidateKey(string kind, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!KeyPattern().IsMatch(key))
            throw new InvalidParameterException($"invalid {kind} name '{key}': use letters, digits, '_', '-', '.', ' ', ':' and '/' only.");
        if (!IsPathUnique(key))
            throw new InvalidParameterException($"invalid {kind} name '{key}': names may become file paths, so they must not be empty, start with '/' or '..', be '.', or contain '//', '/./' or a trailing '/'.");
        if (key.Length > MaxKeyLength)
            throw new InvalidParameterException($"{kind} name '{key[..20]}…' is {key.Length} characters; the limit is {MaxKeyLength}.");
    }

    /// <summary>Checks a param before logging.</summary>
    public static void ValidateParam(Param param)
    {
        ArgumentNullException.ThrowIfNull(param);
        ValidateKey("param", param.Key);
        if (param.Value.Length > MaxParamValueLength)
            throw new InvalidParameterException($"param '{param.Key}' has a value of {param.Value.Length} characters; the limit is {MaxParamValueLength}.");
    }

    /// <summary>Checks a run tag before setting it.</summary>
    public static void ValidateTag(RunTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ValidateKey("tag", tag.Key);
        if (tag.Value.Length > MaxTagValueLength)
            throw new InvalidParameterException($"tag '{tag.Key}' has a value of {tag.Value.Length} characters; the limit is {MaxTagValueLength}.");
    }

    /// <summary>Checks a metric point: key, non-negative timestamp. NaN and ±Infinity are valid values, as in MLflow.</summary>
    public static void ValidateMetric(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ValidateKey("metric", metric.Key);
        if (metric.Timestamp < 0)
            throw new InvalidParameterException($"metric '{metric.Key}' has timestamp {metric.Timestamp.ToString(CultureInfo.InvariantCulture)}; timestamps are milliseconds since 1970 and cannot be negative.");
    }

    /// <summary>Checks an experiment name: 1 to 500 characters.</summary>
    public static void ValidateExperimentName(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new InvalidParameterException("an experiment needs a name.");
        if (name.Length > MaxExperimentNameLength)
            throw new InvalidParameterException($"experiment name is {name.Length} characters; the limit is {MaxExperimentNameLength}.");
    }

    /// <summary>Checks a batch as log-batch does: sizes, each entity, and no param key twice.</summary>
    public static void ValidateBatch(IReadOnlyCollection<Metric> metrics, IReadOnlyCollection<Param> parameters, IReadOnlyCollection<RunTag> tags)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        if (metrics.Count > MaxBatchMetrics) throw new InvalidParameterException($"a batch holds {metrics.Count} metrics; the limit is {MaxBatchMetrics}. Split it.");
        if (parameters.Count > MaxBatchParams) throw new InvalidParameterException($"a batch holds {parameters.Count} params; the limit is {MaxBatchParams}. Split it.");
        if (tags.Count > MaxBatchTags) throw new InvalidParameterException($"a batch holds {tags.Count} tags; the limit is {MaxBatchTags}. Split it.");
        var total = metrics.Count + parameters.Count + tags.Count;
        if (total > MaxBatchEntities) throw new InvalidParameterException($"a batch holds {total} entries; the limit is {MaxBatchEntities}. Split it.");
        foreach (var m in metrics) ValidateMetric(m);
        foreach (var p in parameters) ValidateParam(p);
        foreach (var t in tags) ValidateTag(t);
        var duplicate = parameters.GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidParameterException($"param '{duplicate.Key}' appears {duplicate.Count()} times in one batch; log each param once.");
    }

    /// <summary>True when POSIX path normalisation leaves the key unchanged and it cannot escape its folder.</summary>
    private static bool IsPathUnique(string key)
    {
        if (key.Length == 0 || key == "." || key.StartsWith("..", StringComparison.Ordinal) || key.StartsWith('/')) return false;
        var parts = key.Split('/');
        return parts.All(p => p.Length > 0 && p != "." && p != "..");
    }

    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex KeyPattern();
}
