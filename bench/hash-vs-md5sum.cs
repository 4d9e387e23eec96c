#:project ../src/MlopsKit/MlopsKit.csproj
#:property PublishAot=false

// Hashes one large file with MlopsKit.IO.Md5Hasher.HashFile and with md5sum, in the same run, on a warm page
// cache, and prints the median of each and their ratio.
//   dotnet run -c Release bench/hash-vs-md5sum.cs -- [--size-mib 1024] [--runs 5] [--dir /tmp] [--budget-s 120]
using System.Diagnostics;
using System.Globalization;
using MlopsKit.IO;

var sizeMib = IntArg(args, "--size-mib", 1024);
var runs = IntArg(args, "--runs", 5);
var budget = TimeSpan.FromSeconds(IntArg(args, "--budget-s", 120));
var dir = StringArg(args, "--dir", Path.GetTempPath());
const double Goal = 1 / 0.9;

var workDir = Path.Combine(dir, $"mlops-hash-bench-{Environment.ProcessId}");
Directory.CreateDirectory(workDir);
var file = Path.Combine(workDir, "data.bin");
try
{
    WriteRandomFile(file, (long)sizeMib << 20);
    // Warm the page cache (and the JIT) so both tools read from memory.
    var expected = Md5Hasher.HashFile(file);
    var md5sumHash = RunMd5sum(file);
    if (md5sumHash != expected) throw new InvalidOperationException($"hash mismatch: mlops {expected}, md5sum {md5sumHash}");

    var mlops = new List<double>();
    var peer = new List<double>();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < runs && (i == 0 || clock.Elapsed < budget); i++)
    {
        // Alternate the order so neither tool always runs right after the other.
        if (i % 2 == 0)
        {
            mlops.Add(TimeMlops(file, expected));
            peer.Add(TimeMd5sum(file, expected));
        }
        else
        {
            peer.Add(TimeMd5sum(file, expected));
            mlops.Add(TimeMlops(file, expected));
        }
    }
    var a = Median(mlops);
    var b = Median(peer);
    var ratio = a / b;
    var size = sizeMib >= 1024 && sizeMib % 1024 == 0 ? $"{sizeMib / 1024} GiB" : $"{sizeMib} MiB";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"hash {size}: mlops {a:F2} s, md5sum {b:F2} s, ratio {ratio:F2} (goal <= {Goal:F2}; {sizeMib / a:F0} vs {sizeMib / b:F0} MiB/s, median of {mlops.Count}) {(ratio <= Goal ? "ok" : "MISSED")}"));
    return ratio <= Goal ? 0 : 1;
}
finally
{
    Directory.Delete(workDir, recursive: true);
}

static double TimeMlops(string file, string expected)
{
    var sw = Stopwatch.StartNew();
    var hash = Md5Hasher.HashFile(file);
    sw.Stop();
    if (hash != expected) throw new InvalidOperationException($"mlops hash changed: {hash}");
    return sw.Elapsed.TotalSeconds;
}

static double TimeMd5sum(string file, string expected)
{
    var sw = Stopwatch.StartNew();
    var hash = RunMd5sum(file);
    sw.Stop();
    if (hash != expected) throw new InvalidOperationException($"md5sum hash changed: {hash}");
    return sw.Elapsed.TotalSeconds;
}

static string RunMd5sum(string file)
{
    var psi = new ProcessStartInfo("md5sum") { RedirectStandardOutput = true, UseShellExecute = false };
    psi.ArgumentList.Add(file);
    using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start md5sum");
    var output = process.StandardOutput.ReadToEnd();
    if (!process.WaitForExit(TimeSpan.FromMinutes(5))) throw new TimeoutException("md5sum took over 5 minutes");
    if (process.ExitCode != 0) throw new InvalidOperationException($"md5sum exited {process.ExitCode}");
    return output.Split(' ', 2)[0];
}

static void WriteRandomFile(string path, long size)
{
    var random = new Random(42);
    var buffer = new byte[1 << 20];
    using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
    for (long written = 0; written < size; written += buffer.Length)
    {
        random.NextBytes(buffer);
        stream.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
    }
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

static string StringArg(string[] args, string name, string defaultValue)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : defaultValue;
}
