namespace MlopsKit.Tutorial;

/// <summary>Where <see cref="Walkthrough.RunAsync"/> works and which chapters it runs.</summary>
public sealed record TutorialOptions
{
    /// <summary>The working folder (created; must be empty or missing): the git + DVC project, mlflow.db, the monitoring stack and report.html.</summary>
    public required string Directory { get; init; }

    /// <summary>Run the monitoring chapter when Prometheus, Alertmanager and the Pushgateway are installed (it is skipped with a reason when they are not).</summary>
    public bool Monitoring { get; init; } = true;

    /// <summary>Trees of the iris random forest (the tutorial's 300 by default).</summary>
    public int IrisTrees { get; init; } = 300;

    /// <summary>How long the monitoring chapter waits for Prometheus to see the drift alert fire.</summary>
    public TimeSpan AlertTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
