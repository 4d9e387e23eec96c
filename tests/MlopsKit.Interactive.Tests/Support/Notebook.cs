using Microsoft.Data.Sqlite;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using MlopsKit.Tracking;

namespace MlopsKit.Interactive.Tests.Support;

/// <summary>
/// A CompositeKernel with a C# kernel and the magics loaded, as a notebook host has it, working in its own temp folder
/// (the process's current directory while it lives; restored on dispose).
/// </summary>
public sealed class Notebook : IDisposable
{
    private readonly string _previousDirectory = Environment.CurrentDirectory;

    private Notebook(TempDir dir)
    {
        Dir = dir;
        Kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers() };
        Kernel.DefaultKernelName = "csharp";
        MlopsMagics.Load(Kernel);
        ((CSharpKernel)Kernel.FindKernelByName("csharp")!).AddAssemblyReferences([typeof(Tracker).Assembly.Location, typeof(MlopsMagics).Assembly.Location]);
        Environment.CurrentDirectory = dir.Path;
    }

    public CompositeKernel Kernel { get; }

    public TempDir Dir { get; }

    /// <summary>A sqlite tracking URI in the notebook's folder.</summary>
    public string TrackingUri => $"sqlite:///{Dir["mlflow.db"]}";

    public static Notebook Create() => new(TempDir.Create());

    public async Task<Cell> RunAsync(string code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return new Cell(await Kernel.SubmitCodeAsync(code).WaitAsync(timeout.Token));
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = _previousDirectory;
        Kernel.Dispose();
        SqliteConnection.ClearAllPools();
        Dir.Dispose();
    }
}

/// <summary>What one submitted cell produced.</summary>
public sealed record Cell(KernelCommandResult Result)
{
    public IReadOnlyList<CommandFailed> Failures => Result.Events.OfType<CommandFailed>().ToList();

    public bool Failed => Failures.Count > 0;

    public string FailureMessages => string.Join("\n", Failures.Select(f => f.Message));

    /// <summary>Every text/html value displayed or returned, in order.</summary>
    public string Html => string.Join("\n", Result.Events.OfType<DisplayEvent>().SelectMany(d => d.FormattedValues)
        .Where(v => v.MimeType == "text/html").Select(v => v.Value));

    public string StandardOut => string.Concat(Result.Events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(v => v.Value));

    public string StandardError => string.Concat(Result.Events.OfType<StandardErrorValueProduced>().SelectMany(e => e.FormattedValues).Select(v => v.Value));

    public object? ReturnValue => Result.Events.OfType<ReturnValueProduced>().LastOrDefault()?.Value;

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() =>
        $"failures: {FailureMessages}\nhtml: {Html}\nstdout: {StandardOut}\nstderr: {StandardError}";
}
