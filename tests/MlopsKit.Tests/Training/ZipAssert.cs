using System.IO.Compression;
using System.Text;

namespace MlopsKit.Tests.Training;

/// <summary>Checks on saved ML.NET model zips.</summary>
internal static class ZipAssert
{
    /// <summary>
    /// The zip names the given ML.NET loader signatures (so the scan reads what ML.NET wrote) and mentions MlopsKit
    /// nowhere, in entry names or contents: loading it needs no MlopsKit assembly or loader.
    /// </summary>
    public static void IsStockMlNet(string zipPath, params string[] loaderSignatures)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            // ML.NET writes strings as UTF-8 and as UTF-16; keep every reading.
            text.AppendLine(entry.FullName)
                .AppendLine(Encoding.UTF8.GetString(bytes))
                .AppendLine(Encoding.Unicode.GetString(bytes))
                .AppendLine(Encoding.Unicode.GetString(bytes.AsSpan(1)));
        }

        var all = text.ToString();
        foreach (var signature in loaderSignatures)
            Assert.Contains(signature, all, StringComparison.Ordinal);
        Assert.DoesNotContain("MlopsKit", all, StringComparison.OrdinalIgnoreCase);
    }
}
