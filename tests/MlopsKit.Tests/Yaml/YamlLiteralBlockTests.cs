using MlopsKit.Yaml;

namespace MlopsKit.Tests.Yaml;

/// <summary><see cref="YamlWriter.Block"/>: multi-line strings as readable <c>|</c> blocks that read back to the same text.</summary>
public sealed class YamlLiteralBlockTests
{
    [Theory]
    [InlineData("{\n  \"a\": 1\n}\n", "|")]
    [InlineData("line one\nline two", "|-")]
    [InlineData("kept\n\n", "|+")]
    [InlineData("first\n\n  indented after a blank line\n", "|")]
    public void A_multi_line_block_reads_back_to_the_same_text(string text, string indicator)
    {
        var map = new YamlMapping();
        map.Set("data", YamlWriter.Block(text));

        var yaml = YamlWriter.Write(map);

        Assert.StartsWith($"data: {indicator}\n  ", yaml, StringComparison.Ordinal);
        Assert.Equal(text, ((YamlScalar)((YamlMapping)YamlReader.Parse(yaml)!)["data"]!).Value);
    }

    [Theory]
    [InlineData("one line")]
    [InlineData("trailing space \nsecond")]
    [InlineData(" leading space\nsecond")]
    [InlineData("tab\there\r\nsecond")]
    public void Text_a_block_cannot_hold_falls_back_to_a_quoted_scalar_that_reads_back_the_same(string text)
    {
        var map = new YamlMapping();
        map.Set("data", YamlWriter.Block(text));

        var yaml = YamlWriter.Write(map);

        Assert.DoesNotContain("data: |", yaml, StringComparison.Ordinal);
        Assert.Equal(text, ((YamlScalar)((YamlMapping)YamlReader.Parse(yaml)!)["data"]!).Value);
    }
}
