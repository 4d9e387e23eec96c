using System.Buffers;
using System.Security.Cryptography;

namespace MlopsKit.IO;

/// <summary>Computes the two md5 flavours DVC uses: raw (3.x) and md5-dos2unix (2.x legacy).</summary>
public static class Md5Hasher
{
    /// <summary>Chunk size DVC uses when it converts CRLF for legacy hashes.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>md5 of a file's exact bytes, as lowercase hex.</summary>
    public static string HashFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length <= 64 * 1024)
        {
            Span<byte> small = stackalloc byte[(int)length];
            var read = ReadFully(handle, small, 0);
            return HashBytes(small[..read]);
        }
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long offset = 0;
            int n;
            while ((n = RandomAccess.Read(handle, buffer.AsSpan(0, ChunkSize), offset)) > 0)
            {
                md5.AppendData(buffer, 0, n);
                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return ToHex(md5.GetHashAndReset());
    }

    /// <summary>md5 of a byte span, as lowercase hex.</summary>
    public static string HashBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(bytes, digest);
        return ToHex(digest);
    }

    /// <summary>
    /// md5-dos2unix as DVC 3 recomputes it for a legacy output: each 1 MiB chunk is sniffed on its own
    /// first 512 bytes and, when it looks like text, its CRLF pairs become LF within that chunk only.
    /// </summary>
    public static string HashFileLegacy(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return HashStreamLegacy(stream);
    }

    /// <summary>md5-dos2unix of a stream, with DVC 3's per-chunk text test.</summary>
    public static string HashStreamLegacy(Stream stream)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var converted = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int n;
            while ((n = ReadChunk(stream, chunk)) > 0)
            {
                var part = chunk.AsSpan(0, n);
                if (TextSniffer.LooksLikeText(part[..Math.Min(n, TextSniffer.SniffSize)]))
                {
                    var m = Dos2Unix(part, converted);
                    md5.AppendData(converted, 0, m);
                }
                else
                {
                    md5.AppendData(part);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ArrayPool<byte>.Shared.Return(converted);
        }
        return ToHex(md5.GetHashAndReset());
    }

    /// <summary>Lowercase hex of a digest.</summary>
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest);

    private static int Dos2Unix(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var j = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == (byte)'\r' && i + 1 < source.Length && source[i + 1] == (byte)'\n')
                continue;
            target[j++] = source[i];
        }
        return j;
    }

    private static int ReadChunk(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < ChunkSize)
        {
            var n = stream.Read(buffer, total, ChunkSize - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
