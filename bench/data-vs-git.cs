#:property PublishAot=false

// Runs the mlops CLI and its peer on the same generated data, in the same run, and prints one ratio line per case:
//   add     mlops dvc add data      vs  git add -A         (each run in a fresh repo)
//   status  mlops dvc status        vs  git status         (nothing changed, on the trees the last add run made)
//   push    mlops dvc push          vs  cp -r data         (to an empty local-folder remote)
//   pull    mlops dvc pull          vs  cp -r data         (after deleting the cache and the workspace data)
// Usage: dotnet run -c Release bench/data-vs-git.cs -- --mlops <path/to/mlops> [--work DIR] [--quick]
//        [--dirs 100] [--files-per-dir 1000] [--file-size 1000] [--transfer-files 10000] [--transfer-size 100000]
//        [--runs 3] [--status-runs 10] [--cases add,status,transfer] [--budget-s 600]
using System.Diagnostics;
using System.Globalization;

var quick = args.Contains("--quick");
var mlops = StringArg(args, "--mlops", null) ?? throw new ArgumentException("--mlops <path to the mlops binary> is required");
var dirs = IntArg(args, "--dirs", quick ? 10 : 100);
var filesPerDir = IntArg(args, "--files-per-dir", 1000);
var fileSize = IntArg(args, "--file-size", 1000);
var transferFiles = IntArg(args, "--transfer-files", quick ? 1000 : 10_000);
var transferSize = IntArg(args, "--transfer-size", 100_000);
var runs = IntArg(args, "--runs", quick ? 1 : 3);
var statusRuns = IntArg(args, "--status-runs", quick ? 3 : 10);
var cases = (StringArg(args, "--cases", null) ?? "add,status,transfer").Split(',');
var budget = TimeSpan.FromSeconds(IntArg(args, "--budget-s", quick ? 90 : 900));
var work = Path.Combine(StringArg(args, "--work", null) ?? Path.GetTempPath(), $"mlops-data-bench-{Environment.ProcessId}");
mlops = Path.GetFullPath(mlops);

Directory.CreateDirectory(work);
var failed = false;
try
{
    if (cases.Contains("add") || cases.Contains("status"))
    {
        var tree = Path.Combine(work, "tree");
        GenerateTree(Path.Combine(tree, "data"), dirs, filesPerDir, fileSize, seed: 1);
        var label = $"{Count(dirs * filesPerDir)} files";
        var addMlops = new List<double>();
        var addGit = new List<double>();
        string gitRepo = "", mlopsRepo = "";
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs && (i == 0 || clock.Elapsed < budget); i++)
        {
            gitRepo = FreshCopy(tree, Path.Combine(work, $"git-{i}"));
            Run(gitRepo, "git", "init", "-q");
            mlopsRepo = FreshCopy(tree, Path.Combine(work, $"mlops-{i}"));
            Run(mlopsRepo, "git", "init", "-q");
            Run(mlopsRepo, mlops, "dvc", "init", "-q");
            Run(work, "sync");
            if (i % 2 == 0)
            {
                addMlops.Add(Time(mlopsRepo, mlops, "dvc", "add", "-q", "data"));
                addGit.Add(Time(gitRepo, "git", "add", "-A"));
            }
            else
            {
                addGit.Add(Time(gitRepo, "git", "add", "-A"));
                addMlops.Add(Time(mlopsRepo, mlops, "dvc", "add", "-q", "data"));
            }
            if (i + 1 < runs)
            {
                Directory.Delete(gitRepo, recursive: true);
                Directory.Delete(mlopsRepo, recursive: true);
            }
        }
        if (cases.Contains("add")) failed |= !Report($"add {label}", addMlops, "git add -A", addGit, 1.0);

        if (cases.Contains("status"))
        {
            Run(work, "sync");
            Time(mlopsRepo, mlops, "dvc", "status", "-q");
            Time(gitRepo, "git", "status");
            var statusMlops = new List<double>();
            var statusGit = new List<double>();
            clock.Restart();
            for (var i = 0; i < statusRuns && (i == 0 || clock.Elapsed < budget); i++)
            {
                statusMlops.Add(Time(mlopsRepo, mlops, "dvc", "status", "-q"));
                statusGit.Add(Time(gitRepo, "git", "status"));
            }
            failed |= !Report($"status {label}", statusMlops, "git status", statusGit, 2.0);
        }
        Directory.Delete(gitRepo, recursive: true);
        Directory.Delete(mlopsRepo, recursive: true);
        Directory.Delete(tree, recursive: true);
    }

    if (cases.Contains("transfer"))
    {
        var repo = Path.Combine(work, "transfer");
        var data = Path.Combine(repo, "data");
        var remote = Path.Combine(work, "remote");
        var copy = Path.Combine(work, "copy");
        GenerateTree(data, 1, transferFiles, transferSize, seed: 2);
        Run(repo, "git", "init", "-q");
        Run(repo, mlops, "dvc", "init", "-q");
        Run(repo, mlops, "dvc", "add", "-q", "data");
        Run(repo, mlops, "dvc", "remote", "add", "-d", "storage", remote);
        var label = $"{Count(transferFiles)} files x {Count(transferSize)}B";
        var push = new List<double>();
        var pull = new List<double>();
        var cp = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs && (i == 0 || clock.Elapsed < budget); i++)
        {
            DeleteIfExists(copy);
            DeleteIfExists(remote);
            Run(work, "sync");
            cp.Add(Time(work, "cp", "-r", data, copy));
            Run(work, "sync");
            push.Add(Time(repo, mlops, "dvc", "push", "-q"));
            DeleteIfExists(Path.Combine(repo, ".dvc", "cache"));
            DeleteIfExists(data);
            Run(work, "sync");
            pull.Add(Time(repo, mlops, "dvc", "pull", "-q"));
            var restored = Directory.EnumerateFiles(data).Count();
            if (restored != transferFiles) throw new InvalidOperationException($"pull restored {restored} of {transferFiles} files");
        }
        failed |= !Report($"push {label}", push, "cp -r", cp, 1.5);
        failed |= !Report($"pull {label}", pull, "cp -r", cp, 1.5);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
