using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlopsKit.Models;

namespace MlopsKit.Tracking;

/// <summary>
/// ML.NET autologging: <c>mlContext.Autolog()</c> once, then fit and evaluate through it. Each fit logs every chain step's options as
/// params, the training duration, ML.NET's training messages (and stepped metrics found in them), the training data's digest and the
/// model with its signature and an input example; each evaluation logs metrics under MLflow's names into the run that trained the model.
/// </summary>
public sealed partial class MlnetAutolog : IDisposable
{
    private readonly ConditionalWeakTable<ITransformer, string> _runOfModel = [];
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly AutologOptions _options;
    private bool _capturing;

    internal MlnetAutolog(MLContext mlContext, AutologOptions options)
    {
        MlContext = mlContext;
        _options = options;
        MlContext.Log += OnLog;
    }

    /// <summary>The context whose fits are logged.</summary>
    public MLContext MlContext { get; }

    private TrackingClient Client => _options.Client ?? Tracker.Client;

    /// <summary>Stops listening to the context's log.</summary>
    public void Dispose() => MlContext.Log -= OnLog;

    /// <summary>
    /// Fits <paramref name="estimator"/> on <paramref name="trainData"/> inside the active run, or inside a new run that autologging starts
    /// and ends (tagged <c>mlflow.autologging=mlnet</c>). <paramref name="dataPath"/>, when given, is logged as the training dataset with
    /// its DVC lineage; otherwise the digest of the data view's content is.
    /// </summary>
    public async Task<TTransformer> FitAsync<TTransformer>(IEstimator<TTransformer> estimator, IDataView trainData, string? dataPath = null,
        CancellationToken cancellationToken = default)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(trainData);
        var owned = Tracker.ActiveRun is null;
        var run = Tracker.ActiveRun ?? await Tracker.StartRunAsync(_options.ExperimentName, new StartRunOptions
        {
            Client = _options.Client,
            Tags = new Dictionary<string, string> { [SystemTags.Autologging] = MlflowModel.FlavorName },
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            var model = await FitInRunAsync(run, estimator, trainData, dataPath, cancellationToken).ConfigureAwait(false);
            if (owned) await run.EndAsync(RunStatus.FINISHED, cancellationToken).ConfigureAwait(false);
            return model;
        }
        catch (Exception) when (owned)
        {
            await run.EndAsync(RunStatus.FAILED, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<TTransformer> FitInRunAsync<TTransformer>(ActiveRun run, IEstimator<TTransformer> estimator, IDataView trainData, string? dataPath,
        CancellationToken cancellationToken)
        where TTransformer : class, ITransformer
    {
        var parameters = EstimatorParams.Describe(estimator);
        run.LogParams(parameters.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
        run.LogParam("mlnet.steps", string.Join(" -> ", EstimatorParams.Steps(estimator).Select(s => StepName(s.GetType()))));

        while (_messages.TryDequeue(out _)) { }
        _capturing = _options.LogTrainingMessages;
        var clock = Stopwatch.StartNew();
        TTransformer model;
        try
        {
            model = estimator.Fit(trainData);
        }
        finally
        {
            _capturing = false;
        }
        run.LogMetric("training_duration_seconds", clock.Elapsed.TotalSeconds);
        _runOfModel.AddOrUpdate(model, run.RunId);

        if (_options.LogTrainingMessages)
        {
            var lines = _messages.ToArray();
            if (lines.Length > 0)
            {
                await run.LogTextAsync(string.Join('\n', lines) + "\n", "training_log.txt", cancellationToken).ConfigureAwait(false);
                foreach (var (key, step, value) in SteppedMetrics(lines)) run.LogMetric(key, value, step);
            }
        }

        if (dataPath is not null)
        {
            await run.LogInputAsync(dataPath, context: "training", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var digest = Digest(trainData, out var rows);
            await Client.Store.LogInputsAsync(run.RunId, [new DatasetInput(
                new TrackedDataset("training_data", digest, "mlnet-dataview", $"{{\"rows\":{rows.ToString(CultureInfo.InvariantCulture)}}}"),
                new Dictionary<string, string> { [DatasetInput.ContextTag] = "training" })], cancellationToken).ConfigureAwait(false);
        }

        if (_options.LogModels)
        {
            var label = _options.LabelColumn ?? EstimatorParams.LabelColumn(estimator) ?? "Label";
            await run.LogModelAsync(MlContext, model, trainData.Schema, new ModelSaveOptions
            {
                ArtifactPath = _options.ModelArtifactPath,
                LabelColumn = trainData.Schema.GetColumnOrNull(label) is null ? null : label,
                InputExample = _options.InputExampleRows > 0 ? MlContext.Data.TakeRows(trainData, _options.InputExampleRows) : null,
                TrainingData = trainData,
            }, cancellationToken).ConfigureAwait(false);
        }
        await run.FlushAsync(cancellationToken).ConfigureAwait(false);
        return model;
    }

    /// <summary>The run a model was fitted in by this autologger, or null.</summary>
    public string? RunOf(ITransformer model) => model is not null && _runOfModel.TryGetValue(model, out var id) ? id : null;

    private void OnLog(object? sender, LoggingEventArgs e)
    {
        if (_capturing && e.Kind is ChannelMessageKind.Info or ChannelMessageKind.Warning) _messages.Enqueue(e.Message);
    }

    /// <summary>Lines like <c>Iteration 3: loss = 0.25</c> or <c>epoch 2 ... accuracy: 0.9</c> become (loss, 3, 0.25).</summary>
    internal static IEnumerable<(string Key, long Step, double Value)> SteppedMetrics(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var m = StepPattern().Match(line);
            if (!m.Success) continue;
            var step = long.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture);
            foreach (Match v in ValuePattern().Matches(line[(m.Index + m.Length)..]))
            {
                var key = v.Groups["key"].Value.Trim().ToLowerInvariant().Replace(' ', '_');
                if (key.Length > 0 && double.TryParse(v.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    yield return ("train_" + key, step, value);
            }
        }
    }

    [GeneratedRegex(@"\b(?:iter(?:ation)?|epoch|pass)\s*#?\s*(?<step>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z][A-Za-z_ ]{0,40}?)\s*[:=]\s*(?<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")]
    private static partial Regex ValuePattern();

    private static string StepName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick > 0 ? name[..tick] : name;
    }

    private static string ValueText(object? value)
    {
        if (value is null) return "";
        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(VBuffer<>)
            && type.GetMethod("DenseValues")?.Invoke(value, null) is System.Collections.IEnumerable items)
            return "[" + string.Join(" ", items.Cast<object?>().Select(ValueText)) + "]";
        return value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
    }

    /// <summary>md5 over the data view's rows (column names, then each value as text), so the same data gives the same digest.</summary>
    private static string Digest(IDataView data, out long rows)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var columns = data.Schema.Where(c => !c.IsHidden).ToList();
        md5.AppendData(Encoding.UTF8.GetBytes(string.Join(",", columns.Select(c => c.Name)) + "\n"));
        rows = 0;
        var preview = data.Preview(maxRows: 1_000_000);
        foreach (var row in preview.RowView)
        {
            rows++;
            var text = string.Join(",", row.Values.Select(v => ValueText(v.Value)));
            md5.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
