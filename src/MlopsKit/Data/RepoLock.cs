namespace MlopsKit.Data;

/// <summary>The repository lock <c>.dvc/tmp/lock</c>, taken with flock like DVC's zc.lockfile, so both tools exclude each other.</summary>
public sealed class RepoLock : IDisposable
{
    private readonly FileStream _stream;

    private RepoLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, retrying 6 times over 3 s as DVC does.</summary>
    /// <exception cref="RepoLockedException">Another process holds it.</exception>
    public static RepoLock Acquire(string tmpDir, TimeProvider time)
    {
        Directory.CreateDirectory(tmpDir);
        var path = Path.Combine(tmpDir, "lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // zc.lockfile writes the holder's pid; readers use it only for messages.
                stream.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes($" {Environment.ProcessId}\n");
                stream.Write(pid);
                stream.Flush();
                return new RepoLock(stream);
            }
            catch (IOException) when (attempt < 6)
            {
                using var wait = new ManualResetEventSlim();
                using var timer = time.CreateTimer(_ => wait.Set(), null, TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
                wait.Wait();
            }
            catch (IOException)
            {
                throw new RepoLockedException(path);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
