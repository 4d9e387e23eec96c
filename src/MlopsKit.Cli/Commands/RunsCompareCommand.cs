using System.CommandLine;
using MlopsKit.Charts;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs compare</c>: charts of a metric across runs, written as an offline HTML page and/or a PNG.</summary>
public static class RunsCompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runIds = new Argument<string[]>("run-ids") { Description = "Runs to compare, by id (default: the runs --filter/--experiment find).", Arity = ArgumentArity.ZeroOrMore };
        runIds.Validators.Add(Runner.NonEmpty);
        var metric = new Option<string>("--metric", "-m") { Description = "Metric to compare, e.g. rmse.", Required = true };
        var parameters = new Option<string[]>("--param", "-p") { Description = "Param to plot the metric against; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var filter = new Option<string?>("--filter") { Description = "MLflow search filter, e.g. \"params.alpha < 0.5 and metrics.rmse < 0.8\"." };
        var experiment = new Option<string?>("--experiment") { Description = "Experiment to search, by name (default: the Default experiment)." };
        var experimentId = new Option<string?>("--experiment-id") { Description = "Experiment to search, by id." };
        var html = new Option<string?>("--html") { Description = "Write the charts as one offline HTML page here (default: runs-compare.html unless --png is given)." };
        var png = new Option<string?>("--png") { Description = "Write a PNG screenshot of the page here (needs chromium)." };
        var cmd = new Command("compare", "Chart a metric across runs: per-run bars, metric vs each param, parallel coordinates, history by step.")
        {
            runIds, metric, parameters, filter, experiment, experimentId, html, png,
        };
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            var options = new CompareOptions
            {
                Metric = p.GetValue(metric)!,
                Params = p.GetValue(parameters) ?? [],
                RunIds = p.GetValue(runIds) ?? [],
                Filter = p.GetValue(filter),
                ExperimentName = p.GetValue(experiment),
                ExperimentId = p.GetValue(experimentId),
                HtmlPath = p.GetValue(html),
                PngPath = p.GetValue(png),
            };
            using var store = TrackingStoreResolver.Open(p.GetValue(RunsCommand.TrackingUri), mustExist: true);
            var comparison = await RunComparison.LoadAsync(store, options, ct);
            var written = await comparison.WriteAsync(ct);
            if (!p.GetValue(GlobalOptions.Quiet))
            {
                Console.WriteLine($"Compared {(comparison.Runs.Count == 1 ? "1 run" : $"{comparison.Runs.Count} runs")} on {options.Metric}.");
                foreach (var path in written) Console.WriteLine($"wrote {path}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
