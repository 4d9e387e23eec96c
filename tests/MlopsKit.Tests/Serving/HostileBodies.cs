using System.Globalization;
using System.Text;

namespace MlopsKit.Tests.Serving;

/// <summary>Seeded malformed and hostile request bodies for the Seldon and Open Inference routes: wrong types, deep nesting, odd numbers, truncation, unicode, huge shapes.</summary>
internal static class HostileBodies
{
    private static readonly string[] s_keys = ["data", "ndarray", "tensor", "shape", "values", "names", "jsonData", "strData", "binData", "meta", "puid", "requestPath",
        "inputs", "outputs", "name", "datatype", "id", "parameters", "sepal_length", "sepal_width", "petal_length", "petal_width", "tftensor", "", "\\u0000", "\\ud800", "é✓🙂"];
    private static readonly string[] s_numbers = ["0", "-0", "1", "-1", "4", "3.5", "1e400", "-1e400", "1e-400", "3.5e38", "1e39", "1.7976931348623157e309",
        "123456789012345678901234567890", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e9", "0.1", "2E+2"];
    private static readonly string[] s_strings = ["\"NaN\"", "\"Infinity\"", "\"-inf\"", "\"nan\"", "\"\"", "\"1\"", "\"input-0\"", "\"FP32\"", "\"BYTES\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\udc00\\ud800\"", "\"é✓🙂\"", "\"\\u202e\"", "\"a\\\"b\"", "\"sepal_length\"", "\"t:0\""];
    private static readonly string[] s_datatypes = ["FP32", "FP64", "FP16", "BF16", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL", "BYTES", "fp32", "", "STRING"];
    private static readonly string[] s_shapes = ["[1, 4]", "[2, 4]", "[0, 4]", "[4]", "[1e9, 4]", "[1000000000, 4]", "[-1, 4]", "[-4]", "[9223372036854775807, 2]", "[4611686018427387904, 4]",
        "[]", "[1, 4, 1]", "[1.5, 4]", "\"1,4\"", "null", "[\"1\", \"4\"]", "[1, 1]", "[4, 1]", "[2]"];
    private static readonly string[] s_valid =
    [
        """{"data": {"ndarray": [[1,2,3,4]]}}""",
        """{"data": {"names": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "tensor": {"shape": [2, 4], "values": [1,2,3,4,5,6,7,8]}}, "meta": {"puid": "x", "tags": {"a": 1}}}""",
        """{"jsonData": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""",
        """{"id": "r", "inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [[5.1, 3.5, 1.4, 0.2]]}], "outputs": [{"name": "Score"}]}""",
        """{"inputs": [{"name": "sepal_length", "shape": [1], "datatype": "FP64", "data": [5.1]}, {"name": "sepal_width", "shape": [1], "datatype": "FP64", "data": [3.5]}, {"name": "petal_length", "shape": [1], "datatype": "FP64", "data": [1.4]}, {"name": "petal_width", "shape": [1], "datatype": "FP64", "data": [0.2]}]}""",
    ];

    public static List<byte[]> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var bodies = new List<byte[]>(count)
        {
            Utf8(new string('[', 10_000) + new string(']', 10_000)),
            Utf8("{\"data\": {\"ndarray\": " + new string('[', 10_000) + new string(']', 10_000) + "}}"),
            Utf8("{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": " + new string('[', 10_000) + new string(']', 10_000) + "}]}"),
            Utf8(string.Concat(Enumerable.Repeat("{\"a\": ", 10_000)) + "1" + new string('}', 10_000)),
            Utf8("{\"jsonData\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 10_000)) + "1" + new string('}', 10_000) + "}"),
            Utf8("\uFEFF" + s_valid[0]),
            new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 },
            Utf8("{\"data\": {\"ndarray\": [[1,2,3,\"\u00ff"), // cut inside a string
            Utf8("{\"data\": {\"ndarray\": [" + string.Join(",", Enumerable.Repeat("[5.1,3.5,1.4,0.2]", 3000)) + "]}}"),
            Utf8("{\"inputs\": [{\"name\": \"input-0\", \"shape\": [3000, 4], \"datatype\": \"FP32\", \"data\": [" + string.Join(",", Enumerable.Repeat("5.1,3.5,1.4,0.2", 3000)) + "]}]}"),
        };
        while (bodies.Count < count)
        {
            var text = (bodies.Count % 9) switch
            {
                0 => Value(random, 5),
                1 => "{\"data\": {" + Names(random) + "\"ndarray\": " + Value(random, 4) + "}}",
                2 => "{\"data\": {" + Names(random) + "\"tensor\": {\"shape\": " + Pick(random, s_shapes) + ", \"values\": " + NumberList(random) + "}}}",
                3 => "{\"jsonData\": " + (random.Next(2) == 0 ? FeatureObject(random) : "[" + FeatureObject(random) + ", " + Value(random, 2) + "]") + ", \"meta\": " + Value(random, 2) + "}",
                4 => "{\"id\": " + Value(random, 1) + ", \"inputs\": [{\"name\": " + Pick(random, ["\"input-0\"", "\"sepal_length\"", "\"\"", "7", "\"\\ud800\"", "\"é✓🙂\""])
                    + ", \"shape\": " + Pick(random, s_shapes) + ", \"datatype\": \"" + Pick(random, s_datatypes) + "\", \"data\": " + (random.Next(3) == 0 ? Value(random, 3) : NumberList(random))
                    + ", \"parameters\": " + Value(random, 1) + "}], \"outputs\": " + Pick(random, ["[{\"name\": \"Score\"}]", "[{\"name\": \"Nope\"}]", "[\"Score\"]", "{}", "null", "[]"]) + "}",
                5 => Truncate(random, Pick(random, s_valid)),
                6 => Mutate(random, Pick(random, s_valid)),
                7 => "{\"data\": {\"ndarray\": [[" + string.Join(", ", Enumerable.Range(0, 4).Select(_ => random.Next(2) == 0 ? Pick(random, s_numbers) : Pick(random, s_strings))) + "]]}}",
                _ => "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4], \"datatype\": \"" + Pick(random, s_datatypes) + "\", \"data\": ["
                    + string.Join(", ", Enumerable.Range(0, 4).Select(_ => random.Next(3) switch { 0 => Pick(random, s_strings), 1 => Pick(random, ["true", "null", "[]", "{}"]), _ => Pick(random, s_numbers) })) + "]}]}",
            };
            bodies.Add(Utf8(text));
        }
        return bodies;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Names(Random random) => random.Next(3) switch
    {
        0 => "",
        1 => "\"names\": [\"petal_width\", \"petal_length\", \"sepal_width\", \"sepal_length\"], ",
        _ => $"\"names\": {Value(random, 2)}, ",
    };

    private static string NumberList(Random random) =>
        "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 10)).Select(_ => random.Next(8) == 0 ? Pick(random, s_strings) : Pick(random, s_numbers))) + "]";

    private static string FeatureObject(Random random) =>
        "{" + string.Join(", ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"\"{Pick(random, s_keys)}\": {Value(random, 2)}")) + "}";

    private static string Value(Random random, int depth) => random.Next(depth <= 0 ? 4 : 7) switch
    {
        0 => Pick(random, ["null", "true", "false"]),
        1 => Pick(random, s_numbers),
        2 => Pick(random, s_strings),
        3 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
        4 or 5 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Value(random, depth - 1))) + "]",
        _ => "{" + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"\"{Pick(random, s_keys)}\": {Value(random, depth - 1)}")) + "}",
    };

    private static string Truncate(Random random, string valid) => valid[..random.Next(0, valid.Length)];

    // Replaces one number, string or bracket of a valid body with something else.
    private static string Mutate(Random random, string valid)
    {
        var at = random.Next(valid.Length);
        var end = at;
        while (end < valid.Length && char.IsLetterOrDigit(valid[end])) end++;
        var replacement = random.Next(4) switch
        {
            0 => Pick(random, s_numbers),
            1 => Pick(random, s_strings),
            2 => Value(random, 2),
            _ => "",
        };
        return valid[..at] + replacement + valid[Math.Max(end, at + 1)..];
    }
}
