using System.Runtime.InteropServices;

namespace MlopsKit.IO;

/// <summary>Reflinks and hard links through libc, which .NET does not expose.</summary>
public static class FileLinks
{
    private const ulong Ficlone = 0x40049409;

    /// <summary>Creates <paramref name="target"/> as a copy-on-write clone of <paramref name="source"/>; false when the file system cannot.</summary>
    public static bool TryReflink(string source, string target)
    {
        if (!OperatingSystem.IsLinux()) return false;
        using var src = File.OpenHandle(source, FileMode.Open, FileAccess.Read);
        bool ok;
        using (var dst = File.OpenHandle(target, FileMode.CreateNew, FileAccess.Write))
            ok = Ioctl(dst.DangerousGetHandle().ToInt32(), Ficlone, src.DangerousGetHandle().ToInt32()) == 0;
        if (!ok) File.Delete(target);
        return ok;
    }

    /// <summary>Creates a hard link; false when the file system refuses (cross-device, unsupported).</summary>
    public static bool TryHardlink(string source, string target) => !OperatingSystem.IsWindows() && Link(source, target) == 0;

#pragma warning disable CA2101, CA5392 // UTF-8 paths for Linux; libc is a system library.
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, ulong request, int arg);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
#pragma warning restore CA2101, CA5392
}
