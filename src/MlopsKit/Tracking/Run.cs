namespace MlopsKit.Tracking;

/// <summary>One MLflow run: its metadata, its data and the datasets it used.</summary>
public sealed record Run(RunInfo Info, RunData Data)
{
    /// <summary>Datasets logged as inputs of the run (MLflow's <c>run.inputs.dataset_inputs</c>).</summary>
    public IReadOnlyList<DatasetInput> Inputs { get; init; } = [];
}
