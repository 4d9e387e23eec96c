#!/usr/bin/env -S dotnet run
#:project ../src/MlopsKit/MlopsKit.csproj

// The tutorial's data chapter in C#: a git repository with DVC inside, the diabetes data as version 1, a local remote
// (push, lose the data and the cache, pull it back), version 2, then back to version 1 through git history.
//   dotnet run examples/version_data.cs [folder]      (default: a new temp folder; the folder must not exist or be empty)
using LibGit2Sharp;
using MlopsKit.Data;
using MlopsKit.Datasets;
using MlopsKit.IO;

var root = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Path.GetTempPath(), $"mlopskit-data-{Guid.NewGuid():N}");
if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
{
    Console.Error.WriteLine($"error: {root} is not empty; pass a new or empty folder.");
    return 2;
}
var project = Path.Combine(root, "project");
var storage = Path.Combine(root, "storage");
var csv = Path.Combine(project, "data", "diabetes.csv");
Directory.CreateDirectory(project);

Repository.Init(project);
using var repo = Repo.Init(project);
Commit("Initialize DVC");
Console.WriteLine($"git init + dvc init in {project}");

SampleData.Diabetes.WriteTo(Path.Combine(project, "data"));
var v1 = (await repo.AddAsync([csv])).Outputs[0].Oid;
Commit("diabetes v1: 442 rows");
Console.WriteLine($"version 1: data/diabetes.csv, {Rows()} rows, md5 {v1}");

repo.RemoteAdd("storage", storage, makeDefault: true);
Commit("Add the storage remote");
var pushed = await repo.PushAsync();
File.Delete(csv);
DeleteTree(Path.Combine(project, ".dvc", "cache"));
var pulled = await repo.PullAsync();
Console.WriteLine($"pushed {pushed.Transferred} object(s), deleted the file and the cache, pulled {pulled.Transferred} back: md5 {Md5Hasher.HashFile(csv)}");

File.WriteAllLines(csv, File.ReadLines(csv).Take(401).ToList());
var status = await repo.StatusAsync();
var v2 = (await repo.AddAsync([csv])).Outputs[0].Oid;
Commit("diabetes v2: 400 rows");
await repo.PushAsync();
Console.WriteLine($"version 2: status saw the change: {!status.IsClean}; {Rows()} rows, md5 {v2}");
foreach (var version in repo.Log("data/diabetes.csv"))
    Console.WriteLine($"  log: {version.ShortCommit} md5 {version.Md5} size {version.Size}");

using (var git = new Repository(project))
    git.CheckoutPaths("HEAD~2", ["data/diabetes.csv.dvc"], new LibGit2Sharp.CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
await repo.CheckoutAsync();
var back = Md5Hasher.HashFile(csv);
Console.WriteLine($"git checkout HEAD~2 -- data/diabetes.csv.dvc + dvc checkout: {Rows()} rows, md5 {back} ({(back == v1 ? "version 1 again" : "NOT version 1")})");
Console.WriteLine($"repository kept in {root}");
return back == v1 ? 0 : 1;

int Rows() => File.ReadLines(csv).Count() - 1;

void Commit(string message)
{
    using var git = new Repository(project);
    Commands.Stage(git, "*");
    var who = new Signature("MlopsKit Example", "example@mlopskit.local", DateTimeOffset.UtcNow);
    git.Commit(message, who, who, new LibGit2Sharp.CommitOptions { AllowEmptyCommit = true });
}

static void DeleteTree(string path)
{
    foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
    Directory.Delete(path, recursive: true);
}
