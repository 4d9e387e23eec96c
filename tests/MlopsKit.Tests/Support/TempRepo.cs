using LibGit2Sharp;
using MlopsKit.Data;

namespace MlopsKit.Tests.Support;

/// <summary>A real git repository with <c>dvc init</c> done, in a temp folder.</summary>
public sealed class TempRepo : IDisposable
{
    private readonly TempDir _dir;

    private TempRepo(TempDir dir, Repo repo)
    {
        _dir = dir;
        Repo = repo;
    }

    public Repo Repo { get; private set; }

    public string Root => _dir.Path;

    public static Signature Signature => new("MlopsKit Tests", "tests@mlopskit.local", DateTimeOffset.UnixEpoch.AddYears(56));

    public static TempRepo Create(bool init = true)
    {
        var dir = TempDir.Create("mlopskit-repo");
        Repository.Init(dir.Path);
        if (!init) return new TempRepo(dir, null!);
        return new TempRepo(dir, Repo.Init(dir.Path));
    }

    public string this[string relative] => _dir[relative];

    public string Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string relative, byte[] content)
    {
        var path = _dir[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(_dir[relative]);

    /// <summary>git add -A and commit; returns the commit sha.</summary>
    public string GitCommit(string message)
    {
        using var git = new Repository(Root);
        Commands.Stage(git, "*");
        return git.Commit(message, Signature, Signature, new LibGit2Sharp.CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    /// <summary>git checkout &lt;rev&gt; -- &lt;path&gt;.</summary>
    public void GitCheckoutPath(string rev, string path)
    {
        using var git = new Repository(Root);
        git.CheckoutPaths(rev, [path], new LibGit2Sharp.CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
    }

    /// <summary>Re-opens the repository (as a new command would).</summary>
    public Repo Reopen()
    {
        Repo?.Dispose();
        Repo = Repo.Open(Root);
        return Repo;
    }

    public void Dispose()
    {
        Repo?.Dispose();
        _dir.Dispose();
    }
}
