using System.Runtime.InteropServices;

namespace MlopsKit.IO;

/// <summary>The identity of a file's content as the state database keys it: inode, mtime in ns, size.</summary>
public readonly record struct FileStat(ulong Inode, long MtimeNs, long Size, bool IsExecutable, uint Mode = 0)
{
    /// <summary>Reads stat(2) for a path (following links); null when the path does not exist.</summary>
    public static FileStat? Get(string path)
    {
        if (OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64))
        {
            Span<byte> buffer = stackalloc byte[256];
            if (NativeStat(path, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
            return RuntimeInformation.ProcessArchitecture == Architecture.X64 ? FromX64(buffer) : FromArm64(buffer);
        }
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
        return new FileStat(0, (info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100, info.Length, (mode & 0x49) != 0, (uint)mode);
    }

    /// <summary>
    /// stat(2) for many names in one folder: on Linux the folder is opened once and each name looked up relative to it
    /// (fstatat), so the kernel does not walk the full path again per file. Missing names give null.
    /// </summary>
    public static void GetMany(string directory, IReadOnlyList<string> names, FileStat?[] results, int offset = 0)
    {
        if (!(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64))
        {
            for (var i = 0; i < names.Count; i++) results[offset + i] = Get(Path.Combine(directory, names[i]));
            return;
        }
        var fd = NativeOpen(directory, OpenDirectoryFlags);
        if (fd < 0)
        {
            for (var i = 0; i < names.Count; i++) results[offset + i] = null;
            return;
        }
        try
        {
            Span<byte> buffer = stackalloc byte[256];
            var x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
            for (var i = 0; i < names.Count; i++)
            {
                results[offset + i] = NativeStatAt(fd, names[i], ref MemoryMarshal.GetReference(buffer), 0) != 0 ? null
                    : x64 ? FromX64(buffer) : FromArm64(buffer);
            }
        }
        finally
        {
            _ = NativeClose(fd);
        }
    }

    // O_RDONLY | O_DIRECTORY | O_CLOEXEC; O_DIRECTORY differs between x86_64 (0x10000) and arm64 (0x4000).
    private static int OpenDirectoryFlags => (RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 0x10000 : 0x4000) | 0x80000;

    // struct stat on x86_64: dev 8, ino 8, nlink 8, mode 4, uid 4, gid 4, pad 4, rdev 8, size 8, blksize 8, blocks 8, atim 16, mtim 16.
    private static FileStat FromX64(ReadOnlySpan<byte> s) => Read(s, modeOffset: 24);

    // struct stat on generic arm64: dev 8, ino 8, mode 4, nlink 4, uid 4, gid 4, rdev 8, pad 8, size 8, blksize 4, pad 4, blocks 8, atim 16, mtim 16.
    private static FileStat FromArm64(ReadOnlySpan<byte> s) => Read(s, modeOffset: 16);

    // Both layouts put st_ino at 8, st_size at 48 and st_mtim (seconds, nanoseconds) at 88.
    private static FileStat Read(ReadOnlySpan<byte> s, int modeOffset)
    {
        var ino = MemoryMarshal.Read<ulong>(s[8..]);
        var mode = MemoryMarshal.Read<uint>(s[modeOffset..]);
        var size = MemoryMarshal.Read<long>(s[48..]);
        var sec = MemoryMarshal.Read<long>(s[88..]);
        var nsec = MemoryMarshal.Read<long>(s[96..]);
        return new FileStat(ino, (sec * 1_000_000_000) + nsec, size, (mode & 0x49) != 0, mode & 0xFFF);
    }

    [DllImport("libc", EntryPoint = "fstatat", SetLastError = true)]
#pragma warning disable CA2101, CA5392
    private static extern int NativeStatAt(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, ref byte buffer, int flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int NativeOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int NativeClose(int fd);
#pragma warning restore CA2101, CA5392

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
#pragma warning disable CA2101, CA5392 // UTF-8 marshalling is what Linux paths need; libc is a system library.
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref byte buffer);
#pragma warning restore CA2101, CA5392
}
