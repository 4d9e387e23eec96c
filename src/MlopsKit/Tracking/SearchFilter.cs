using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlopsKit.Tracking;

/// <summary>What a filter comparison looks at.</summary>
public enum FilterEntity
{
    /// <summary><c>metrics.key</c> (latest value), compared as numbers.</summary>
    Metric,
    /// <summary><c>params.key</c>, compared as strings.</summary>
    Param,
    /// <summary><c>tags.key</c>, compared as strings.</summary>
    Tag,
    /// <summary>A run attribute (<c>status</c>, <c>start_time</c>, ...).</summary>
    Attribute,
    /// <summary><c>datasets.name|digest|context</c>.</summary>
    Dataset,
}

/// <summary>One <c>entity.key op value</c> clause; <see cref="Values"/> holds the list of an IN.</summary>
public sealed record FilterClause(FilterEntity Entity, string Key, string Operator, object? Value, IReadOnlyList<string>? Values = null);

/// <summary>MLflow's run search filter (mlflow.md §1.5): clauses joined by AND, parsed and checked, then evaluated against a run's data.</summary>
public static partial class SearchFilter
{
    private static readonly HashSet<string> s_numericAttributes = ["start_time", "end_time", "created"];
    private static readonly HashSet<string> s_stringAttributes = ["run_id", "run_name", "user_id", "status", "artifact_uri"];
    private static readonly string[] s_numericOperators = [">", ">=", "<", "<=", "=", "!="];
    private static readonly string[] s_stringOperators = ["=", "!=", "LIKE", "ILIKE"];

