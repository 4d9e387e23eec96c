using MlopsKit.Yaml;

namespace MlopsKit.Tests.Yaml;

/// <summary>Scalars are quoted exactly when ruamel (DVC's YAML library) would quote them, so rewritten files match DVC's bytes.</summary>
public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("demo.txt", "demo.txt")]
    [InlineData("my file.csv", "my file.csv")]
    [InlineData("café.txt", "café.txt")]
    [InlineData("😀.txt", "😀.txt")]
    [InlineData("a#b", "a#b")]
    [InlineData("-x", "-x")]
    [InlineData("a:b", "a:b")]
    [InlineData("it's.csv", "it's.csv")]
    [InlineData("q\"t", "q\"t")]
    [InlineData("yes", "yes")]
    [InlineData("#x", "'#x'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("x:", "'x:'")]
    [InlineData("'q'", "'''q'''")]
    [InlineData("\"dq\"", "'\"dq\"'")]
    [InlineData("123", "'123'")]
    [InlineData("2.0", "'2.0'")]
    [InlineData("1e5", "'1e5'")]
    [InlineData("true", "'true'")]
    [InlineData("null", "'null'")]
    [InlineData("", "''")]
    [InlineData(" lead", "' lead'")]
    [InlineData("[a]", "'[a]'")]
    [InlineData("tab\tname", "\"tab\\tname\"")]
    [InlineData("del\u007f", "\"del\\x7F\"")]
    public void Strings_are_quoted_only_when_yaml_would_read_them_otherwise(string value, string expected)
        => Assert.Equal(expected, YamlWriter.FormatScalar(YamlWriter.Str(value)));

    [Fact]
    public void Written_text_reads_back_to_the_same_strings()
    {
        var names = new[] { "#x", "a: b", "'q'", "tab\tname", "del\u007f", "123", "café 😀", "back\\slash" };
        var map = new YamlMapping();
        foreach (var (n, i) in names.Select((n, i) => (n, i))) map.Set($"k{i}", YamlWriter.Str(n));
        var back = (YamlMapping)YamlReader.Parse(YamlWriter.Write(map))!;
        Assert.Equal(names, back.Entries.Select(e => ((YamlScalar)e.Value).Value));
    }

    [Fact]
    public void Lists_sit_at_their_parent_key_column_and_nested_maps_indent_by_two()
    {
        var text = "stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n    - data/demo.txt\n    params:\n      params.yaml:\n        prepare.seed: 20170428\n";
        Assert.Equal(text, YamlWriter.Write(YamlReader.Parse(text)!));
    }

    [Fact]
    public void Duplicate_keys_are_rejected_like_ruamel_does()
        => Assert.Throws<YamlDotNet.Core.YamlException>(() => YamlReader.Parse("a: 1\na: 2\n"));

    [Theory]
    [InlineData("yes", "yes")]
    [InlineData("on", "on")]
    [InlineData("0x1f", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0.2", 0.2)]
    [InlineData("True", true)]
    [InlineData("~", null)]
    public void Plain_scalars_are_typed_by_yaml_1_2_core_rules(string text, object? expected)
        => Assert.Equal(expected, YamlCore.Value(new YamlScalar(text)));
}
