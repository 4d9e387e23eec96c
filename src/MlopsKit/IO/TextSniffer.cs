namespace MlopsKit.IO;

/// <summary>DVC's text-or-binary test on the first 512 bytes of a block (dvc-data istextfile).</summary>
public static class TextSniffer
{
    /// <summary>How many leading bytes the test looks at.</summary>
    public const int SniffSize = 512;

    /// <summary>True when the block is empty, or has no NUL and at most 30 % of bytes outside printable ASCII and \n\r\t\f\b.</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> block)
    {
        if (block.IsEmpty) return true;
        if (block.Contains((byte)0)) return false;
        var odd = 0;
        foreach (var b in block)
        {
            var printable = b is >= 0x20 and <= 0x7E or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or (byte)'\b';
            if (!printable) odd++;
        }
        return (double)odd / block.Length <= 0.30;
    }
}
