using System.CommandLine;
using MlopsKit.Serving;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops models serve</c>: serve an ML.NET model over MLflow, Flask-style, Seldon v1 and Open Inference Protocol routes.</summary>
public static class ModelsServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model-uri", "-m") { Description = "runs:/<run_id>/model, models:/<name>/<version|stage|latest>, models:/<name>@<alias>, or a model directory.", Required = true };
        var port = new Option<int>("--port", "-p") { Description = "Port (0 = any free port).", DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host", "-h") { Description = "Address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces).", DefaultValueFactory = _ => "127.0.0.1" };
        var workers = new Option<int>("--workers", "-w") { Description = "Prediction workers (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var name = new Option<string?>("--name") { Description = "Model name the protocols report (default: from MLmodel, else 'model')." };
        var version = new Option<string?>("--model-version") { Description = "Model version the protocols report (default: the registry version of a models:/ URI, else 1)." };
        var trackingUri = new Option<string?>("--tracking-uri") { Description = "Tracking store for runs:/ and models:/ URIs (default: $MLFLOW_TRACKING_URI, else sqlite:///mlflow.db)." };
        var driftWindow = new Option<int>("--drift-window") { Description = "Served values per feature kept for the PSI/KS drift gauges (the last N).", DefaultValueFactory = _ => 1000 };
        var driftMinRows = new Option<int>("--drift-min-rows") { Description = "Values the drift window must hold before PSI/KS are published (at most --drift-window).", DefaultValueFactory = _ => 100 };
        var cmd = new Command("serve", "Serve a model: /invocations (MLflow), /predict (Flask), /api/v1.0/predictions (Seldon), /v2 (Open Inference), /metrics.")
        {
            model, port, host, workers, name, version, trackingUri, driftWindow, driftMinRows,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            if (p.GetValue(workers) < 1) throw new ConfigException("--workers must be at least 1.");
            if (p.GetValue(driftWindow) < 1) throw new ConfigException("--drift-window must be at least 1.");
            if (p.GetValue(driftMinRows) < 1 || p.GetValue(driftMinRows) > p.GetValue(driftWindow))
                throw new ConfigException($"--drift-min-rows must be between 1 and --drift-window ({p.GetValue(driftWindow)}).");
            await using var server = await ModelServer.StartAsync(new ModelServerOptions
            {
                ModelUri = p.GetValue(model)!,
                Port = p.GetValue(port),
                Host = p.GetValue(host)!,
                Workers = p.GetValue(workers),
                ModelName = p.GetValue(name),
                ModelVersion = p.GetValue(version),
                TrackingUri = p.GetValue(trackingUri),
                DriftWindowRows = p.GetValue(driftWindow),
                DriftMinRows = p.GetValue(driftMinRows),
            }, ct);
            var m = server.Model;
            var url = server.BaseAddress.ToString().TrimEnd('/');
            Console.WriteLine($"Serving '{m.Name}' version {m.Version}{(m.RunId is null ? "" : $" (run {m.RunId})")} on {url}  (Ctrl+C to stop)");
            Console.WriteLine($"  MLflow      POST {url}/invocations   GET {url}/ping");
            Console.WriteLine($"  Flask       POST {url}/predict");
            Console.WriteLine($"  Seldon v1   POST {url}/api/v1.0/predictions");
            Console.WriteLine($"  Open Inf.   POST {url}/v2/models/{m.Name}/infer");
            Console.WriteLine($"  metrics     GET  {url}/metrics");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Console.WriteLine("stopping");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
