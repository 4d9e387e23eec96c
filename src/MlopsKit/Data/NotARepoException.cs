namespace MlopsKit.Data;

/// <summary>No <c>.dvc</c> folder was found at or above a path.</summary>
public sealed class NotARepoException(string path) : MlopsException(
    $"'{path}' is not inside a DVC repository. Run 'mlops dvc init' in your git repository first.");

/// <summary>Another process (DVC or MlopsKit) holds the repository lock.</summary>
public sealed class RepoLockedException(string lockPath) : MlopsException(
    $"Unable to acquire lock {lockPath}: another DVC or mlops command is running in this repository. Wait for it to finish and try again.");
