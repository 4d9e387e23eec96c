using MlopsKit.Monitoring;

namespace MlopsKit.Interactive.Tests.Support;

/// <summary>
/// The current build packed with a fresh version into a temp folder laid out like the repository — artifacts/packages,
/// notebooks/ with its NuGet.Config and a copy of every notebook, the root NuGet.Config — so notebooks load it with
/// <c>#r "nuget: MlopsKit.Interactive, *-*"</c> and write nothing into the repository. Child processes get <c>TMPDIR</c> inside it,
/// so the notebooks' own temp folders go away with it. Packs the already-built configuration (--no-build).
/// </summary>
public sealed class NotebookFeed : IAsyncLifetime
{
    private TempDir _dir = null!;

    public string Version { get; } = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    /// <summary>The copy of notebooks/: the working directory of every run.</summary>
    public string Notebooks => _dir["notebooks"];

    /// <summary>Where executed notebooks go.</summary>
    public string Output => _dir["out"];

    /// <summary>What child processes see as their temp folder.</summary>
    public string Temp => _dir["tmp"];

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["TMPDIR"] = Temp };

    public async ValueTask InitializeAsync()
    {
        _dir = TempDir.Create("mlopskit-notebooks");
        var feed = Directory.CreateDirectory(_dir["artifacts/packages"]).FullName;
        Directory.CreateDirectory(Notebooks);
        Directory.CreateDirectory(Output);
        Directory.CreateDirectory(Temp);
        File.Copy(Path.Combine(RepoPaths.Root, "NuGet.Config"), _dir["NuGet.Config"]);
        foreach (var file in Directory.GetFiles(RepoPaths.Notebooks).Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) || Path.GetFileName(f) == "NuGet.Config"))
            File.Copy(file, Path.Combine(Notebooks, Path.GetFileName(file)));
        foreach (var project in new[] { "src/MlopsKit", "src/MlopsKit.Interactive" })
        {
            var (exit, output, _) = await ProcessRun.RunAsync("dotnet",
                ["pack", Path.Combine(RepoPaths.Root, project), "-c", RepoPaths.Configuration, "--no-build", "-o", feed, "-nologo", $"-p:Version={Version}"],
                RepoPaths.Root, TimeSpan.FromSeconds(180), CancellationToken.None);
            Assert.True(exit == 0, $"dotnet pack {project} exited {exit}:\n{output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A notebook that failed half-way can leave its monitoring stack running: stop whatever #!monitor up started under here.
        foreach (var stack in Directory.EnumerateDirectories(_dir.Path, LocalMonitor.RunFolder, SearchOption.AllDirectories))
            await LocalMonitor.DownAsync(Path.GetDirectoryName(stack)!);
        // Each run adds this version to the global packages folder; it is never used again.
        var packages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "mlopskit", "mlopskit.interactive" })
        {
            var folder = Path.Combine(packages, id, Version);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        _dir.Dispose();
    }
}
