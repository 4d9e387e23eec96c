namespace MlopsKit.Tutorial;

/// <summary>How a step of the walkthrough ended.</summary>
public enum TutorialStepStatus
{
    /// <summary>The step ran and its checks held.</summary>
    Ok,

    /// <summary>The step did not run, for the reason in its summary (for example Prometheus is not installed).</summary>
    Skipped,

    /// <summary>The step threw; its summary holds the error.</summary>
    Failed,
}
