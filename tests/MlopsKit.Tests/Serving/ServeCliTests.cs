using System.Diagnostics;
using System.Net;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Serving;

/// <summary><c>mlops models serve</c> as a real process: prints its URLs, answers, stops on Ctrl+C (SIGINT); bad input exits with one line.</summary>
[Collection(nameof(ServedModels))]
public sealed class ServeCliTests(ServingFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_prints_its_routes_answers_on_them_and_stops_cleanly_on_sigint()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { CliRunner.MlopsDll, "models", "serve", "-m", $"runs:/{fixture.IrisRunId}/model", "-p", "0", "--tracking-uri", fixture.TrackingUri })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(Ct);
            string? first = null;
            var lines = new List<string>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                first ??= line;
                if (line.Contains("metrics", StringComparison.Ordinal)) break;
            }
            Assert.NotNull(first);
            Assert.StartsWith("Serving 'iris' version 1 (run " + fixture.IrisRunId + ") on http://127.0.0.1:", first, StringComparison.Ordinal);
            Assert.Contains(lines, l => l.Contains("/invocations", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("/v2/models/iris/infer", StringComparison.Ordinal));
            var url = first.Split(" on ")[1].Split(' ')[0];

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var ping = await http.GetAsync("/ping", Ct);
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
                await kill.WaitForExitAsync(Ct);
            using var exit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            exit.CancelAfter(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.True(process.ExitCode is 0 or 130, $"exit {process.ExitCode}: {await stderr}");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/ping", Ct));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_missing_model_exits_4_and_a_busy_port_exits_5_with_one_line_each()
    {
        var missing = CliRunner.Run(Path.GetTempPath(), "models", "serve", "-m", "/nonexistent/model", "-p", "0");
        Assert.Equal(4, missing.ExitCode);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
        Assert.Contains("/nonexistent/model", missing.Stderr, StringComparison.Ordinal);

        var busy = CliRunner.Run(Path.GetTempPath(), "models", "serve", "-m", $"runs:/{fixture.IrisRunId}/model",
            "-p", fixture.Iris.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tracking-uri", fixture.TrackingUri);
        Assert.Equal(5, busy.ExitCode);
        Assert.Contains("-p", busy.Stderr, StringComparison.Ordinal);

        var noModel = CliRunner.Run(Path.GetTempPath(), "models", "serve");
        Assert.Equal(2, noModel.ExitCode);
    }

    [Fact]
    public void A_drift_minimum_above_the_drift_window_exits_3_with_one_line_naming_both_flags()
    {
        var result = CliRunner.Run(Path.GetTempPath(), "models", "serve", "-m", $"runs:/{fixture.IrisRunId}/model", "-p", "0",
            "--tracking-uri", fixture.TrackingUri, "--drift-window", "50", "--drift-min-rows", "51");

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("--drift-min-rows", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--drift-window (50)", result.Stderr, StringComparison.Ordinal);
    }
}
