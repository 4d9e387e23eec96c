using System.Text;
using MlopsKit.Tracking;
using Plotly.NET;

namespace MlopsKit.Charts;

/// <summary>Runs picked from a tracking store, with their metric histories, ready to chart (<c>mlops runs compare</c>).</summary>
public sealed class RunComparison
{
    private RunComparison(CompareOptions options, IReadOnlyList<Run> runs, IReadOnlyList<(Run Run, IReadOnlyList<Metric> History)> histories)
    {
        Options = options;
        Runs = runs;
        Histories = histories;
    }

    /// <summary>The options the comparison was loaded with.</summary>
    public CompareOptions Options { get; }
    /// <summary>The selected runs, in the order the store returned them.</summary>
    public IReadOnlyList<Run> Runs { get; }
    /// <summary>The metric's history of each selected run that has the metric.</summary>
    public IReadOnlyList<(Run Run, IReadOnlyList<Metric> History)> Histories { get; }

    /// <summary>
    /// Selects runs (by id, or by search) and reads their metric histories. Throws <see cref="NotFoundException"/> for an
    /// unknown run or experiment, when nothing matches, or when no selected run has the metric or a param.
    /// </summary>
    public static async Task<RunComparison> LoadAsync(ITrackingStore store, CompareOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var runs = options.RunIds.Count > 0
            ? await GetRunsAsync(store, options.RunIds, cancellationToken).ConfigureAwait(false)
            : await SearchAsync(store, options, cancellationToken).ConfigureAwait(false);

        var metric = options.Metric;
        if (!runs.Any(r => r.Data.Metrics.ContainsKey(metric)))
            throw new NotFoundException($"None of the {Count(runs.Count)} selected has metric '{metric}'; {RunValues.KnownMetrics(runs)}.");
        foreach (var param in options.Params)
            if (!runs.Any(r => r.Data.Params.ContainsKey(param)))
                throw new NotFoundException($"None of the {Count(runs.Count)} selected has param '{param}'; {RunValues.KnownParams(runs)}.");

        var histories = new List<(Run, IReadOnlyList<Metric>)>();
        foreach (var run in runs.Where(r => r.Data.Metrics.ContainsKey(metric)))
            histories.Add((run, await store.GetMetricHistoryAsync(run.Info.RunId, metric, cancellationToken).ConfigureAwait(false)));
        return new RunComparison(options, runs, histories);
    }

    /// <summary>The dashboard's charts (see <see cref="RunChart.CompareCharts"/>).</summary>
    public IReadOnlyList<GenericChart> Charts() => RunChart.CompareCharts(Runs, Histories, Options.Metric, Options.Params);

    /// <summary>The dashboard as one self-contained HTML page.</summary>
    public string ToHtml() => ChartHtml.ToHtml(Charts(), $"{Options.Metric} across {Count(Runs.Count)}");

    /// <summary>Writes the HTML page and/or the PNG the options ask for; returns the full paths written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(CancellationToken cancellationToken = default)
    {
        var charts = Charts();
        var html = ChartHtml.ToHtml(charts, $"{Options.Metric} across {Count(Runs.Count)}");
        var written = new List<string>();
        var htmlPath = Options.HtmlPath ?? (Options.PngPath is null ? "runs-compare.html" : null);
        if (htmlPath is not null)
        {
            var full = Path.GetFullPath(htmlPath);
            var dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(full, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            written.Add(full);
        }
        if (Options.PngPath is not null)
        {
            var full = Path.GetFullPath(Options.PngPath);
            var rows = (charts.Count + 1) / 2;
            var height = Options.PngHeight ?? (80 + rows * (Figure.Height + 8) + 24);
            await ChartHtml.ToPngAsync(html, full, Options.PngWidth, height, cancellationToken).ConfigureAwait(false);
            written.Add(full);
        }
        return written;
    }

    private static void Validate(CompareOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Metric)) throw new ConfigException("CompareOptions.Metric is empty; name the metric to compare (--metric rmse).");
        if (options.Params.Any(string.IsNullOrWhiteSpace)) throw new ConfigException("CompareOptions.Params contains an empty name; name each param (--param alpha).");
        if (options.RunIds.Count > 0 && (options.Filter is not null || options.ExperimentName is not null || options.ExperimentId is not null))
            throw new ConfigException("CompareOptions.RunIds cannot be combined with Filter or an experiment; give run ids, or search with --filter/--experiment.");
        if (options.ExperimentName is not null && options.ExperimentId is not null)
            throw new ConfigException("CompareOptions.ExperimentName and ExperimentId are both set; give one (--experiment or --experiment-id).");
        if (options.PngWidth < 16 || options.PngHeight is < 16)
            throw new ConfigException("CompareOptions.PngWidth and PngHeight must be at least 16 pixels.");
    }

    private static async Task<IReadOnlyList<Run>> GetRunsAsync(ITrackingStore store, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var runs = new List<Run>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
            runs.Add(await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false));
        return runs;
    }

    private static async Task<IReadOnlyList<Run>> SearchAsync(ITrackingStore store, CompareOptions options, CancellationToken cancellationToken)
    {
        string experimentId;
        if (options.ExperimentName is not null)
        {
            var experiment = await store.GetExperimentByNameAsync(options.ExperimentName, cancellationToken).ConfigureAwait(false)
                ?? throw new NotFoundException($"experiment '{options.ExperimentName}' does not exist; check the name, or pass --experiment-id.");
            experimentId = experiment.ExperimentId;
        }
        else
        {
            experimentId = options.ExperimentId ?? "0";
        }
        var runs = new List<Run>();
        string? token = null;
        do
        {
            var search = new RunSearch { ExperimentIds = [experimentId], Filter = options.Filter, PageToken = token };
            var (page, next) = await store.SearchRunsAsync(search, cancellationToken).ConfigureAwait(false);
            runs.AddRange(page);
            token = next;
        }
        while (token is not null);
        if (runs.Count == 0)
            throw new NotFoundException(options.Filter is null
                ? $"experiment '{options.ExperimentName ?? experimentId}' has no active runs; log some, or pick another experiment (--experiment)."
                : $"no run in experiment '{options.ExperimentName ?? experimentId}' matches the filter \"{options.Filter}\".");
        return runs;
    }

    private static string Count(int runs) => runs == 1 ? "1 run" : $"{runs} runs";
}
