namespace MlopsKit.Tutorial;

/// <summary>What <see cref="Walkthrough.RunAsync"/> did: every step, the runs, the predictions, the drift readings and the report's path.</summary>
public sealed record TutorialResult
{
    /// <summary>The working folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Every step in order.</summary>
    public required IReadOnlyList<TutorialStep> Steps { get; init; }

    /// <summary>The data versions of data/diabetes.csv, newest first (git commit, message, md5).</summary>
    public IReadOnlyList<Data.DataVersion> DataVersions { get; init; } = [];

    /// <summary>The tracked runs: the 8 ElasticNet runs, the autologged pipeline and the iris forest.</summary>
    public IReadOnlyList<TutorialRun> Runs { get; init; } = [];

    /// <summary>The requests of the serving chapter.</summary>
    public IReadOnlyList<TutorialPrediction> Predictions { get; init; } = [];

    /// <summary>PSI and KS per iris feature read back from Prometheus (empty when monitoring was skipped).</summary>
    public IReadOnlyList<TutorialDrift> Drift { get; init; } = [];

    /// <summary>The alerts Prometheus had firing at the end of the monitoring chapter (alert name and feature).</summary>
    public IReadOnlyList<string> FiringAlerts { get; init; } = [];

    /// <summary>The self-contained HTML report (summary, data versions, runs, charts, predictions, monitoring).</summary>
    public required string ReportPath { get; init; }

    /// <summary>True when no step failed.</summary>
    public bool Succeeded => Steps.All(s => s.Status != TutorialStepStatus.Failed);

    /// <summary>Wall time of all steps.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Steps.Sum(s => s.Elapsed.Ticks));
}
