using System.Globalization;
using MlopsKit.Datasets;
using MlopsKit.Serving;
using MlopsKit.Training;

namespace MlopsKit.Tests.Serving;

/// <summary>The same rows give the same answers on all four protocols and in process, through the public <see cref="ModelClient"/>.</summary>
[Collection(nameof(ServedModels))]
public sealed class CrossProtocolTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>In process the values must already be float32, as the signature says (MLflow refuses double to float); over the wire they are JSON numbers.</summary>
    private static List<IReadOnlyDictionary<string, object?>> AsFloats(List<IReadOnlyDictionary<string, object?>> rows) =>
        rows.Select(r => (IReadOnlyDictionary<string, object?>)r.ToDictionary(kv => kv.Key, kv => (object?)(float)(double)kv.Value!)).ToList();

    private static List<IReadOnlyDictionary<string, object?>> TestRows(Dataset dataset)
    {
        var names = TutorialFrames.FeatureNames(dataset);
        var test = new HashSet<int>(dataset.TestRows);
        return dataset.Rows().Where((_, i) => test.Contains(i))
            .Select(r => (IReadOnlyDictionary<string, object?>)names.Select((n, c) => (n, v: (object?)double.Parse(r[c], CultureInfo.InvariantCulture)))
                .ToDictionary(p => p.n, p => p.v))
            .ToList();
    }

    [Fact]
    public async Task Every_iris_test_row_gets_the_same_class_on_mlflow_flask_seldon_v2_and_in_process()
    {
        var rows = TestRows(SampleData.Iris);
        var expected = fixture.Iris.Model.Scorer.Predict(AsFloats(rows)).Select(r => r["PredictedLabel"]?.ToString()).ToList();
        using var client = new ModelClient(fixture.Iris.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });
        foreach (var protocol in new[] { ServingProtocol.Mlflow, ServingProtocol.Flask, ServingProtocol.Seldon, ServingProtocol.OpenInference })
        {
            var answer = await client.PredictAsync(rows, protocol, Ct);
            // Seldon answers class probabilities only; the client reports the best class's index, in the model's class order.
            var classes = fixture.Iris.Model.Classes!.ToList();
            List<string?> want = protocol == ServingProtocol.Seldon
                ? expected.Select(e => (string?)classes.IndexOf(e!).ToString(CultureInfo.InvariantCulture)).ToList()
                : expected;
            Assert.Equal(want, answer.Predictions.Select(p => p?.ToString()).ToList());
        }
        Assert.Equal(45, expected.Count);
    }

    [Fact]
    public async Task Every_diabetes_test_row_gets_the_same_score_on_every_protocol()
    {
        var rows = TestRows(SampleData.Diabetes);
        var expected = fixture.Diabetes.Model.Scorer.Predict(AsFloats(rows)).Select(r => Convert.ToDouble(r["Score"], CultureInfo.InvariantCulture)).ToList();
        using var client = new ModelClient(fixture.Diabetes.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Diabetes) });
        foreach (var protocol in new[] { ServingProtocol.Mlflow, ServingProtocol.Flask, ServingProtocol.Seldon, ServingProtocol.OpenInference })
        {
            var answer = await client.PredictAsync(rows, protocol, Ct);
            var got = answer.Predictions.Select(p => Convert.ToDouble(p, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(expected.Count, got.Count);
            for (var i = 0; i < got.Count; i++) Assert.Equal((float)expected[i], (float)got[i]);
        }
    }
}
