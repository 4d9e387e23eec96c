using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Interactive.Tests.Support;
using MlopsKit.Models;
using MlopsKit.Tracking;
using MlopsKit.Training;

namespace MlopsKit.Interactive.Tests;

/// <summary>Trains the tutorial's iris classifier once and logs it into a temp SQLite store.</summary>
public sealed class IrisModelFixture : IAsyncLifetime
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-nb-model");

    public string TrackingUri => $"sqlite:///{_dir["mlflow.db"]}";

    public string RunId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ml = new MLContext(seed: 1);
        using var client = new TrackingClient(TrackingUri);
        var (train, _) = TutorialFrames.Load(SampleData.Iris);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
            .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        await using var run = await Tracker.StartRunAsync("serving", new StartRunOptions { Client = client, RunName = "iris" });
        RunId = run.RunId;
        IDataView data = train;
        await run.LogModelAsync(ml, pipeline.Fit(data), data.Schema, new ModelSaveOptions { LabelColumn = "species", ModelName = "iris", InputExample = ml.Data.TakeRows(data, 3) });
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed partial class ServeMagicTests(IrisModelFixture model) : IClassFixture<IrisModelFixture>
{
    private const string IrisRows = """{"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}""";

    [Fact]
    public async Task Serve_starts_a_real_server_that_answers_invocations_until_serve_stop_frees_its_port()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync($"#!serve -m runs:/{model.RunId}/model --port 0 --tracking-uri {model.TrackingUri}");
        Assert.False(cell.Failed, cell.ToString());
        var url = new Uri(BaseUrl().Match(cell.Html).Value);
        foreach (var route in new[] { "/invocations", "/predict", "/api/v1.0/predictions", "/v2/models/iris/infer", "/metrics" })
            Assert.Contains(url.ToString().TrimEnd('/') + route, cell.Html);

        using (var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) })
        {
            using var response = await http.PostAsync("/invocations", new StringContent(IrisRows, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Contains("setosa", body);
            Assert.Contains("virginica", body);
        }

        var stop = await nb.RunAsync($"#!serve --stop --port {url.Port}");
        Assert.False(stop.Failed, stop.ToString());
        Assert.Contains("Stopped " + url.ToString().TrimEnd('/'), stop.Html);
        Assert.False(await AcceptsAsync(url.Port));
    }

    [Fact]
    public async Task Disposing_the_kernel_stops_the_servers_it_started()
    {
        int port;
        using (var nb = Notebook.Create())
        {
            var cell = await nb.RunAsync($"#!serve -m runs:/{model.RunId}/model --tracking-uri {model.TrackingUri}");
            Assert.False(cell.Failed, cell.ToString());
            port = new Uri(BaseUrl().Match(cell.Html).Value).Port;
            Assert.True(await AcceptsAsync(port));
        }
        Assert.False(await AcceptsAsync(port));
    }

    [Fact]
    public async Task Serving_a_missing_model_fails_with_one_clear_line()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync($"#!serve -m runs:/0123456789abcdef0123456789abcdef/model --tracking-uri {model.TrackingUri}");
        var failure = Assert.Single(cell.Failures);
        Assert.StartsWith("error: ", failure.Message);
        Assert.Contains("0123456789abcdef0123456789abcdef", failure.Message);
        Assert.DoesNotContain('\n', failure.Message.Trim());
        Assert.Equal("", cell.Html);
    }

    [Fact]
    public async Task Stop_with_nothing_running_says_so()
    {
        using var nb = Notebook.Create();
        var cell = await nb.RunAsync("#!serve --stop");
        Assert.False(cell.Failed, cell.ToString());
        Assert.Contains("No server was running.", cell.Html);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex BaseUrl();
}
