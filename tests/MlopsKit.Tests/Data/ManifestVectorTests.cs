using System.Text;
using MlopsKit.Data;

namespace MlopsKit.Tests.Data;

/// <summary>dvc.md §10 vectors V3–V7: directory manifests byte for byte.</summary>
public sealed class ManifestVectorTests
{
    private const string X = "401b30e3b8b5d629635a5c613cdb7919";

    private static DirManifest Of(params string[] relpaths) => new(relpaths.Select(p => new DirEntry(p, X)));

    [Fact]
    public void V3_two_file_tree_serializes_like_python_json_dumps()
    {
        var m = new DirManifest([new DirEntry("sub/b.txt", "c157a79031e1c40f85931829bc5fc552"), new DirEntry("a.txt", "d3b07384d113edec49eaa6238ad5ff00")]);
        Assert.Equal("""[{"md5": "d3b07384d113edec49eaa6238ad5ff00", "relpath": "a.txt"}, {"md5": "c157a79031e1c40f85931829bc5fc552", "relpath": "sub/b.txt"}]""", Encoding.ASCII.GetString(m.ToBytes()));
        Assert.Equal("7534fcc515ab7013186ecb2231fac13a.dir", m.ComputeOid());
    }

    [Fact]
    public void V4_empty_directory_is_an_empty_list()
    {
        var m = new DirManifest([]);
        Assert.Equal("[]", Encoding.ASCII.GetString(m.ToBytes()));
        Assert.Equal("d751713988987e9331980363e24189ce.dir", m.ComputeOid());
    }

    [Fact]
    public void V5_entries_sort_by_code_point_with_uppercase_and_punctuation_first()
    {
        var m = Of("a/x", "a.txt", "a-b", "B.txt");
        Assert.Equal(["B.txt", "a-b", "a.txt", "a/x"], m.Entries.Select(e => e.RelPath));
        Assert.Equal("87e281ee42f0f0c95d05ebcbb892650d.dir", m.ComputeOid());
    }

    [Fact]
    public void V6_non_ascii_names_are_escaped_and_astral_characters_sort_last()
    {
        var m = Of("😀.txt", "～.txt", "café.txt");
        Assert.Equal(["café.txt", "～.txt", "😀.txt"], m.Entries.Select(e => e.RelPath));
        var json = Encoding.ASCII.GetString(m.ToBytes());
        Assert.Contains("\"caf\\u00e9.txt\"", json, StringComparison.Ordinal);
        Assert.Contains("\"\\uff5e.txt\"", json, StringComparison.Ordinal);
        Assert.Contains("\"\\ud83d\\ude00.txt\"", json, StringComparison.Ordinal);
        Assert.Equal("c36161076e23d4f1cec876243f9cff79.dir", m.ComputeOid());
    }

    [Fact]
    public void V7_quotes_backslashes_tabs_and_delete_are_escaped()
    {
        var m = Of("q\"t", "back\\slash", "tab\tname", "del\u007f");
        var expected = $$"""[{"md5": "{{X}}", "relpath": "back\\slash"}, {"md5": "{{X}}", "relpath": "del\u007f"}, {"md5": "{{X}}", "relpath": "q\"t"}, {"md5": "{{X}}", "relpath": "tab\tname"}]""";
        Assert.Equal(expected, Encoding.ASCII.GetString(m.ToBytes()));
        Assert.Equal("12faf848fa278fd9ce11473fa2027f0f.dir", m.ComputeOid());
    }

    [Fact]
    public void Parsing_a_written_manifest_gives_back_the_same_entries()
    {
        var m = Of("😀.txt", "q\"t", "a/b c");
        var back = DirManifest.Parse(m.ToBytes(), "test");
        Assert.Equal(m.Entries.Select(e => (e.RelPath, e.Md5)), back.Entries.Select(e => (e.RelPath, e.Md5)));
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_an_integrity_error()
        => Assert.Throws<IntegrityException>(() => DirManifest.Parse("{not json"u8, "x.dir"));
}
