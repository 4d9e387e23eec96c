using System.Globalization;
using MlopsKit.Data;
using MlopsKit.Datasets;
using MlopsKit.IO;

namespace MlopsKit.Tutorial;

public sealed partial class Walkthrough
{
    private const string DataFile = "data/diabetes.csv";
    private Repo? _repo;
    private string _project = "";
    private IReadOnlyList<DataVersion> _versions = [];

    private string DataPath => Path.Combine(_project, "data", "diabetes.csv");

    private async Task DataAsync()
    {
        _project = Path.Combine(_dir, "project");
        string v1 = "", v2 = "";
        await Step("data", "git repository with DVC inside", () =>
        {
            Directory.CreateDirectory(_project);
            LibGit2Sharp.Repository.Init(_project);
            _repo = Repo.Init(_project);
            GitCommit("Initialize DVC");
            return Task.FromResult("git init + dvc init in project/: .dvc/config, .dvc/.gitignore and .dvcignore committed");
        }).ConfigureAwait(false);

        await Step("data", "version 1: the 442-row diabetes data", async () =>
        {
            SampleData.Diabetes.WriteTo(Path.Combine(_project, "data"));
            var added = await _repo!.AddAsync([DataPath], cancellationToken: _ct).ConfigureAwait(false);
            v1 = added.Outputs[0].Oid;
            GitCommit("diabetes v1: 442 rows");
            return $"dvc add {DataFile} → md5 {v1}; {DataFile}.dvc committed to git, the data itself ignored by git";
        }).ConfigureAwait(false);

        await Step("data", "local remote: push, lose the data, pull it back", async () =>
        {
            var storage = Path.Combine(_dir, "storage");
            _repo!.RemoteAdd("storage", storage, makeDefault: true);
            GitCommit("Add the storage remote");
            var pushed = await _repo.PushAsync(cancellationToken: _ct).ConfigureAwait(false);
            File.Delete(DataPath);
            FolderTree.Delete(Path.Combine(_project, ".dvc", "cache"));
            var pulled = await _repo.PullAsync(cancellationToken: _ct).ConfigureAwait(false);
            var md5 = Md5Of(DataPath);
            if (md5 != v1) throw new IntegrityException($"pulled {DataFile} has md5 {md5}, expected {v1}");
            return $"pushed {pushed.Transferred} object(s) to {Path.GetRelativePath(_dir, storage)}/, deleted the file and the cache, pulled {pulled.Transferred} back: md5 {md5} again";
        }).ConfigureAwait(false);

        await Step("data", "version 2: the first 400 rows", async () =>
        {
            var lines = await File.ReadAllLinesAsync(DataPath, _ct).ConfigureAwait(false);
            await File.WriteAllLinesAsync(DataPath, lines.Take(401), _ct).ConfigureAwait(false);
            var status = await _repo!.StatusAsync(cancellationToken: _ct).ConfigureAwait(false);
            var changed = !status.IsClean;
            var added = await _repo.AddAsync([DataPath], cancellationToken: _ct).ConfigureAwait(false);
            v2 = added.Outputs[0].Oid;
            GitCommit("diabetes v2: 400 rows");
            await _repo.PushAsync(cancellationToken: _ct).ConfigureAwait(false);
            _versions = _repo.Log(DataFile);
            return $"status saw the change: {changed.ToString().ToLowerInvariant()}; dvc add → md5 {v2}; pushed; dvc log lists {_versions.Count} versions";
        }).ConfigureAwait(false);

        await Step("data", "back to version 1 through git history", async () =>
        {
            using (var git = new LibGit2Sharp.Repository(_project))
                git.CheckoutPaths("HEAD~2", [DataFile + ".dvc"], new LibGit2Sharp.CheckoutOptions { CheckoutModifiers = LibGit2Sharp.CheckoutModifiers.Force });
            var checkout = await _repo!.CheckoutAsync(cancellationToken: _ct).ConfigureAwait(false);
            var md5 = Md5Of(DataPath);
            if (md5 != v1) throw new IntegrityException($"after checkout {DataFile} has md5 {md5}, expected version 1's {v1}");
            GitCommit("Train on diabetes v1");
            var rows = File.ReadLines(DataPath).Count() - 1;
            return string.Create(CultureInfo.InvariantCulture, $"git checkout HEAD~2 -- {DataFile}.dvc, dvc checkout ({checkout.Modified.Count} modified): {rows} rows, md5 {md5} = version 1; the runs below train on it");
        }).ConfigureAwait(false);
    }

    private void GitCommit(string message)
    {
        using var git = new LibGit2Sharp.Repository(_project);
        LibGit2Sharp.Commands.Stage(git, "*");
        var who = new LibGit2Sharp.Signature("MlopsKit Tutorial", "tutorial@mlopskit.local", TimeProvider.System.GetLocalNow());
        git.Commit(message, who, who, new LibGit2Sharp.CommitOptions { AllowEmptyCommit = true });
    }

    private static string Md5Of(string path) => Md5Hasher.HashFile(path);
}
