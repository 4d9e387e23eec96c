using MlopsKit.Datasets;
using MlopsKit.Tests.Support;

namespace MlopsKit.Tests.Datasets;

/// <summary>The embedded data sets match the tutorial's: row counts, columns and test splits.</summary>
public sealed class SampleDataTests
{
    [Fact]
    public void Iris_has_150_rows_five_columns_and_a_45_row_test_split()
    {
        var iris = SampleData.Iris;
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], iris.Columns);
        Assert.Equal(150, iris.Rows().Count());
        Assert.Equal(45, iris.TestRows.Count);
        Assert.All(iris.TestRows, i => Assert.InRange(i, 0, 149));
        Assert.Equal(45, iris.TestRows.Distinct().Count());
    }

    [Fact]
    public void Diabetes_has_442_rows_eleven_columns_and_a_111_row_test_split_in_both_forms()
    {
        foreach (var ds in new[] { SampleData.Diabetes, SampleData.DiabetesRaw })
        {
            Assert.Equal(11, ds.Columns.Count);
            Assert.Equal("target", ds.Columns[^1]);
            Assert.Equal(442, ds.Rows().Count());
            Assert.Equal(111, ds.TestRows.Count);
            Assert.All(ds.TestRows, i => Assert.InRange(i, 0, 441));
        }
        Assert.Equal(SampleData.Diabetes.Rows().Select(r => r[^1]), SampleData.DiabetesRaw.Rows().Select(r => r[^1]));
    }

    [Fact]
    public void Writing_a_data_set_gives_the_same_bytes_as_the_embedded_copy()
    {
        using var dir = TempDir.Create();
        var path = SampleData.Iris.WriteTo(dir["out"]);
        using var stream = SampleData.Iris.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(copy.ToArray(), File.ReadAllBytes(path));
        Assert.Equal("iris.csv", Path.GetFileName(path));
    }
}
