using System.Text;
using MlopsKit.Data;
using MlopsKit.IO;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Data;

/// <summary>dvc.md §10 vectors V2 and V8–V12: the raw and legacy md5 flavours.</summary>
public sealed class HashVectorTests : IDisposable
{
    private readonly TempDir _dir = TempDir.Create();

    public void Dispose() => _dir.Dispose();

    private string File(byte[] bytes)
    {
        var path = _dir[Guid.NewGuid().ToString("N")];
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void V1_hello_hashes_to_the_dvc_md5()
        => Assert.Equal("b1946ac92492d2347c6235b4d2611184", Md5Hasher.HashFile(File("hello\n"u8.ToArray())));

    [Fact]
    public void V2_empty_file_hashes_to_the_md5_of_nothing()
    {
        var path = File([]);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Md5Hasher.HashFile(path));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Md5Hasher.HashFileLegacy(path));
    }

    [Fact]
    public void V8_crlf_text_differs_between_raw_and_dos2unix()
    {
        var path = File("hello\r\nworld\r\n"u8.ToArray());
        Assert.Equal("7ac062d8a84466e70d9b899c0821a51c", Md5Hasher.HashFile(path));
        Assert.Equal("0f723ae7f9bf07744445e93ac5595156", Md5Hasher.HashFileLegacy(path));
    }

    [Fact]
    public void V9_a_nul_byte_makes_the_file_binary_so_both_hashes_agree()
    {
        var path = File([0x00, (byte)'\r', (byte)'\n']);
        Assert.Equal("692c8022360661692872fdc730517229", Md5Hasher.HashFile(path));
        Assert.Equal("692c8022360661692872fdc730517229", Md5Hasher.HashFileLegacy(path));
    }

    [Fact]
    public void V10_the_thirty_percent_rule_decides_text_or_binary()
    {
        var a = File([0xff, 0xff, 0xff, (byte)'a', (byte)'b', (byte)'\r', (byte)'\n']);
        Assert.Equal("d5fd82adc406b7745f1c79e84abe2506", Md5Hasher.HashFile(a));
        Assert.Equal("d5fd82adc406b7745f1c79e84abe2506", Md5Hasher.HashFileLegacy(a));
        var b = File([0xff, 0xff, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'\r', (byte)'\n']);
        Assert.Equal("46cb02d72070be1601b3b1a635b30cd7", Md5Hasher.HashFile(b));
        Assert.Equal("fded30425c6758e4d5dde1fc5e51c3d8", Md5Hasher.HashFileLegacy(b));
    }

    [Fact]
    public void V11_a_crlf_straddling_the_1MiB_chunk_boundary_is_kept()
    {
        var bytes = new byte[(1 << 20) - 1 + 2 + 3];
        Array.Fill(bytes, (byte)'a', 0, (1 << 20) - 1);
        "\r\nb\r\n"u8.CopyTo(bytes.AsSpan((1 << 20) - 1));
        var path = File(bytes);
        Assert.Equal("e0bc301cdd0940f2de68d786f8e52418", Md5Hasher.HashFile(path));
        Assert.Equal("deb8178cc400550795d42d701b97846d", Md5Hasher.HashFileLegacy(path));
    }

    [Fact]
    public void V12_legacy_hash_sniffs_every_chunk_as_DVC_3_does()
    {
        var line = "line\r\n"u8.ToArray();
        var first = new byte[1 << 20];
        for (var i = 0; i < first.Length; i++) first[i] = line[i % line.Length];
        var tail = Enumerable.Repeat(new byte[] { 0x00, (byte)'\r', (byte)'\n' }, 10).SelectMany(x => x).ToArray();
        var path = File([.. first, .. tail]);
        Assert.Equal("49c6ac88e1d465b8a2241b9a66e92e2f", Md5Hasher.HashFile(path));
        Assert.Equal("44323d4f162e8e1b66616f14aca9e072", Md5Hasher.HashFileLegacy(path));
    }

    [Fact]
    public void Large_files_hash_the_same_through_the_chunked_path()
    {
        var bytes = new byte[3 * (1 << 20) + 17];
        new Random(42).NextBytes(bytes);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes));
        Assert.Equal(expected, Md5Hasher.HashFile(File(bytes)));
    }

    [Fact]
    public void Text_sniffer_treats_empty_blocks_as_text()
    {
        Assert.True(TextSniffer.LooksLikeText([]));
        Assert.False(TextSniffer.LooksLikeText(Encoding.ASCII.GetBytes("a\0b")));
    }
}
