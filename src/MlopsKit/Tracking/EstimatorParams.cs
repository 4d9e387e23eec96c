using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Tracking;

/// <summary>
/// Reads the settings of every step of an ML.NET estimator chain as flat MLflow params (<c>2.SdcaRegressionTrainer.L2Regularization</c>).
/// ML.NET keeps options in non-public fields, so this reads them by reflection, best-effort: a step it cannot read contributes its name only.
/// </summary>
public static partial class EstimatorParams
{
    private const int MaxDepth = 4;
    private const int MaxPerStep = 80;

    /// <summary>The steps of a chain (nested chains flattened), in order.</summary>
    public static IReadOnlyList<object> Steps(object estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var steps = new List<object>();
        Flatten(estimator, steps);
        return steps;
    }

    /// <summary>Params for each step: <c>&lt;index&gt;.&lt;StepType&gt;.&lt;setting&gt;</c> → value formatted as Python would.</summary>
    public static IReadOnlyDictionary<string, string> Describe(object estimator)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var steps = Steps(estimator);
        for (var i = 0; i < steps.Count; i++)
        {
            var prefix = $"{i}.{TypeName(steps[i].GetType())}";
            var values = new List<KeyValuePair<string, string>>();
            Collect(steps[i], "", 0, values, new HashSet<object>(ReferenceEqualityComparer.Instance));
            if (values.Count == 0) result[prefix] = "";
            foreach (var (key, value) in values.Take(MaxPerStep))
            {
                var name = $"{prefix}.{key}";
                if (name.Length <= TrackingValidation.MaxKeyLength && value.Length <= TrackingValidation.MaxParamValueLength) result[name] = value;
            }
        }
        return result;
    }

    /// <summary>The label column a chain's trainer reads, when it says (<c>LabelColumnName</c>), else null.</summary>
    public static string? LabelColumn(object estimator) =>
        Describe(estimator).Where(kv => kv.Key.EndsWith(".LabelColumnName", StringComparison.Ordinal) || kv.Key.EndsWith(".LabelColumn", StringComparison.Ordinal))
            .Select(kv => kv.Value).LastOrDefault(v => v.Length > 0 && v != "None");

    private static void Flatten(object estimator, List<object> steps)
    {
        var type = estimator.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EstimatorChain<>)
            && type.GetField("_estimators", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(estimator) is IEnumerable inner)
        {
            foreach (var e in inner) if (e is not null) Flatten(e, steps);
            return;
        }
        steps.Add(estimator);
    }

    private static void Collect(object target, string path, int depth, List<KeyValuePair<string, string>> into, HashSet<object> seen)
    {
        if (depth > MaxDepth || !seen.Add(target)) return;
        for (var type = target.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var name = CleanName(field.Name);
                if (name.Length == 0 || name is "Host" or "Env" or "Channel") continue;
                object? value;
                try
                {
                    value = field.GetValue(target);
                }
                catch (FieldAccessException)
                {
                    continue;
                }
                Add(value, path.Length == 0 ? name : $"{path}.{name}", depth, into, seen);
            }
        }
    }

    private static void Add(object? value, string key, int depth, List<KeyValuePair<string, string>> into, HashSet<object> seen)
    {
        switch (value)
        {
            case null:
                return;
            case string or bool or char or Enum or double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte:
                if (KeyPattern().IsMatch(key)) into.Add(new(key, PythonText.Format(value)));
                return;
            case Array array when array.Length <= 16:
                for (var i = 0; i < array.Length; i++) Add(array.GetValue(i), $"{key}.{i}", depth + 1, into, seen);
                return;
            default:
                var type = value.GetType();
                // Descend only into option-like objects of ML.NET or MlopsKit, never into data, models or hosts.
                var ns = type.Namespace ?? "";
                var nestedEstimator = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>));
                var optionLike = nestedEstimator || type.Name.Contains("Option", StringComparison.Ordinal) || type.Name.Contains("ColumnInfo", StringComparison.Ordinal)
                    || type.Name.Contains("Column", StringComparison.Ordinal) && type.Name.Contains("Options", StringComparison.Ordinal);
                if (optionLike && (ns.StartsWith("Microsoft.ML", StringComparison.Ordinal) || ns.StartsWith("MlopsKit", StringComparison.Ordinal)))
                {
                    Collect(value, key, depth + 1, into, seen);
                    foreach (var prop in type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0))
                    {
                        if (prop.Name == "EqualityContract") continue;
                        object? pv;
                        try { pv = prop.GetValue(value); }
                        catch (TargetInvocationException) { continue; }
                        if (pv is string or bool or Enum or double or float or int or long) Add(pv, $"{key}.{prop.Name}", depth + 1, into, seen);
                    }
                }
                return;
        }
    }

    /// <summary>Compiler-generated names (<c>&lt;Options&gt;k__BackingField</c>) become the property name; leading underscores go.</summary>
    private static string CleanName(string field)
    {
        if (field.StartsWith('<'))
        {
            var end = field.IndexOf('>', StringComparison.Ordinal);
            return end > 1 ? field[1..end] : "";
        }
        return field.TrimStart('_');
    }

    private static string TypeName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick > 0 ? name[..tick] : name;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-. /]+$")]
    private static partial Regex KeyPattern();
}
