using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Serving;

namespace MlopsKit.Tests.Serving;

/// <summary>The pooled row-mapper scorer answers exactly as <see cref="LoadedModel.Predict"/>, alone, batched and from many threads.</summary>
[Collection(nameof(ServedModels))]
public sealed class PooledScorerTests(ServingFixture fixture)
{
    private LoadedModel Iris => fixture.Iris.Model.Model;
    private LoadedModel Diabetes => fixture.Diabetes.Model.Model;

    [Fact]
    public void The_model_server_scores_with_a_metered_pooled_scorer_of_one_worker_per_processor()
    {
        Assert.IsType<MeteredScorer>(fixture.Iris.Model.Scorer);
        Assert.Equal(Environment.ProcessorCount, fixture.Iris.Model.PooledScorer.Workers);
    }

    [Theory]
    [InlineData("iris")]
    [InlineData("diabetes")]
    public void Every_test_row_scored_alone_gives_the_same_outputs_as_LoadedModel_Predict(string name)
    {
        var (model, dataset) = Pick(name);
        using var scorer = new PooledScorer(model, workers: 2);
        foreach (var form in new[] { false, true })
        {
            foreach (var row in TestRows(dataset, asJson: form))
                AssertSameRows(model.Predict([row]), scorer.Predict([row]));
        }
    }

    [Theory]
    [InlineData("iris", 16)]
    [InlineData("iris", 1000)]
    [InlineData("diabetes", 16)]
    [InlineData("diabetes", 1000)]
    public void The_whole_test_split_in_one_request_gives_the_same_outputs_on_either_path(string name, int maxPooledRows)
    {
        var (model, dataset) = Pick(name);
        using var scorer = new PooledScorer(model, workers: 1, maxPooledRows);
        var rows = TestRows(dataset, asJson: true);
        var expected = model.Predict(rows);
        Assert.Equal(dataset.TestRows.Count, expected.Count);
        AssertSameRows(expected, scorer.Predict(rows));
        // Batches at and below the threshold take the pooled path: 16 rows, then the first row again (the worker's rows move on).
        AssertSameRows(model.Predict(rows.Take(16).ToList()), scorer.Predict(rows.Take(16).ToList()));
        AssertSameRows(model.Predict([rows[0]]), scorer.Predict([rows[0]]));
    }

