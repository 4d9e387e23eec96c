using System.Text.Json;
using MlopsKit.Datasets;
using MlopsKit.Serving;
using MlopsKit.Tracking;
using MlopsKit.Training;

namespace MlopsKit.Tutorial;

public sealed partial class Walkthrough
{
    private static readonly (ServingProtocol Protocol, string Name)[] s_protocols =
        [(ServingProtocol.Mlflow, "MLflow"), (ServingProtocol.Flask, "Flask"), (ServingProtocol.Seldon, "Seldon v1"), (ServingProtocol.OpenInference, "Open Inference v2")];

    private readonly List<TutorialPrediction> _predictions = [];
    private ModelServer? _diabetesServer;
    private ModelServer? _irisServer;

    private async Task ServingAsync()
    {
        await Step("serving", "register the best diabetes run and serve it", async () =>
        {
            var store = (SqliteTrackingStore)_client!.Store;
            var version = await store.CreateModelVersionAsync("diabetes", $"runs:/{_bestDiabetesRun}/model", _bestDiabetesRun, _ct).ConfigureAwait(false);
            _diabetesServer = await ModelServer.StartAsync(new ModelServerOptions
            {
                ModelUri = $"models:/diabetes/{version.Version}",
                TrackingUri = _trackingUri,
                Port = 0,
            }, _ct).ConfigureAwait(false);
            // The tutorial's MLflow curl body: the first row of the diabetes data.
            var row = FeatureRows(SampleData.Diabetes)[0];
            await CallAllAsync("diabetes", _diabetesServer, row).ConfigureAwait(false);
            return $"models:/diabetes/{version.Version} (run {_bestDiabetesRun}) on {_diabetesServer.BaseAddress}; the same row scored identically on all four protocols";
        }).ConfigureAwait(false);

        await Step("serving", "serve the iris classifier: the tutorial's Flask and Seldon requests", async () =>
        {
            var store = (SqliteTrackingStore)_client!.Store;
            var version = await store.CreateModelVersionAsync("iris", $"runs:/{_irisRun}/model", _irisRun, _ct).ConfigureAwait(false);
            // A small drift window, so the monitoring chapter's few hundred rows fill it (the default is 1,000 rows, published from 100).
            _irisServer = await ModelServer.StartAsync(new ModelServerOptions
            {
                ModelUri = $"models:/iris/{version.Version}",
                TrackingUri = _trackingUri,
                Port = 0,
                DriftWindowRows = 200,
                DriftMinRows = 50,
            }, _ct).ConfigureAwait(false);
            var flower = new Dictionary<string, object?> { ["sepal_length"] = 5.9, ["sepal_width"] = 3.0, ["petal_length"] = 5.1, ["petal_width"] = 1.8 };
            await CallAllAsync("iris", _irisServer, flower).ConfigureAwait(false);
            var ones = new Dictionary<string, object?> { ["sepal_length"] = 1.0, ["sepal_width"] = 2.0, ["petal_length"] = 3.0, ["petal_width"] = 4.0 };
            using var client = new ModelClient(_irisServer.BaseAddress, new ModelClientOptions { Columns = TutorialFrames.FeatureNames(SampleData.Iris) });
            var seldon = await client.PredictAsync([ones], ServingProtocol.Seldon, cancellationToken: _ct).ConfigureAwait(false);
            _predictions.Add(new TutorialPrediction("iris", "Seldon v1", "/api/v1.0/predictions", "{\"data\":{\"ndarray\":[[1,2,3,4]]}}", seldon.RawJson));
            return $"models:/iris/{version.Version} on {_irisServer.BaseAddress}: POST /predict answers class {_predictions.Last(p => p.Protocol == "Flask").Response}";
        }).ConfigureAwait(false);
    }

    private async Task CallAllAsync(string model, ModelServer server, IReadOnlyDictionary<string, object?> row)
    {
        using var client = new ModelClient(server.BaseAddress, new ModelClientOptions { Columns = [.. row.Keys] });
        string? first = null;
        foreach (var (protocol, name) in s_protocols)
        {
            var answer = await client.PredictAsync([row], protocol, cancellationToken: _ct).ConfigureAwait(false);
            var prediction = JsonSerializer.Serialize(answer.Predictions[0]?.ToString());
            first ??= prediction;
            if (prediction != first) throw new InvalidOperationException($"{name} answered {prediction} where MLflow answered {first} for the same row");
            _predictions.Add(new TutorialPrediction(model, name, Route(protocol, model), RowJson(row), answer.RawJson));
        }
    }

    private static string Route(ServingProtocol protocol, string model) => protocol switch
    {
        ServingProtocol.Mlflow => "/invocations",
        ServingProtocol.Flask => "/predict",
        ServingProtocol.Seldon => "/api/v1.0/predictions",
        _ => $"/v2/models/{model}/infer",
    };

    private static string RowJson(IReadOnlyDictionary<string, object?> row) =>
        "{" + string.Join(",", row.Select(kv => $"\"{kv.Key}\":{Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)}")) + "}";

    /// <summary>The data set's rows as feature name → value, in the order the model's signature lists the features.</summary>
    private static List<Dictionary<string, object?>> FeatureRows(Dataset dataset)
    {
        var features = TutorialFrames.FeatureNames(dataset);
        var index = features.Select(f => dataset.Columns.ToList().IndexOf(f)).ToArray();
        return [.. dataset.Rows().Select(values =>
            features.Select((f, i) => (f, v: (object?)double.Parse(values[index[i]], System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(p => p.f, p => p.v))];
    }

    private async Task StopServersAsync()
    {
        if (_diabetesServer is not null) await _diabetesServer.DisposeAsync().ConfigureAwait(false);
        if (_irisServer is not null) await _irisServer.DisposeAsync().ConfigureAwait(false);
        _diabetesServer = _irisServer = null;
    }
}
