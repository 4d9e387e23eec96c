namespace MlopsKit.Datasets;

/// <summary>The tutorial's public-domain data sets, embedded: Fisher's iris and the Efron et al. diabetes study (scaled and raw).</summary>
public static class SampleData
{
    /// <summary>Iris: 150 rows, four measurements and <c>species</c>; the test split is 30 % (45 rows).</summary>
    public static Dataset Iris { get; } = new("iris", "iris.csv", "iris_test_rows.txt");

    /// <summary>Diabetes, scaled as in scikit-learn: 442 rows, ten features and <c>target</c>; the test split is 25 % (111 rows).</summary>
    public static Dataset Diabetes { get; } = new("diabetes", "diabetes.csv", "diabetes_test_rows.txt");

    /// <summary>Diabetes with the original units, same rows and split as <see cref="Diabetes"/>.</summary>
    public static Dataset DiabetesRaw { get; } = new("diabetes_raw", "diabetes_raw.csv", "diabetes_test_rows.txt");
}
