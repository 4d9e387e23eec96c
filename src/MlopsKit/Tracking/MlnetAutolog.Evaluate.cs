using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsKit.Tracking;

/// <summary>Evaluation through the autologger: ML.NET's metrics logged under MLflow's evaluation names.</summary>
public sealed partial class MlnetAutolog
{
    /// <summary>
    /// Evaluates a regression model and logs <c>root_mean_squared_error, mean_absolute_error, mean_squared_error, r2_score</c> and
    /// <c>loss</c> (with <paramref name="prefix"/>, e.g. <c>test_</c>) into the run that fitted it, else the active run.
    /// </summary>
    public async Task<RegressionMetrics> EvaluateRegressionAsync(ITransformer model, IDataView data, string labelColumn = "Label", string scoreColumn = "Score",
        string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metrics = MlContext.Regression.Evaluate(model.Transform(data), labelColumn, scoreColumn);
        await LogEvaluationAsync(model, prefix, new Dictionary<string, double>
        {
            ["root_mean_squared_error"] = metrics.RootMeanSquaredError,
            ["mean_absolute_error"] = metrics.MeanAbsoluteError,
            ["mean_squared_error"] = metrics.MeanSquaredError,
            ["r2_score"] = metrics.RSquared,
            ["loss"] = metrics.LossFunction,
        }, cancellationToken).ConfigureAwait(false);
        return metrics;
    }

    /// <summary>
    /// Evaluates a multiclass model and logs <c>accuracy_score</c> (micro), <c>macro_accuracy</c>, <c>log_loss</c>,
    /// <c>log_loss_reduction</c> and <c>log_loss_class_&lt;i&gt;</c> per class.
    /// </summary>
    public async Task<MulticlassClassificationMetrics> EvaluateMulticlassAsync(ITransformer model, IDataView data, string labelColumn = "Label",
        string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metrics = MlContext.MulticlassClassification.Evaluate(model.Transform(data), labelColumn);
        var values = new Dictionary<string, double>
        {
            ["accuracy_score"] = metrics.MicroAccuracy,
            ["macro_accuracy"] = metrics.MacroAccuracy,
            ["log_loss"] = metrics.LogLoss,
            ["log_loss_reduction"] = metrics.LogLossReduction,
        };
        for (var i = 0; i < metrics.PerClassLogLoss.Count; i++) values[$"log_loss_class_{i}"] = metrics.PerClassLogLoss[i];
        await LogEvaluationAsync(model, prefix, values, cancellationToken).ConfigureAwait(false);
        return metrics;
    }

    /// <summary>Evaluates a calibrated binary model and logs <c>roc_auc, accuracy_score, f1_score, precision_score, recall_score, log_loss</c> and <c>pr_auc</c>.</summary>
    public async Task<CalibratedBinaryClassificationMetrics> EvaluateBinaryAsync(ITransformer model, IDataView data, string labelColumn = "Label",
        string prefix = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metrics = MlContext.BinaryClassification.Evaluate(model.Transform(data), labelColumn);
        await LogEvaluationAsync(model, prefix, new Dictionary<string, double>
        {
            ["roc_auc"] = metrics.AreaUnderRocCurve,
            ["pr_auc"] = metrics.AreaUnderPrecisionRecallCurve,
            ["accuracy_score"] = metrics.Accuracy,
            ["f1_score"] = metrics.F1Score,
            ["precision_score"] = metrics.PositivePrecision,
            ["recall_score"] = metrics.PositiveRecall,
            ["log_loss"] = metrics.LogLoss,
        }, cancellationToken).ConfigureAwait(false);
        return metrics;
    }

    private async Task LogEvaluationAsync(ITransformer model, string prefix, Dictionary<string, double> values, CancellationToken cancellationToken)
    {
        var runId = RunOf(model) ?? Tracker.ActiveRun?.RunId
            ?? throw new InvalidOperationException("this model was not fitted through autologging and no run is active; fit it with FitAsync or start a run first.");
        var now = Client.NowMs;
        var points = values.Select(kv => new Metric(prefix + kv.Key, kv.Value, now)).ToList();
        if (Tracker.ActiveRun is { } active && active.RunId == runId)
        {
            foreach (var p in points) active.LogMetric(p.Key, p.Value, 0, now);
            await active.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Client.Store.LogBatchAsync(runId, points, [], [], cancellationToken).ConfigureAwait(false);
        }
    }
}
