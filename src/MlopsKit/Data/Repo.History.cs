using LibGit2Sharp;

namespace MlopsKit.Data;

public sealed partial class Repo
{
    /// <summary>The <c>.dvc</c> files and pipeline stages as they are at a git revision (branch, tag, sha, <c>HEAD~1</c>), without touching the work tree.</summary>
    /// <exception cref="NotFoundException">The revision does not exist.</exception>
    public IReadOnlyList<Stage> StagesAt(string rev) => StagesIn(ResolveCommit(rev));

    /// <summary>The history of a tracked output through git: every commit that changed its <c>.dvc</c> file, newest first.</summary>
    /// <exception cref="NotFoundException">The target has no <c>.dvc</c> file in history.</exception>
    public IReadOnlyList<DataVersion> Log(string target, int? maxCount = null)
    {
        var git = RequireGit("log");
        var full = FullPathOf(target).TrimEnd(Path.DirectorySeparatorChar);
        if (!IsInside(full, Root)) throw new ConfigException($"'{full}' is outside the repository '{Root}'. Give a path inside it.");
        var dvcPath = DvcFile.IsDvcFileName(full) ? full : DvcFile.PathFor(full);
        var gitRel = Path.GetRelativePath(GitRoot!, dvcPath).Replace('\\', '/');
        var versions = new List<DataVersion>();
        if (git.Head.Tip is null) throw new NotFoundException("the git repository has no commits yet. Commit the .dvc file first.");
        foreach (var entry in git.Commits.QueryBy(gitRel, new CommitFilter { SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time }))
        {
            var c = entry.Commit;
            var blob = c[entry.Path]?.Target as Blob;
            Output? o = null;
            if (blob is not null)
            {
                try
                {
                    var outs = DvcFile.Parse(Path.Combine(GitRoot!, entry.Path), blob.GetContentText()).Outputs;
                    o = outs.Count > 0 ? outs[0] : null;
                }
                catch (ConfigException)
                {
                    // An invalid .dvc in an old commit is still a version; it shows without a hash.
                }
            }
            versions.Add(new DataVersion(c.Sha, c.Sha[..7], c.Author.When, c.Author.Name, c.MessageShort,
                o is null ? RelativePath(full) : RelativePath(o.FullPath), o?.Hash, o?.Size, o?.NFiles));
            if (maxCount is { } max && versions.Count >= max) break;
        }
        if (versions.Count == 0) throw new NotFoundException($"'{RelativePath(dvcPath)}' has no history in git. Commit it first ('git add {RelativePath(dvcPath)} && git commit').");
        return versions;
    }

    internal IReadOnlyList<Output> OutputsAtRevision(string rev, IEnumerable<string>? targets)
    {
        var files = StagesAt(rev);
        var all = files.SelectMany(f => f.Outputs).ToList();
        var list = targets?.ToList() ?? [];
        if (list.Count == 0) return all;
        var result = new List<Output>();
        foreach (var t in list)
        {
            var full = FullPathOf(t).TrimEnd(Path.DirectorySeparatorChar);
            if (full != Root && !IsInside(full, Root)) throw new ConfigException($"'{full}' is outside the repository '{Root}'. Give a path inside it.");
            var matches = all.Where(o => o.Owner.FullPath == full || o.FullPath == full || IsInside(o.FullPath, full) || IsInside(full, o.FullPath)).ToList();
            if (matches.Count == 0) throw new NotFoundException($"'{RelativePath(full)}' is not tracked at revision '{rev}'. Check the path, or list what was tracked there with 'git show {rev} --stat'.");
            result.AddRange(matches.Where(m => !result.Contains(m)));
        }
        return result;
    }

    /// <summary>Commits to scan for gc: workspace HEAD, and optionally all branches, tags and commits.</summary>
    internal IEnumerable<Commit> Revisions(bool allBranches, bool allTags, bool allCommits)
    {
        var git = RequireGit("gc -a/-T/-A");
        var seen = new HashSet<string>();
        IEnumerable<Commit> commits = [];
        if (allCommits)
            commits = git.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = git.Refs.ToList() });
        else
        {
            if (allBranches) commits = commits.Concat(git.Branches.Select(b => b.Tip).Where(c => c is not null));
            if (allTags) commits = commits.Concat(git.Tags.Select(t => t.PeeledTarget).OfType<Commit>());
        }
        foreach (var c in commits)
            if (seen.Add(c.Sha)) yield return c;
    }

    internal IReadOnlyList<Stage> StagesIn(Commit commit)
    {
        var result = new List<Stage>();
        var prefix = Path.GetRelativePath(GitRoot!, Root).Replace('\\', '/');
        Tree? tree = commit.Tree;
        if (prefix != ".")
        {
            tree = commit[prefix]?.Target as Tree;
            if (tree is null) return result;
        }
        Walk(tree, Root);
        return result;

        void Walk(Tree t, string dir)
        {
            foreach (var e in t)
            {
                if (e.TargetType == TreeEntryTargetType.Tree)
                {
                    if (e.Name is ".git" or ".dvc") continue;
                    Walk((Tree)e.Target, Path.Combine(dir, e.Name));
                }
                else if (e.TargetType == TreeEntryTargetType.Blob && DvcFile.IsDvcFileName(e.Name))
                {
                    result.Add(CheckOutputsInside(DvcFile.Parse(Path.Combine(dir, e.Name), ((Blob)e.Target).GetContentText())));
                }
                else if (e.TargetType == TreeEntryTargetType.Blob && e.Name == "dvc.yaml")
                {
                    var lockText = (t["dvc.lock"]?.Target as Blob)?.GetContentText();
                    result.AddRange(PipelineFile.Parse(Path.Combine(dir, e.Name), ((Blob)e.Target).GetContentText(), lockText).Stages.Select(CheckOutputsInside));
                }
            }
        }
    }

    private Commit ResolveCommit(string rev)
    {
        var git = RequireGit("--rev");
        return git.Lookup<Commit>(rev) ?? throw new NotFoundException($"git revision '{rev}' does not exist. Use a branch, tag or commit (see 'git log').");
    }

    private Repository RequireGit(string feature) =>
        Git ?? throw new ConfigException($"'{feature}' needs git, and this repository was initialised with --no-scm.");
}
