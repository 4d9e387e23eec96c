using System.Globalization;

namespace MlopsKit.Datasets;

/// <summary>A CSV data set embedded in MlopsKit, with the 0-based row indices of the tutorial's test split.</summary>
public sealed class Dataset
{
    private readonly string _testRowsResource;
    private IReadOnlyList<int>? _testRows;
    private string[]? _columns;

    internal Dataset(string name, string fileName, string testRowsResource)
    {
        Name = name;
        FileName = fileName;
        _testRowsResource = testRowsResource;
    }

    /// <summary>Short name (<c>iris</c>, <c>diabetes</c>).</summary>
    public string Name { get; }

    /// <summary>The CSV file name it is written as (<c>iris.csv</c>).</summary>
    public string FileName { get; }

    /// <summary>Header names, in file order (the label is the last column).</summary>
    public IReadOnlyList<string> Columns => _columns ??= ReadLines().First().Split(',');

    /// <summary>Data rows (header excluded), as text fields.</summary>
    public IEnumerable<string[]> Rows() => ReadLines().Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    /// <summary>The 0-based indices of the tutorial's test rows (the rest is the training split).</summary>
    public IReadOnlyList<int> TestRows => _testRows ??= ReadResource(_testRowsResource)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The CSV bytes.</summary>
    public Stream Open() => typeof(Dataset).Assembly.GetManifestResourceStream("MlopsKit.Datasets." + FileName)
        ?? throw new NotFoundException($"data set '{Name}' is missing from the MlopsKit assembly; the build that made it is broken.");

    /// <summary>Writes the CSV into a folder (created if needed) and returns the file's path.</summary>
    public string WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        using var input = Open();
        using var output = File.Create(path);
        input.CopyTo(output);
        return path;
    }

    private IEnumerable<string> ReadLines() => ReadResource(FileName).Split('\n').Select(l => l.TrimEnd('\r'));

    private static string ReadResource(string fileName)
    {
        using var stream = typeof(Dataset).Assembly.GetManifestResourceStream("MlopsKit.Datasets." + fileName)
            ?? throw new NotFoundException($"resource '{fileName}' is missing from the MlopsKit assembly; the build that made it is broken.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
