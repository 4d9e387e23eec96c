using System.Diagnostics;

namespace MlopsKit.Tutorial;

/// <summary>
/// The whole tutorial in one call (<c>mlops tutorial</c>): data versioning with a local remote and a trip back to an older
/// version, the 8 diabetes runs plus an autologged pipeline and the iris forest tracked in SQLite with comparison charts,
/// the best models served and called on all four protocols, and (when Prometheus is installed) monitoring with a real local
/// stack until the drift alert fires; then a self-contained HTML report.
/// </summary>
public sealed partial class Walkthrough : IAsyncDisposable
{
    private readonly TutorialOptions _options;
    private readonly string _dir;
    private readonly IProgress<TutorialStep>? _progress;
    private readonly CancellationToken _ct;
    private readonly List<TutorialStep> _steps = [];
    private string? _failedStep;

    private Walkthrough(TutorialOptions options, IProgress<TutorialStep>? progress, CancellationToken cancellationToken)
    {
        _options = options;
        _dir = Path.GetFullPath(options.Directory);
        _progress = progress;
        _ct = cancellationToken;
    }

    /// <summary>Runs every chapter in <see cref="TutorialOptions.Directory"/>, reporting each step as it ends, and writes report.html there.</summary>
    /// <exception cref="ConflictException">The folder exists and is not empty.</exception>
    public static async Task<TutorialResult> RunAsync(TutorialOptions options, IProgress<TutorialStep>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = Path.GetFullPath(options.Directory);
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            throw new ConflictException($"'{options.Directory}' is not empty; the tutorial needs a new or empty folder (pass another --dir).");
        Directory.CreateDirectory(dir);
        await using var walk = new Walkthrough(options, progress, cancellationToken);
        await walk.DataAsync().ConfigureAwait(false);
        await walk.TrackingAsync().ConfigureAwait(false);
        await walk.ServingAsync().ConfigureAwait(false);
        await walk.MonitoringAsync().ConfigureAwait(false);
        await walk.StopServersAsync().ConfigureAwait(false);
        var result = walk.Result(Path.Combine(dir, "report.html"));
        await File.WriteAllTextAsync(result.ReportPath, TutorialReport.Html(result, walk._charts), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopServersAsync().ConfigureAwait(false);
        await StopMonitoringAsync().ConfigureAwait(false);
    }

    private TutorialResult Result(string reportPath) => new()
    {
        Directory = _dir,
        Steps = [.. _steps],
        DataVersions = _versions,
        Runs = [.. _runs],
        Predictions = [.. _predictions],
        Drift = [.. _drift],
        FiringAlerts = [.. _firing],
        ReportPath = reportPath,
    };

    /// <summary>Runs one step, timing it; a step after a failed one is skipped, because every chapter builds on the previous one.</summary>
    private async Task Step(string chapter, string title, Func<Task<string>> body)
    {
        _ct.ThrowIfCancellationRequested();
        TutorialStep step;
        if (_failedStep is not null)
        {
            step = new TutorialStep(chapter, title, TutorialStepStatus.Skipped, TimeSpan.Zero, $"skipped: '{_failedStep}' failed");
        }
        else
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var summary = await body().ConfigureAwait(false);
                step = new TutorialStep(chapter, title, TutorialStepStatus.Ok, clock.Elapsed, summary);
            }
            catch (SkipStepException skip)
            {
                step = new TutorialStep(chapter, title, TutorialStepStatus.Skipped, clock.Elapsed, skip.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_ct.IsCancellationRequested)
            {
                _failedStep = title;
                step = new TutorialStep(chapter, title, TutorialStepStatus.Failed, clock.Elapsed, $"{ex.GetType().Name}: {ex.Message}");
            }
        }
        _steps.Add(step);
        _progress?.Report(step);
    }

    /// <summary>Thrown by a step that cannot run here (not a failure), with the reason.</summary>
    private sealed class SkipStepException(string reason) : Exception(reason);
}