return failed ? 1 : 0;

static bool Report(string name, List<double> mlops, string peerName, List<double> peer, double goal)
{
    var a = Median(mlops);
    var b = Median(peer);
    var ratio = a / b;
    var ok = ratio <= goal;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: mlops {Seconds(a)}, {peerName} {Seconds(b)}, ratio {ratio:F2} (goal <= {goal:F2}; median of {mlops.Count}) {(ok ? "ok" : "MISSED")}"));
    return ok;
}

static string Seconds(double s) => s < 1 ? string.Create(CultureInfo.InvariantCulture, $"{s * 1000:F0} ms") : string.Create(CultureInfo.InvariantCulture, $"{s:F2} s");

static string Count(int n) => n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

static void GenerateTree(string root, int dirs, int filesPerDir, int size, int seed)
{
    var random = new Random(seed);
    var buffer = new byte[size];
    for (var d = 0; d < dirs; d++)
    {
        var dir = dirs == 1 ? root : Path.Combine(root, $"d{d:D3}");
        Directory.CreateDirectory(dir);
        for (var f = 0; f < filesPerDir; f++)
        {
            random.NextBytes(buffer);
            File.WriteAllBytes(Path.Combine(dir, $"f{f:D5}.bin"), buffer);
        }
    }
}

static string FreshCopy(string tree, string target)
{
    DeleteIfExists(target);
    Run(Path.GetDirectoryName(target)!, "cp", "-a", tree, target);
    return target;
}

static void DeleteIfExists(string path)
{
    if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
}

static double Time(string cwd, string file, params string[] arguments)
{
    var sw = Stopwatch.StartNew();
    Run(cwd, file, arguments);
    return sw.Elapsed.TotalSeconds;
}

static void Run(string cwd, string file, params string[] arguments)
{
    var psi = new ProcessStartInfo(file) { WorkingDirectory = cwd, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments) psi.ArgumentList.Add(a);
    psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "bench";
    psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "bench@example.com";
    using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
    {
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{file} {string.Join(' ', arguments)} took over 10 minutes");
    }
    process.WaitForExit();
    // 'dvc status' style exit 1 means "changed", which a benchmark of an unchanged tree must not see either.
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} in {cwd} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    var mid = sorted.Count / 2;
    return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

static int IntArg(string[] args, string name, int defaultValue)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : defaultValue;
}

static string? StringArg(string[] args, string name, string? defaultValue)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : defaultValue;
}
