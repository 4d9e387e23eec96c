// Data chapter: a git + DVC repository, the diabetes data as version 1, a local remote (push, lose, pull), version 2,
// then back to version 1 through git history.   mlops script run examples/csx/data.csx [-- folder]
// How MlopsKit is referenced: `#r "nuget: MlopsKit, *-*"`. Under `mlops script run` it binds to the mlops tool's own MlopsKit
// (no restore, works offline; other `#r "nuget:"` packages restore as in notebooks). Under dotnet-script, run `./build.sh pack`
// first: NuGet.Config here points at ../../artifacts/packages, where the newest prerelease wins.
#load "helpers.csx"
#r "nuget: MlopsKit, *-*"
using LibGit2Sharp;
using MlopsKit.Data;
using MlopsKit.IO;

var root = NewFolder("data", Args.Count > 0 ? Path.GetFullPath(Args[0]) : null);
var project = Directory.CreateDirectory(Path.Combine(root, "project")).FullName;
var csv = Path.Combine(project, "data", "diabetes.csv");
void Commit(string message)
{
    using var git = new Repository(project);
    Commands.Stage(git, "*");
    var who = new Signature("MlopsKit Script", "script@mlopskit.local", DateTimeOffset.UtcNow);
    git.Commit(message, who, who, new LibGit2Sharp.CommitOptions { AllowEmptyCommit = true });
}

Repository.Init(project);
var repo = Repo.Init(project);   // a script's top level cannot hold a using declaration: disposed at the end
Commit("Initialize DVC");
SampleData.Diabetes.WriteTo(Path.Combine(project, "data"));
var v1 = (await repo.AddAsync(new[] { csv })).Outputs[0].Oid;
Commit("diabetes v1");
Say("data", $"version 1: md5 {v1}");

repo.RemoteAdd("storage", Path.Combine(root, "storage"), makeDefault: true);
Commit("Add the storage remote");
var pushed = await repo.PushAsync();
File.Delete(csv);
Directory.Delete(Path.Combine(project, ".dvc", "cache"), recursive: true);
var pulled = await repo.PullAsync();
Say("data", $"pushed {pushed.Transferred}, deleted the file and the cache, pulled {pulled.Transferred}: md5 {Md5Hasher.HashFile(csv)}");

File.WriteAllLines(csv, File.ReadLines(csv).Take(401).ToList());
var v2 = (await repo.AddAsync(new[] { csv })).Outputs[0].Oid;
Commit("diabetes v2: 400 rows");
Say("data", $"version 2: md5 {v2}; log has {repo.Log("data/diabetes.csv").Count} versions");

using (var git = new Repository(project))
    git.CheckoutPaths("HEAD~1", new[] { "data/diabetes.csv.dvc" }, new LibGit2Sharp.CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
await repo.CheckoutAsync();
var back = Md5Hasher.HashFile(csv);
if (back != v1) throw new InvalidOperationException($"expected version 1 ({v1}) after checkout, got {back}");
Say("data", $"back to version 1 through git history: md5 {back}");
repo.Dispose();