    /// <summary>Parses a filter; null or blank gives no clauses.</summary>
    /// <exception cref="InvalidParameterException">The filter does not follow MLflow's grammar.</exception>
    public static IReadOnlyList<FilterClause> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return [];
        var tokens = Tokenize(filter);
        var clauses = new List<FilterClause>();
        var i = 0;
        while (true)
        {
            clauses.Add(ParseClause(tokens, ref i, filter));
            if (i == tokens.Count) return clauses;
            if (!tokens[i].Equals("and", StringComparison.OrdinalIgnoreCase) || tokens[i].Quoted)
                throw Invalid(filter, $"expected AND after a comparison, found '{tokens[i]}' (OR and parentheses are not supported)");
            i++;
        }
    }

    /// <summary>True when a run's data satisfies every clause; a run lacking a named metric, param or tag does not match.</summary>
    public static bool Matches(IReadOnlyList<FilterClause> clauses, Func<FilterClause, object?> lookup)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        ArgumentNullException.ThrowIfNull(lookup);
        foreach (var c in clauses)
        {
            var actual = lookup(c);
            if (actual is null) return false;
            if (!Compare(c, actual)) return false;
        }
        return true;
    }

    private static bool Compare(FilterClause c, object actual)
    {
        if (c.Values is { } list)
        {
            var contains = list.Contains(Convert.ToString(actual, CultureInfo.InvariantCulture));
            return c.Operator == "IN" ? contains : !contains;
        }
        if (c.Value is double expected)
        {
            var a = Convert.ToDouble(actual, CultureInfo.InvariantCulture);
            return c.Operator switch
            {
                ">" => a > expected,
                ">=" => a >= expected,
                "<" => a < expected,
                "<=" => a <= expected,
                "=" => a == expected,
                _ => a != expected,
            };
        }
        var s = Convert.ToString(actual, CultureInfo.InvariantCulture) ?? "";
        var v = (string)c.Value!;
        return c.Operator switch
        {
            "=" => s == v,
            "!=" => s != v,
            "LIKE" => LikeRegex(v, ignoreCase: false).IsMatch(s),
            _ => LikeRegex(v, ignoreCase: true).IsMatch(s),
        };
    }

    private static Regex LikeRegex(string pattern, bool ignoreCase)
    {
        var sb = new StringBuilder("^");
        foreach (var ch in pattern)
            sb.Append(ch switch { '%' => ".*", '_' => ".", _ => Regex.Escape(ch.ToString()) });
        return new Regex(sb.Append('$').ToString(), (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static FilterClause ParseClause(List<Token> t, ref int i, string filter)
    {
        if (i >= t.Count) throw Invalid(filter, "expected a comparison after AND");
        var (entity, key) = ParseIdentifier(t[i++], filter);
        if (i >= t.Count) throw Invalid(filter, $"'{key}' has no operator");
        var op = t[i++].Text.ToUpperInvariant();
        if (op == "NOT" && i < t.Count && t[i].Text.Equals("IN", StringComparison.OrdinalIgnoreCase)) { op = "NOT IN"; i++; }
        if (i >= t.Count) throw Invalid(filter, $"'{key} {op}' has no value");
        var numeric = entity == FilterEntity.Metric || entity == FilterEntity.Attribute && s_numericAttributes.Contains(key);
        if (op is "IN" or "NOT IN")
        {
            if (entity != FilterEntity.Attribute || key != "run_id") throw Invalid(filter, "IN and NOT IN work only with attributes.run_id");
            return new FilterClause(entity, key, op, null, ParseList(t, ref i, filter));
        }
        var allowed = numeric ? s_numericOperators : s_stringOperators;
        if (!allowed.Contains(op)) throw Invalid(filter, $"'{op}' cannot compare {Describe(entity, key)}; use {string.Join(", ", allowed)}");
        var value = t[i++];
        if (numeric)
        {
            if (value.Quoted || !double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw Invalid(filter, $"{Describe(entity, key)} needs a number, not {value}");
            return new FilterClause(entity, key, op, number);
        }
        if (!value.Quoted) throw Invalid(filter, $"{Describe(entity, key)} needs a quoted string, not {value} (write '{value.Text}')");
        return new FilterClause(entity, key, op, value.Text);
    }

    private static List<string> ParseList(List<Token> t, ref int i, string filter)
    {
        if (t[i++].Text != "(") throw Invalid(filter, "IN needs a list in parentheses: run_id IN ('a', 'b')");
        var items = new List<string>();
        while (i < t.Count)
        {
            var item = t[i++];
            if (!item.Quoted) throw Invalid(filter, $"IN list items are quoted strings, not {item}");
            items.Add(item.Text);
            if (i < t.Count && t[i].Text == ",") { i++; continue; }
            if (i < t.Count && t[i].Text == ")") { i++; return items; }
            break;
        }
        throw Invalid(filter, "the IN list is not closed with ')'");
    }

    private static (FilterEntity, string) ParseIdentifier(Token token, string filter)
    {
        if (token.Quoted) throw Invalid(filter, $"expected entity.key, found the string {token}");
        var text = token.Text;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot < 0 ? "" : text[..dot].ToLowerInvariant();
        var entity = prefix switch
        {
            "metric" or "metrics" => FilterEntity.Metric,
            "param" or "params" or "parameter" or "parameters" => FilterEntity.Param,
            "tag" or "tags" => FilterEntity.Tag,
            "attribute" or "attributes" or "attr" or "run" => FilterEntity.Attribute,
            "dataset" or "datasets" => FilterEntity.Dataset,
            _ => (FilterEntity?)null,
        };
        var key = entity is null ? text : text[(dot + 1)..];
        if (key.Length > 1 && key[0] is '"' or '`' && key[^1] == key[0]) key = key[1..^1];
        entity ??= FilterEntity.Attribute;
        if (entity == FilterEntity.Attribute)
        {
            key = key is "run name" or "Run name" or "Run Name" ? "run_name" : key;
            if (!s_numericAttributes.Contains(key) && !s_stringAttributes.Contains(key))
                throw Invalid(filter, $"'{key}' is not a searchable attribute; use {string.Join(", ", s_stringAttributes.Concat(s_numericAttributes))}, or metrics./params./tags.");
        }
        if (entity == FilterEntity.Dataset && key is not ("name" or "digest" or "context"))
            throw Invalid(filter, $"datasets.{key} is not searchable; use datasets.name, datasets.digest or datasets.context");
        if (key.Length == 0) throw Invalid(filter, $"'{text}' has no key after the prefix");
        return (entity.Value, key);
    }

    private static string Describe(FilterEntity entity, string key) => entity switch
    {
        FilterEntity.Metric => $"metrics.{key}",
        FilterEntity.Param => $"params.{key}",
        FilterEntity.Tag => $"tags.{key}",
        FilterEntity.Dataset => $"datasets.{key}",
        _ => key,
    };

    private sealed record Token(string Text, bool Quoted)
    {
        public bool Equals(string other, StringComparison comparison) => Text.Equals(other, comparison);

        public override string ToString() => Quoted ? $"'{Text}'" : Text;
    }

    private static List<Token> Tokenize(string filter)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or ',') { tokens.Add(new Token(c.ToString(), false)); i++; continue; }
            if (c is '\'' or '"')
            {
                var end = filter.IndexOf(c, i + 1);
                if (end < 0) throw Invalid(filter, $"the string starting at position {i} is not closed");
                tokens.Add(new Token(filter[(i + 1)..end], true));
                i = end + 1;
                continue;
            }
            if (c is '<' or '>' or '=' or '!')
            {
                var two = i + 1 < filter.Length ? filter.Substring(i, 2) : "";
                var op = two is ">=" or "<=" or "!=" ? two : c.ToString();
                if (op == "!") throw Invalid(filter, "'!' must be followed by '='");
                tokens.Add(new Token(op, false));
                i += op.Length;
                continue;
            }
            // An identifier: entity.key, where the key may be quoted with "..." or `...` (and then hold spaces or dashes).
            var start = i;
            while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && filter[i] is not ('<' or '>' or '=' or '!' or '(' or ')' or ',' or '\''))
            {
                if (filter[i] is '"' or '`')
                {
                    var close = filter.IndexOf(filter[i], i + 1);
                    if (close < 0) throw Invalid(filter, $"the quoted key starting at position {i} is not closed");
                    i = close + 1;
                    continue;
                }
                i++;
            }
            tokens.Add(new Token(filter[start..i], false));
        }
        return tokens;
    }

    private static InvalidParameterException Invalid(string filter, string why) =>
        new($"invalid search filter \"{filter}\": {why}.");
}
