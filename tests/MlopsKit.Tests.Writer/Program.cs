using System.Globalization;
using MlopsKit.Tracking;

// A separate process that logs one run into a shared tracking store, for the multi-process concurrency tests.
//   MlopsKit.Tests.Writer <tracking-uri> <experiment-name> <points> <fluent|client> [<go-file>]
// Logs metric "loss" with value step * 0.5 at steps 0..points-1, param "mode" and tag "writer.pid", into ONE new run:
//   fluent: Tracker.StartRunAsync + ActiveRun.LogMetric in a loop (background batches), ended by DisposeAsync.
//   client: TrackingClient; per 100-point batch, the first point through LogMetricAsync (one transaction) and the
//           other 99 through one Store.LogBatchAsync call; ended FINISHED with SetTerminatedAsync.
// With <go-file>, the writer starts its run, creates <go-file>.<pid>.ready, then waits (up to 2 minutes) for <go-file> to
// exist before logging points, so a test can line all writers up and release them at once.
// Prints the run id on stdout and exits 0; on any exception prints "error: <message>" to stderr and exits 1.
if (args.Length is not (4 or 5) || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var points) || args[3] is not ("fluent" or "client"))
{
    await Console.Error.WriteLineAsync("usage: MlopsKit.Tests.Writer <tracking-uri> <experiment-name> <points> <fluent|client> [<go-file>]");
    return 2;
}
var (uri, experiment, mode, goFile) = (args[0], args[1], args[3], args.Length == 5 ? args[4] : null);
var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
try
{
    using var client = new TrackingClient(uri);
    string runId;
    if (mode == "fluent")
    {
        await using var run = await Tracker.StartRunAsync(experiment, new StartRunOptions { Client = client });
        run.LogParam("mode", mode);
        run.SetTag("writer.pid", pid);
        await WaitForGoAsync(goFile);
        for (var step = 0; step < points; step++) run.LogMetric("loss", step * 0.5, step);
        runId = run.RunId;
    }
    else
    {
        var experimentId = await client.GetOrCreateExperimentAsync(experiment);
        runId = (await client.Store.CreateRunAsync(experimentId, $"client-{pid}", client.NowMs, [])).Info.RunId;
        await client.LogParamAsync(runId, "mode", mode);
        await client.SetTagAsync(runId, "writer.pid", pid);
        await WaitForGoAsync(goFile);
        for (var start = 0; start < points; start += 100)
        {
            var end = Math.Min(points, start + 100);
            await client.LogMetricAsync(runId, "loss", start * 0.5, start);
            var batch = new List<Metric>(end - start - 1);
            for (var step = start + 1; step < end; step++) batch.Add(new Metric("loss", step * 0.5, client.NowMs, step));
            if (batch.Count > 0) await client.Store.LogBatchAsync(runId, batch, [], []);
        }
        await client.SetTerminatedAsync(runId);
    }
    Console.WriteLine(runId);
    return 0;
}
#pragma warning disable CA1031 // The writer's contract is one error line for any failure; the test reads it.
catch (Exception e)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

static async Task WaitForGoAsync(string? goFile)
{
    if (goFile is null) return;
    await File.WriteAllTextAsync($"{goFile}.{Environment.ProcessId}.ready", "");
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    while (!File.Exists(goFile)) await Task.Delay(5, timeout.Token);
}