    [Fact]
    public void The_outputs_are_the_signature_columns_with_plain_values()
    {
        using var scorer = new PooledScorer(Iris, workers: 1);
        var row = Assert.Single(scorer.Predict([TestRows(SampleData.Iris, asJson: false)[0]]));
        Assert.Equal(["PredictedLabel", "Score"], row.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(Assert.IsType<string>(row["PredictedLabel"]), new[] { "setosa", "versicolor", "virginica" });
        Assert.Equal(3, Assert.IsType<float[]>(row["Score"]).Length);
    }

    [Fact]
    public void Eight_threads_scoring_500_rows_each_get_the_single_threaded_answers()
    {
        using var scorer = new PooledScorer(Iris, workers: 2);
        var rows = TestRows(SampleData.Iris, asJson: true);
        var expected = rows.Select(r => Iris.Predict([r])[0]).ToArray();
        var mismatches = 0;
        var scored = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (var i = 0; i < 500 && DateTime.UtcNow < deadline; i++)
            {
                var k = (t * 7 + i) % rows.Count;
                var actual = scorer.Predict([rows[k]])[0];
                if (!SameRow(expected[k], actual)) Interlocked.Increment(ref mismatches);
                Interlocked.Increment(ref scored);
            }
        });
        Assert.Equal(0, mismatches);
        Assert.Equal(8 * 500, scored);
    }

    [Fact]
    public void Concurrent_small_batches_keep_each_requests_rows_apart()
    {
        using var scorer = new PooledScorer(Iris, workers: 2);
        var rows = TestRows(SampleData.Iris, asJson: false);
        var mismatches = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (var i = 0; i < 100; i++)
            {
                var batch = rows.Skip((t * 5 + i) % (rows.Count - 8)).Take(1 + (i % 8)).ToList();
                var expected = Iris.Predict(batch);
                if (!expected.Zip(scorer.Predict(batch)).All(p => SameRow(p.First, p.Second))) Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "missing column", """[{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4}]""" },
        { "text for a number", """[{"sepal_length": "abc", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]""" },
        { "boolean for a number", """[{"sepal_length": true, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]""" },
        { "number as text", """[{"sepal_length": "5.1", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]""" },
        { "list for a number", """[{"sepal_length": [5.1], "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]""" },
        { "second row bad", """[{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}, {"sepal_length": 5.1, "sepal_width": "x", "petal_length": 1.4, "petal_width": 0.2}]""" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_throws_the_same_ModelInputException_message_as_LoadedModel_Predict(string why, string json)
    {
        using var scorer = new PooledScorer(Iris, workers: 1);
        var rows = JsonRows(json);
        var expected = Assert.Throws<ModelInputException>(() => Iris.Predict(rows));
        var actual = Assert.Throws<ModelInputException>(() => scorer.Predict(rows));
        Assert.Equal(expected.Message, actual.Message);
        Assert.True(Regex.IsMatch(actual.Message, "(sepal|petal)_(length|width)"), $"{why}: the message should name the column: {actual.Message}");
        // The worker went back to the pool: the next good request is answered.
        Assert.Single(scorer.Predict([TestRows(SampleData.Iris, asJson: false)[0]]));
    }

    [Fact]
    public void CLR_values_of_the_wrong_type_fail_with_the_same_message_and_extra_keys_are_dropped()
    {
        using var scorer = new PooledScorer(Iris, workers: 1);
        IReadOnlyDictionary<string, object?> doubles = new Dictionary<string, object?>
        {
            ["sepal_length"] = 5.1,
            ["sepal_width"] = 3.5f,
            ["petal_length"] = 1.4f,
            ["petal_width"] = 0.2f,
        };
        Assert.Equal(Assert.Throws<ModelInputException>(() => Iris.Predict([doubles])).Message,
            Assert.Throws<ModelInputException>(() => scorer.Predict([doubles])).Message);
        IReadOnlyDictionary<string, object?> extra = new Dictionary<string, object?>
        {
            ["sepal_length"] = 5.1f,
            ["sepal_width"] = 3.5f,
            ["petal_length"] = 1.4f,
            ["petal_width"] = 0.2f,
            ["colour"] = "blue",
        };
        AssertSameRows(Iris.Predict([extra]), scorer.Predict([extra]));
    }

    private (LoadedModel Model, Dataset Data) Pick(string name) => name == "iris" ? (Iris, SampleData.Iris) : (Diabetes, SampleData.Diabetes);

    // The test split's feature values, as CLR floats or as the JsonElements a request body carries.
    private static List<IReadOnlyDictionary<string, object?>> TestRows(Dataset dataset, bool asJson)
    {
        var names = dataset.Columns.Take(dataset.Columns.Count - 1).ToArray();
        var all = dataset.Rows().ToList();
        return dataset.TestRows.Select(i => (IReadOnlyDictionary<string, object?>)names.Select((n, c) => (n, all[i][c])).ToDictionary(
            p => p.n,
            p => asJson ? JsonDocument.Parse(p.Item2).RootElement.Clone() : (object?)float.Parse(p.Item2, CultureInfo.InvariantCulture),
            StringComparer.Ordinal)).ToList();
    }

    private static List<IReadOnlyDictionary<string, object?>> JsonRows(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(r => (IReadOnlyDictionary<string, object?>)r.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal))
            .ToList();

    private static void AssertSameRows(IReadOnlyList<IReadOnlyDictionary<string, object?>> expected, IReadOnlyList<IReadOnlyDictionary<string, object?>> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Keys.Order(StringComparer.Ordinal), actual[i].Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in expected[i])
            {
                if (value is Array a) Assert.Equal(a.Cast<object?>(), ((Array)actual[i][key]!).Cast<object?>());
                else Assert.Equal(value, actual[i][key]);
            }
        }
    }

    private static bool SameRow(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> actual) =>
        expected.Count == actual.Count && expected.All(p => actual.TryGetValue(p.Key, out var v)
            && (p.Value is Array a ? v is Array b && a.Cast<object?>().SequenceEqual(b.Cast<object?>()) : Equals(p.Value, v)));
}
