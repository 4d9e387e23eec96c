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

    /// <summary>
    /// Copies a file into a new file created with <paramref name="mode"/>, in the kernel (copy_file_range): no user-space
    /// buffer, no file locks, no timestamp or mode copying. False when this is not Linux or the kernel refuses; then copy another way.
    /// </summary>
    public static bool TryKernelCopy(string source, string target, UnixFileMode mode)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var src = Open(source, OReadOnly | OCloexec, 0);
        if (src < 0) return false;
        try
        {
            var dst = Open(target, OWriteOnly | OCreat | OExcl | OCloexec, (int)mode);
            if (dst < 0) return false;
            var ok = true;
            try
            {
                nint n;
                while ((n = CopyFileRange(src, IntPtr.Zero, dst, IntPtr.Zero, 1 << 30, 0)) > 0) { }
                ok = n == 0;
            }
            finally
            {
                _ = Close(dst);
            }
            if (!ok) File.Delete(target);
            return ok;
        }
        finally
        {
            _ = Close(src);
        }
    }

    /// <summary>
    /// Creates <paramref name="target"/> (which must not exist) as a kernel copy of <paramref name="source"/>, atomically:
    /// the data goes into an unnamed file (O_TMPFILE) that is linked under its name only when complete, so an interrupted
    /// copy leaves nothing behind and no temporary name has to be created and renamed. False when unsupported or the
    /// target exists; then use a temporary name and rename.
    /// </summary>
    public static bool TryCopyNew(string source, string target, UnixFileMode mode)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return false;
        var oTmpFile = 0x400000 | (RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 0x10000 : 0x4000);
        var src = Open(source, OReadOnly | OCloexec, 0);
        if (src < 0) return false;
        try
        {
            var dst = Open(Path.GetDirectoryName(target)!, oTmpFile | OWriteOnly | OCloexec, (int)mode);
            if (dst < 0) return false;
            try
            {
                nint n;
                while ((n = CopyFileRange(src, IntPtr.Zero, dst, IntPtr.Zero, 1 << 30, 0)) > 0) { }
                return n == 0 && LinkAt(AtFdCwd, $"/proc/self/fd/{dst}", AtFdCwd, target, AtSymlinkFollow) == 0;
            }
            finally
            {
                _ = Close(dst);
            }
        }
        finally
        {
            _ = Close(src);
        }
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkFollow = 0x400;
    private const int OReadOnly = 0;
    private const int OWriteOnly = 1;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int OCloexec = 0x80000;

#pragma warning disable CA2101, CA5392 // UTF-8 paths for Linux; libc is a system library.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "linkat", SetLastError = true)]
    private static extern int LinkAt(int oldDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, int flags);

    [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static extern nint CopyFileRange(int fdIn, IntPtr offIn, int fdOut, IntPtr offOut, nuint length, uint flags);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, ulong request, int arg);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
#pragma warning restore CA2101, CA5392
}
