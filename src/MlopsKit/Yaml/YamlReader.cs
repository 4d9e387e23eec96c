using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MlopsKit.Yaml;

/// <summary>Parses YAML into ordered <see cref="YamlNode"/>s; scalars stay text and are typed by YAML 1.2 core rules on demand.</summary>
public static class YamlReader
{
    /// <summary>Parses a single-document YAML text; an empty document gives null.</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static YamlNode? Parse(string text)
    {
        try
        {
            return ParseDocument(text);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some truncated input, e.g. an unclosed '[' at the end.
            var end = new Mark(text.Length, text.Count(c => c == '\n') + 1, 1);
            throw new YamlException(end, end, "unexpected end of the text (an unclosed bracket or quote?)", ex);
        }
    }

    private static YamlNode? ParseDocument(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _)) return null;
        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, YamlNode>();
        var root = ReadNode(parser, anchors);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
            return anchors.TryGetValue(alias.Value.Value, out var target) ? target : throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value}");
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var node = new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded);
            if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = node;
            return node;
        }
        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var seq = new YamlSequence();
            while (!parser.TryConsume<SequenceEnd>(out _))
                seq.Items.Add(ReadNode(parser, anchors));
            if (!seqStart.Anchor.IsEmpty) anchors[seqStart.Anchor.Value] = seq;
            return seq;
        }
        var mapStart = parser.Consume<MappingStart>();
        var map = new YamlMapping();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, anchors);
            if (keyNode is not YamlScalar key)
                throw new YamlException(mapStart.Start, mapStart.End, "mapping keys must be plain text");
            var value = ReadNode(parser, anchors);
            if (key.Value == "<<" && !key.Quoted && value is YamlMapping merged)
            {
                foreach (var e in merged.Entries)
                    if (map[e.Key] is null) map.Entries.Add(e);
                continue;
            }
            if (map[key.Value] is not null)
                throw new YamlException(mapStart.Start, mapStart.End, $"duplicate key '{key.Value}'");
            map.Entries.Add(new(key.Value, value));
        }
        if (!mapStart.Anchor.IsEmpty) anchors[mapStart.Anchor.Value] = map;
        return map;
    }
}
