using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlopsKit.Datasets;

namespace MlopsKit.Tests.Serving;

/// <summary>Rows of the iris CSV as request bodies (MLflow <c>dataframe_records</c> or a bare list), optionally with one feature shifted.</summary>
public static class IrisTraffic
{
    public static IReadOnlyList<string> Features { get; } = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    /// <summary>All 150 rows (training and test split): the distribution the model was trained on.</summary>
    public static IReadOnlyList<double[]> AllRows() => [.. SampleData.Iris.Rows().Select(ToValues)];

    /// <summary>The 45 rows of the tutorial's test split.</summary>
    public static IReadOnlyList<double[]> TestSplit()
    {
        var test = SampleData.Iris.TestRows.ToHashSet();
        return [.. SampleData.Iris.Rows().Where((_, i) => test.Contains(i)).Select(ToValues)];
    }

    /// <summary>The rows with <paramref name="shift"/> added to <paramref name="feature"/>.</summary>
    public static IReadOnlyList<double[]> Shifted(IReadOnlyList<double[]> rows, string feature, double shift)
    {
        var column = Features.ToList().IndexOf(feature);
        return [.. rows.Select(r => r.Select((v, i) => i == column ? v + shift : v).ToArray())];
    }

    /// <summary>An MLflow 2 scoring body: <c>{"dataframe_records": [{feature: value, ...}, ...]}</c>.</summary>
    public static string MlflowBody(IEnumerable<double[]> rows) => Write(rows, wrap: true);

    /// <summary>A bare JSON array of records, as <see cref="MeteredTestServer"/>'s test route takes.</summary>
    public static string ListBody(IEnumerable<double[]> rows) => Write(rows, wrap: false);

    private static string Write(IEnumerable<double[]> rows, bool wrap)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (wrap)
            {
                w.WriteStartObject();
                w.WritePropertyName("dataframe_records");
            }
            w.WriteStartArray();
            foreach (var row in rows)
            {
                w.WriteStartObject();
                for (var i = 0; i < Features.Count; i++) w.WriteNumber(Features[i], row[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (wrap) w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Posts the rows to <c>/invocations</c> in batches of <paramref name="batch"/>, asserting every answer is 200.</summary>
    public static async Task SendAsync(HttpClient http, IReadOnlyList<double[]> rows, int batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < rows.Count; i += batch)
        {
            using var response = await http.PostAsync("/invocations",
                new StringContent(MlflowBody(rows.Skip(i).Take(batch)), Encoding.UTF8, "application/json"), cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    private static double[] ToValues(string[] fields) =>
        [.. Features.Select(f => double.Parse(fields[SampleData.Iris.Columns.ToList().IndexOf(f)], NumberStyles.Float, CultureInfo.InvariantCulture))];
}
