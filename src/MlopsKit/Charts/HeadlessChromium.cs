using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlopsKit.Charts;

/// <summary>Runs headless Chromium on an HTML page, bounded in time, with a throw-away profile folder.</summary>
internal static class HeadlessChromium
{
    /// <summary>Program names tried on PATH, in order; <c>MLOPS_CHROMIUM</c> (a full path) goes first when set.</summary>
    public static readonly IReadOnlyList<string> Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>How long one Chromium run may take before it is killed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Virtual time Chromium gives the page (scripts, timers) before screenshot or DOM dump; plotly draws in well under this.</summary>
    public const int VirtualTimeBudgetMs = 10_000;

    /// <summary>The Chromium executable, or a ConfigException that says how to install it.</summary>
    public static string Find() => Find(Environment.GetEnvironmentVariable("MLOPS_CHROMIUM"), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The Chromium executable given an <c>MLOPS_CHROMIUM</c> value and a <c>PATH</c>.</summary>
    public static string Find(string? fromEnv, string? searchPath)
    {
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return File.Exists(fromEnv) ? fromEnv : throw new ConfigException($"MLOPS_CHROMIUM is '{fromEnv}', which does not exist; point it at a Chromium or Chrome executable, or unset it.");
        var dirs = (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in Names)
            foreach (var dir in dirs)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new ConfigException($"Rendering charts to PNG needs headless Chromium, and none of {string.Join(", ", Names)} is on PATH. " +
            "Install it ('sudo apt-get install chromium' on Debian/Ubuntu) or set MLOPS_CHROMIUM to a Chrome executable.");
    }

    /// <summary>Writes a screenshot of the page, <paramref name="width"/> × <paramref name="height"/> pixels, to <paramref name="pngPath"/>.</summary>
    public static async Task ScreenshotAsync(string html, string pngPath, int width, int height, CancellationToken cancellationToken)
    {
        var work = CreateWorkFolder();
        try
        {
            var shot = Path.Combine(work, "screenshot.png");
            await RunAsync(work, WithoutModeBar(html), [$"--window-size={width},{height}", $"--screenshot={shot}"], cancellationToken).ConfigureAwait(false);
            if (!File.Exists(shot)) throw new ConfigException($"Chromium exited without writing a screenshot of the charts; run with MLOPS_CHROMIUM set to another Chrome, or use --html instead.");
            var dir = Path.GetDirectoryName(pngPath);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.Copy(shot, pngPath, overwrite: true);
        }
        finally
        {
            await DeleteFolderAsync(work).ConfigureAwait(false);
        }
    }

    /// <summary>The page's DOM after plotly ran (what <c>--dump-dom</c> prints).</summary>
    public static async Task<string> DumpDomAsync(string html, CancellationToken cancellationToken)
    {
        var work = CreateWorkFolder();
        try
        {
            return await RunAsync(work, html, ["--dump-dom"], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DeleteFolderAsync(work).ConfigureAwait(false);
        }
    }

    private static async Task<string> RunAsync(string work, string html, IReadOnlyList<string> action, CancellationToken cancellationToken)
    {
        var exe = Find();
        var page = Path.Combine(work, "page.html");
        await File.WriteAllTextAsync(page, html, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            // Parallel coordinates draw with WebGL; without a GPU that needs SwiftShader, acceptable for our own page.
            "--enable-unsafe-swiftshader",
            $"--user-data-dir={Path.Combine(work, "profile")}",
            $"--virtual-time-budget={VirtualTimeBudgetMs.ToString(CultureInfo.InvariantCulture)}",
        })
            psi.ArgumentList.Add(arg);
        foreach (var arg in action) psi.ArgumentList.Add(arg);
        psi.ArgumentList.Add(new Uri(page).AbsoluteUri);

        using var process = Process.Start(psi) ?? throw new ConfigException($"Could not start Chromium at '{exe}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ConfigException($"Chromium ('{exe}') did not finish rendering the charts within {Timeout.TotalSeconds:0} seconds and was stopped; use --html instead, or check that Chromium starts ('{exe} --headless --version').");
        }
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new ConfigException($"Chromium ('{exe}') failed with exit code {process.ExitCode}: {LastLine(errors)}");
        return output;
    }

    /// <summary>The page with plotly's hover toolbar hidden: a picture cannot be zoomed, so the buttons are clutter.</summary>
    private static string WithoutModeBar(string html)
    {
        const string Style = "<style>.modebar-container{display:none!important}</style>\n";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end < 0 ? html + Style : html.Insert(end, Style);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }

    private static string CreateWorkFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlopskit-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static async Task DeleteFolderAsync(string path)
    {
        // Chromium's helper processes may still be closing files for a moment after the main one exits.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5) return;   // a leftover temp folder is not worth failing the render for
                await Task.Delay(100 * attempt, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : lines[^1];
    }
}
