namespace MlopsKit.Tracking;

/// <summary>What ML.NET autologging records, as the switches of MLflow's <c>autolog()</c>.</summary>
public sealed record AutologOptions
{
    /// <summary>Experiment for runs autologging starts. Default: the tracker's current experiment.</summary>
    public string? ExperimentName { get; init; }
    /// <summary>Client to log through. Default: <see cref="Tracker.Client"/>.</summary>
    public TrackingClient? Client { get; init; }
    /// <summary>Log the fitted model as an MLflow model directory. Default: true.</summary>
    public bool LogModels { get; init; } = true;
    /// <summary>Artifact path of logged models. Default: <c>model</c>.</summary>
    public string ModelArtifactPath { get; init; } = "model";
    /// <summary>Rows of the training data saved as the model's input example. Default: 5; 0 for none.</summary>
    public int InputExampleRows { get; init; } = 5;
    /// <summary>Record ML.NET's training messages as <c>training_log.txt</c> and stepped metrics parsed from them. Default: true.</summary>
    public bool LogTrainingMessages { get; init; } = true;
    /// <summary>Label column, when the trainer's options do not name it. Default: read from the chain, else <c>Label</c>.</summary>
    public string? LabelColumn { get; init; }
}
