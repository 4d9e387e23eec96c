using Microsoft.ML;

namespace MlopsKit.Models;

/// <summary>Optional settings for <see cref="MlflowModel.SaveAsync"/>.</summary>
public sealed record ModelSaveOptions
{
    /// <summary>The run the model is logged to; written as <c>run_id</c> with <see cref="ArtifactPath"/>. Default: none, as
    /// <c>mlflow.&lt;flavor&gt;.save_model</c> writes neither key outside a run.</summary>
    public string? RunId { get; init; }

    /// <summary>Run-relative path the model is logged under (<c>artifact_path</c>), written only with <see cref="RunId"/>. Default: <c>model</c>.</summary>
    public string ArtifactPath { get; init; } = "model";

    /// <summary>A few rows of raw input (e.g. <c>ml.Data.TakeRows(data, 5)</c>) saved as <c>input_example.json</c> and
    /// <c>serving_input_example.json</c>; only the signature's input columns are written. Default: no example.</summary>
    public IDataView? InputExample { get; init; }

    /// <summary>The label column of the input schema: left out of the signature and the example, and filled with a missing
    /// value when predicting (ML.NET pipelines that map the label to a key still read the column). Default: none.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>The signature to write. Default: inferred with <see cref="ModelSignature.Infer(DataViewSchema, DataViewSchema, IEnumerable{string})"/>.</summary>
    public ModelSignature? Signature { get; init; }

    /// <summary>A display name, written as <c>metadata: {model_name: ...}</c> (MLmodel's free-form metadata). Default: none.</summary>
    public string? ModelName { get; init; }

    /// <summary>The data the model was trained on. When given, <c>training_profile.json</c> (the distribution of each scalar input
    /// feature and of the label: see <see cref="TrainingProfile"/>) is written and named in MLmodel's <c>metadata</c>, so the
    /// server's drift metrics have a reference. Default: none, and no profile is written.</summary>
    public IDataView? TrainingData { get; init; }

    /// <summary>Clock for <c>utc_time_created</c>. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
