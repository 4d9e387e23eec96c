using System.CommandLine;
using MlopsKit.Tracking;

namespace MlopsKit.Cli.Commands;

/// <summary><c>mlops runs list</c>: one page of an experiment's runs, filtered and ordered as MLflow's runs/search, as a table or JSON.</summary>
public static class RunsListCommand
{
    /// <summary>How many metric and param columns the table shows at most when <c>--columns</c> is not given (fewer on a narrow terminal).</summary>
    public const int DefaultDataColumns = 8;

    private static readonly string[] s_columnPrefixes = ["metrics.", "params.", "tags."];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new Option<string?>("--experiment") { Description = "Experiment to list, by name (default: the Default experiment, id 0)." };
        var experimentId = new Option<string?>("--experiment-id") { Description = "Experiment to list, by id." };
        var filter = new Option<string?>("--filter") { Description = "MLflow search filter, e.g. \"metrics.rmse < 0.8 and params.alpha = '0.5'\"." };
        var orderBy = new Option<string[]>("--order-by") { Description = "Sort key such as \"metrics.rmse ASC\" or \"start_time DESC\"; repeat for ties (default: start_time DESC)." };
        var maxResults = new Option<int?>("--max-results") { Description = "Runs per page (default 100, at most 50000).", CustomParser = Runner.PositiveInt };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue after a previous page (its next_page_token)." };
        var view = ViewTypeOption.Create("runs");
        var columns = new Option<string[]>("--columns") { Description = "Metric, param or tag columns to show, comma-separated: metrics.rmse,params.alpha,tags.team (default: the first metrics and params)." };
        columns.Validators.Add(r =>
        {
            foreach (var c in Split(r.Tokens.Select(t => t.Value)))
                if (!s_columnPrefixes.Any(prefix => c.StartsWith(prefix, StringComparison.Ordinal) && c.Length > prefix.Length))
                    r.AddError($"--columns entry '{c}' must start with metrics., params. or tags. and name a key.");
        });
        var json = new Option<bool>("--json") { Description = "Print MLflow's runs/search JSON ({\"runs\": [...], \"next_page_token\": ...}) instead of a table." };
        var cmd = new Command("list", "List an experiment's runs: id, name, status, start time, duration, and their metrics and params.")
        {
            experiment, experimentId, filter, orderBy, maxResults, pageToken, view, columns, json,
        };
        cmd.Validators.Add(r =>
        {
            if (r.GetResult(experiment) is not null && r.GetResult(experimentId) is not null)
                r.AddError("--experiment and --experiment-id cannot be used together; give one.");
        });
        Runner.SetHandler(cmd, async (p, ct) =>
        {
            using var store = TrackingStoreResolver.Open(p.GetValue(RunsCommand.TrackingUri), mustExist: true);
            using var client = new TrackingClient(store);
            var target = p.GetValue(experiment) is { } name
                ? await client.GetExperimentByNameAsync(name, ct)
                : await store.GetExperimentAsync(p.GetValue(experimentId) ?? "0", ct);
            var (runs, next) = await store.SearchRunsAsync(new RunSearch
            {
                ExperimentIds = [target.ExperimentId],
                Filter = p.GetValue(filter),
                OrderBy = p.GetValue(orderBy) ?? [],
                MaxResults = p.GetValue(maxResults) ?? 100,
                PageToken = p.GetValue(pageToken),
                ViewType = p.GetValue(view),
            }, ct);
            if (p.GetValue(json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("runs");
                    foreach (var run in runs) RunJson.WriteRun(w, run);
                    w.WriteEndArray();
                    if (next is not null) w.WriteString("next_page_token", next);
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            if (p.GetValue(GlobalOptions.Quiet)) return ExitCodes.Ok;
            var picked = Split(p.GetValue(columns) ?? []).ToList();
            var all = AllDataColumns(runs);
            var dataColumns = picked.Count > 0 ? picked : all.Take(DataColumnBudget()).ToList();
            Format.Table(["run_id", "run_name", "status", "start_time", "duration", .. dataColumns],
                runs.Select(r => (string[])
                [
                    r.Info.RunId, r.Info.RunName, r.Info.Status.ToString(), Format.Time(r.Info.StartTime), Format.Duration(r.Info.StartTime, r.Info.EndTime),
                    .. dataColumns.Select(c => Cell(r, c)),
                ]),
                headerWhenRedirected: true);
            if (picked.Count == 0 && all.Count > dataColumns.Count)
                Console.Error.WriteLine($"note: showing {dataColumns.Count} of {all.Count} metric and param columns; pick others with --columns metrics.<key>,params.<key>.");
            if (next is not null)
                Console.Error.WriteLine($"note: more runs match; see the next page with --page-token {next}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>On a terminal, as many data columns as fit next to the fixed ones (about 90 characters, then about 14 per column); else the default.</summary>
    private static int DataColumnBudget()
    {
        if (Console.IsOutputRedirected) return DefaultDataColumns;
        try
        {
            return Math.Clamp((Console.WindowWidth - 90) / 14, 1, DefaultDataColumns);
        }
        catch (IOException)
        {
            return DefaultDataColumns;
        }
    }

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static List<string> AllDataColumns(IReadOnlyList<Run> runs) =>
        runs.SelectMany(r => r.Data.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).Select(k => "metrics." + k)
            .Concat(runs.SelectMany(r => r.Data.Params.Keys).Distinct().Order(StringComparer.Ordinal).Select(k => "params." + k))
            .ToList();

    private static string Cell(Run run, string column)
    {
        if (column.StartsWith("metrics.", StringComparison.Ordinal))
            return run.Data.Metrics.TryGetValue(column["metrics.".Length..], out var m) ? Format.Number(m.Value) : "";
        if (column.StartsWith("params.", StringComparison.Ordinal))
            return run.Data.Params.GetValueOrDefault(column["params.".Length..]) ?? "";
        return run.Data.Tags.GetValueOrDefault(column["tags.".Length..]) ?? "";
    }
}
