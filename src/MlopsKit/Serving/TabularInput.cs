using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Data;
using MlopsKit.Models;

namespace MlopsKit.Serving;

/// <summary>
/// Turns each request body form (pandas split and records, TF-serving instances and inputs, Flask rows, CSV) into rows of
/// name → value keyed by the model's input names; values stay <see cref="JsonElement"/>s (CSV values are read with the column's
/// type) so the scorer applies MLflow's schema rules once for every protocol.
/// </summary>
internal static partial class TabularInput
{
    private const int MaxEcho = 80;

    /// <summary>The model's inputs in signature order (or, for a model saved without a signature, its visible input columns but the label).</summary>
    public static IReadOnlyList<InputColumn> Columns(ServedModel model)
    {
        var signature = model.Signature;
        if (signature is { Inputs.Count: > 0 } && signature.Inputs[0].Name is not null)
        {
            return signature.Inputs.Select(spec => spec switch
            {
                ColumnSpec { Type: "array" } c => new InputColumn(c.Name!, c.ItemType ?? "any", true, c.Required),
                ColumnSpec c => new InputColumn(c.Name!, c.Type, false, c.Required),
                TensorSpec t => new InputColumn(t.Name!, MlnetTypes.FromNumpy(t.Dtype) ?? "any", t.Shape.Count > 1, t.Required),
                _ => new InputColumn(spec.Name!, "any", false, spec.Required),
            }).ToList();
        }
        return model.Model.InputSchema
            .Where(c => !c.IsHidden && c.Name != model.Model.LabelColumn)
            .Select(c => new InputColumn(c.Name, MlnetTypes.MlflowType(MlnetTypes.ItemType(c.Type)) ?? "any", c.Type is VectorDataViewType, true))
            .ToList();
    }

    /// <summary>pandas "split" orient: <c>{"columns": [...], "data": [[...]], "index"?: [...]}</c>; without columns the rows are in signature order.</summary>
    public static List<IReadOnlyDictionary<string, object?>> FromSplit(JsonElement split, IReadOnlyList<InputColumn> columns, string what)
    {
        if (split.ValueKind != JsonValueKind.Object)
            throw new MalformedRequestException($"{what} must be a JSON object with \"columns\" and \"data\", got {Kind(split)}.");
        if (!split.TryGetProperty("data", out var data))
            throw new MalformedRequestException($"{what} has no \"data\"; send {{\"columns\": [...], \"data\": [[...], ...]}}.");
        if (data.ValueKind != JsonValueKind.Array)
            throw new MalformedRequestException($"{what}.data must be a list of rows, got {Kind(data)}.");
        List<string> names;
        if (split.TryGetProperty("columns", out var cols) && cols.ValueKind != JsonValueKind.Null)
        {
            if (cols.ValueKind != JsonValueKind.Array || cols.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
                throw new MalformedRequestException($"{what}.columns must be a list of column names (strings).");
            names = cols.EnumerateArray().Select(c => c.GetString()!).ToList();
            var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new MalformedRequestException($"{what}.columns names '{Echo(duplicate.Key)}' twice; each column once.");
        }
        else
        {
            names = columns.Select(c => c.Name).ToList();
        }
        if (split.TryGetProperty("index", out var index) && index.ValueKind != JsonValueKind.Null
            && (index.ValueKind != JsonValueKind.Array || index.GetArrayLength() != data.GetArrayLength()))
            throw new MalformedRequestException($"{what}.index must be a list with one entry per row ({data.GetArrayLength()}).");
        var rows = new List<IReadOnlyDictionary<string, object?>>(data.GetArrayLength());
        var i = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
                throw new MalformedRequestException($"{what}.data row {i} must be a list of {names.Count} values, got {Kind(row)}.");
            if (row.GetArrayLength() != names.Count)
                throw new MalformedRequestException($"{what}.data row {i} has {row.GetArrayLength()} values but there are {names.Count} columns ({Join(names)}); every row needs one value per column.");
            rows.Add(Zip(names, row));
            i++;
        }
        return rows;
    }

