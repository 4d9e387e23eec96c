using System.Globalization;
using System.Text;

namespace MlopsKit.Serving;

internal static partial class TabularInput
{
    private const string CsvHint = "Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid CSV-formatted Pandas DataFrame"
        + " produced using the `pandas.DataFrame.to_csv()` method. Error: ";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // pandas.read_csv's default missing-value markers.
    private static readonly HashSet<string> s_missing = new(StringComparer.Ordinal)
    {
        "", "NaN", "nan", "-NaN", "-nan", "NA", "N/A", "n/a", "#N/A", "<NA>", "null", "NULL", "None",
    };

    /// <summary>
    /// CSV as <c>pandas.read_csv</c> reads it with the signature's dtypes: the first line names the columns, quoted fields may hold
    /// commas, quotes (doubled) and line breaks, blank lines are skipped, pandas' missing markers (empty, <c>NaN</c>, <c>NA</c>...)
    /// become missing values, and model columns are parsed as their type (other columns stay text and are dropped later).
    /// </summary>
    public static List<IReadOnlyDictionary<string, object?>> FromCsv(ReadOnlyMemory<byte> body, IReadOnlyList<InputColumn> columns)
    {
        string text;
        try
        {
            text = s_strictUtf8.GetString(body.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new MalformedRequestException($"{CsvHint}'the body is not valid UTF-8 ({e.Message})'");
        }
        var records = Records(text);
        if (records.Count == 0) throw new MalformedRequestException($"{CsvHint}'No columns to parse from file'");
        var header = records[0].Fields;
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new MalformedRequestException($"{CsvHint}'the header names column \"{Echo(duplicate.Key)}\" twice'");
        var types = header.Select(h => columns.FirstOrDefault(c => c.Name == h)?.Type ?? "string").ToArray();
        var rows = new List<IReadOnlyDictionary<string, object?>>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
                throw new MalformedRequestException($"{CsvHint}'Expected {header.Count} fields in line {line}, saw {fields.Count}'");
            var row = new Dictionary<string, object?>(header.Count, StringComparer.Ordinal);
            for (var j = 0; j < header.Count; j++) row[header[j]] = Typed(fields[j], types[j], header[j], line);
            rows.Add(row);
        }
        return rows;
    }

    private static object? Typed(string field, string type, string column, int line)
    {
        if (s_missing.Contains(field)) return null;
        var value = field.Trim();
        object? result = type switch
        {
            "float" => float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) ? f : null,
            "double" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            "integer" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            "long" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            "boolean" => bool.TryParse(value, out var b) ? b : null,
            _ => field,
        };
        return result ?? throw new MalformedRequestException(
            $"{CsvHint}'could not convert \"{Echo(field)}\" to {Models.MlnetTypes.Numpy(type)} (column {Echo(column)}, line {line})'");
    }

    // RFC 4180 records with their 1-based starting line; blank lines are skipped.
    private static List<(int Line, List<string> Fields)> Records(string text)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var fieldQuoted = false;
        var recordStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldQuoted:
                    quoted = true;
                    fieldQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldQuoted = false;
                    recordStarted = true;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    End();
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted) throw new MalformedRequestException($"{CsvHint}'EOF inside string starting at line {start}'");
        End();
        return records;

        void End()
        {
            if (recordStarted || field.Length > 0 || fieldQuoted)
            {
                fields.Add(field.ToString());
                records.Add((start, fields));
                fields = [];
            }
            field.Clear();
            fieldQuoted = false;
            recordStarted = false;
        }
    }
}
