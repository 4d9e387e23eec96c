using System.Diagnostics;

namespace MlopsKit.Tests.Support;

/// <summary>
/// A small tmpfs mounted on a fresh folder, for a read-only (<c>ro</c>) or a tiny (disk-full) remote. Root ignores
/// file modes, so this is the only honest way to get EROFS or ENOSPC. Unmounted and deleted on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly TempDir _dir;

    private TmpfsMount(TempDir dir) => _dir = dir;

    public string Path => _dir.Path;

    /// <summary>Mounts a tmpfs with the given options (e.g. <c>ro,size=1m</c> or <c>size=64k</c>), or skips the test visibly when that is not possible (not root, no mount).</summary>
    public static TmpfsMount CreateOrSkip(string options)
    {
        var dir = TempDir.Create("mlopskit-tmpfs");
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.Path);
        if (code != 0)
        {
            dir.Dispose();
            Assert.Skip($"cannot mount a tmpfs ({options}) here, needs root: {error.Trim()}");
        }
        return new TmpfsMount(dir);
    }

    public void Dispose()
    {
        Run("umount", "-l", _dir.Path);
        _dir.Dispose();
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