    /// <summary>pandas "records" orient: a list of row objects.</summary>
    public static List<IReadOnlyDictionary<string, object?>> FromRecords(JsonElement records, string what)
    {
        if (records.ValueKind != JsonValueKind.Array)
            throw new MalformedRequestException($"{what} must be a list of row objects such as [{{\"x\": 1.0}}], got {Kind(records)}.");
        var rows = new List<IReadOnlyDictionary<string, object?>>(records.GetArrayLength());
        var i = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
                throw new MalformedRequestException($"{what} item {i} must be an object of column name to value, got {Kind(record)}.");
            rows.Add(FromObject(record));
            i++;
        }
        return rows;
    }

    /// <summary>A list of rows, each a list in signature order, an object of named values, or (one input) the value itself.</summary>
    public static List<IReadOnlyDictionary<string, object?>> FromRows(JsonElement list, IReadOnlyList<InputColumn> columns, string what)
    {
        if (list.ValueKind != JsonValueKind.Array)
            throw new MalformedRequestException($"{what} must be a list of rows, got {Kind(list)}.");
        var rows = new List<IReadOnlyDictionary<string, object?>>(list.GetArrayLength());
        var i = 0;
        foreach (var row in list.EnumerateArray())
        {
            rows.Add(FromRow(row, columns, $"{what} row {i}"));
            i++;
        }
        return rows;
    }

    /// <summary>TF-serving columnar form: an object of input name → list of values (all the same length), or of single values for one row.</summary>
    public static List<IReadOnlyDictionary<string, object?>> FromColumns(JsonElement named, IReadOnlyList<InputColumn> columns, string what)
    {
        var vectors = columns.Where(c => c.IsVector).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        bool IsBatch(JsonProperty p) => p.Value.ValueKind == JsonValueKind.Array && (!vectors.Contains(p.Name) || p.Value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Array));
        var properties = named.EnumerateObject().ToList();
        if (properties.Count == 0) throw new MalformedRequestException($"{what} is an empty object; send {{\"<input name>\": [values...], ...}}.");
        var batched = properties.Where(IsBatch).ToList();
        if (batched.Count == 0) return [FromObject(named)];
        if (batched.Count != properties.Count)
            throw new MalformedRequestException($"{what} mixes lists and single values ({Echo(properties.First(p => !IsBatch(p)).Name)}); give every input a list with one value per row.");
        var length = batched[0].Value.GetArrayLength();
        var ragged = batched.FirstOrDefault(p => p.Value.GetArrayLength() != length);
        if (ragged.Value.ValueKind != JsonValueKind.Undefined)
            throw new MalformedRequestException($"{what} has columns of different lengths: '{Echo(batched[0].Name)}' has {length} values, '{Echo(ragged.Name)}' has {ragged.Value.GetArrayLength()}; every input needs one value per row.");
        var rows = new List<IReadOnlyDictionary<string, object?>>(length);
        var enumerators = batched.Select(p => (p.Name, Values: p.Value.EnumerateArray().ToArray())).ToList();
        for (var i = 0; i < length; i++)
        {
            var row = new Dictionary<string, object?>(enumerators.Count, StringComparer.Ordinal);
            foreach (var (name, values) in enumerators) row[name] = values[i];
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>One row: a list in signature order, an object of named values, or the value of the model's only input.</summary>
    public static Dictionary<string, object?> FromRow(JsonElement row, IReadOnlyList<InputColumn> columns, string what)
    {
        if (row.ValueKind == JsonValueKind.Object) return FromObject(row);
        if (columns.Count == 1 && (row.ValueKind != JsonValueKind.Array || columns[0].IsVector))
            return new Dictionary<string, object?>(StringComparer.Ordinal) { [columns[0].Name] = row };
        if (row.ValueKind != JsonValueKind.Array)
            throw new MalformedRequestException($"{what} must be a list of {columns.Count} values in the order {Join(columns.Select(c => c.Name))}, or an object of named values; got {Kind(row)}.");
        if (row.GetArrayLength() != columns.Count)
            throw new MalformedRequestException($"{what} has {row.GetArrayLength()} values but the model takes {columns.Count} inputs ({Join(columns.Select(c => c.Name))}); send one value per input, in that order.");
        return Zip(columns.Select(c => c.Name).ToList(), row);
    }

    /// <summary>
    /// Checks what every form shares before scoring: at least one row, every required input present (MLflow's "Model is missing
    /// inputs" text) and every number representable in its column's type.
    /// </summary>
    public static void Validate(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<InputColumn> columns, string what)
    {
        if (rows.Count == 0) throw new MalformedRequestException($"{what} has no rows to score (an empty batch); send at least one row.");
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows) present.UnionWith(row.Keys);
        var missing = columns.Where(c => c.Required && !present.Contains(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            var known = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var extra = present.Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
            throw new ModelInputException($"Model is missing inputs {PyList(missing)}."
                + (extra.Count > 0 ? $" Note that there were extra inputs: {PyList(extra)}." : ""));
        }
        for (var i = 0; i < rows.Count; i++)
            foreach (var column in columns)
                if (rows[i].TryGetValue(column.Name, out var value) && value is JsonElement e)
                    CheckNumbers(e, column, i, depth: 0);
    }

    /// <summary>A Python-style list of names, as MLflow prints them: <c>['a', 'b']</c>.</summary>
    public static string PyList(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{Echo(n)}'")) + "]";

    /// <summary>A short description of a JSON value's kind for messages.</summary>
    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Client text cut to a readable length for an error message.</summary>
    public static string Echo(string text) => text.Length <= MaxEcho ? text : string.Concat(text.AsSpan(0, MaxEcho), "...");

    private static void CheckNumbers(JsonElement e, InputColumn column, int row, int depth)
    {
        if (e.ValueKind == JsonValueKind.Array && depth < 2)
        {
            foreach (var item in e.EnumerateArray()) CheckNumbers(item, column, row, depth + 1);
            return;
        }
        if (e.ValueKind != JsonValueKind.Number) return;
        var ok = e.TryGetDouble(out var d) && double.IsFinite(d);
        if (ok && column.Type == "float" && Math.Abs(d) > float.MaxValue) ok = false;
        if (!ok)
        {
            var limit = column.Type == "float" ? float.MaxValue.ToString("R", CultureInfo.InvariantCulture) : double.MaxValue.ToString("R", CultureInfo.InvariantCulture);
            throw new ModelInputException($"Incompatible input types for column {column.Name}. The value {Echo(e.GetRawText())} in row {row} is out of range for "
                + $"{MlnetTypes.Numpy(column.Type)} (largest magnitude {limit}).");
        }
    }

    private static Dictionary<string, object?> FromObject(JsonElement obj)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) row[p.Name] = p.Value;
        return row;
    }

    private static Dictionary<string, object?> Zip(List<string> names, JsonElement values)
    {
        var row = new Dictionary<string, object?>(names.Count, StringComparer.Ordinal);
        var j = 0;
        foreach (var v in values.EnumerateArray()) row[names[j++]] = v;
        return row;
    }

    private static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        var sb = new StringBuilder();
        foreach (var n in list.Take(12)) sb.Append(sb.Length == 0 ? "" : ", ").Append(Echo(n));
        if (list.Count > 12) sb.Append(", ...");
        return sb.ToString();
    }
}
