using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsKit.Monitoring;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Monitoring;

/// <summary>
/// The generated dashboard against npm <c>@grafana/schema</c> 13.2.3's <c>Dashboard</c> type, checked by the real <c>tsc --noEmit</c>
/// (monitoring.md §5). The packages are pinned in tests/grafana-schema (package-lock.json); <c>./build.sh test</c> runs <c>npm ci</c> there.
/// </summary>
public sealed class GrafanaSchemaTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create("mlopskit-grafana-schema");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_generated_dashboard_satisfies_the_grafana_schema_dashboard_type()
    {
        var result = TypeCheck(GrafanaDashboard.Build(new MonitoringOptions()));

        Assert.True(result.ExitCode == 0, $"tsc found errors in the dashboard:\n{result.Output}");
    }

    [Fact]
    public void The_dashboard_with_other_thresholds_still_satisfies_the_type()
    {
        var result = TypeCheck(GrafanaDashboard.Build(new MonitoringOptions { ErrorRatio = 0.2, InFlightMax = 7, PsiWatch = 0.05, PsiAlert = 0.5 }));

        Assert.True(result.ExitCode == 0, $"tsc found errors in the dashboard:\n{result.Output}");
    }

    [Fact]
    public void Tsc_rejects_a_dashboard_whose_panel_width_is_a_string()
    {
        var broken = GrafanaDashboard.Build(new MonitoringOptions());
        broken["panels"]![0]!["gridPos"]!["w"] = "12";

        var result = TypeCheck(broken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error TS2322: Type 'string' is not assignable to type 'number'", result.Output, StringComparison.Ordinal);
    }

    // Wraps the JSON as `const d = <json> satisfies Dashboard`. String enums reject plain strings, so enum-typed fields become the
    // enum members (thresholds.mode "absolute" -> ThresholdsMode.Absolute); everything else is the JSON as generated.
    private PromTools.Result TypeCheck(JsonObject dashboard)
    {
        var package = PackageFolder();
        var tsc = Path.Combine(package, "node_modules", "typescript", "bin", "tsc");
        if (!File.Exists(Path.Combine(package, "node_modules", "@grafana", "schema", "package.json")) || !File.Exists(tsc))
            Assert.Fail($"@grafana/schema and typescript are not installed in {package}: run 'npm ci' there (./build.sh test does).");
        var node = FindOnPath("node") ?? throw new InvalidOperationException("unreachable");

        var copy = JsonNode.Parse(dashboard.ToJsonString())!;
        var enums = new List<string>();
        MarkEnums(copy, enums);
        var text = copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        for (var i = 0; i < enums.Count; i++)
            text = text.Replace($"\"{Marker}{i}\"", enums[i], StringComparison.Ordinal);
        File.WriteAllText(_dir["dashboard.ts"], $"import {{ Dashboard, ThresholdsMode }} from '@grafana/schema';\n\nexport const d = {text} satisfies Dashboard;\n");
        File.WriteAllText(_dir["tsconfig.json"], new JsonObject
        {
            ["compilerOptions"] = new JsonObject
            {
                ["strict"] = true,
                ["noEmit"] = true,
                ["target"] = "es2022",
                ["module"] = "esnext",
                ["moduleResolution"] = "bundler",
                ["skipLibCheck"] = true,
            },
            ["files"] = new JsonArray("dashboard.ts"),
        }.ToJsonString());
        Directory.CreateSymbolicLink(_dir["node_modules"], Path.Combine(package, "node_modules"));
        return Run(node, _dir.Path, tsc, "-p", "tsconfig.json");
    }

    private const string Marker = "@@grafana-enum@@";

    private static void MarkEnums(JsonNode? node, List<string> enums)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["thresholds"] is JsonObject { } thresholds && thresholds["mode"] is JsonValue mode && mode.TryGetValue<string>(out var value))
                {
                    enums.Add(value switch
                    {
                        "absolute" => "ThresholdsMode.Absolute",
                        "percentage" => "ThresholdsMode.Percentage",
                        _ => $"\"{value}\"",
                    });
                    thresholds["mode"] = $"{Marker}{enums.Count - 1}";
                }
                foreach (var (_, child) in o.ToList()) MarkEnums(child, enums);
                break;
            case JsonArray a:
                foreach (var child in a) MarkEnums(child, enums);
                break;
        }
    }

    private static string PackageFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "grafana-schema");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        Assert.Fail("tests/grafana-schema/package.json not found above the test binaries.");
        return "";
    }

    private static string? FindOnPath(string binary)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, binary);
            if (dir.Length > 0 && File.Exists(path)) return path;
        }
        Assert.Fail($"the {binary} binary is not installed: apt-get install nodejs npm (./build.sh test installs it).");
        return null;
    }

    private static PromTools.Result Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"tsc did not finish within 2 minutes.");
        }
        return new PromTools.Result(process.ExitCode, stdout + stderr.Result);
    }
}
