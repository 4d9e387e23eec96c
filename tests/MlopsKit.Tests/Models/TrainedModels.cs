using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlopsKit.Datasets;

namespace MlopsKit.Tests.Models;

/// <summary>Tiny real ML.NET models on the embedded data sets, trained once per test class that asks for them.</summary>
public sealed class TrainedModels : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mlopskit-models-{Guid.NewGuid():N}");

    public TrainedModels()
    {
        Directory.CreateDirectory(_folder);
        IrisMl = new MLContext(seed: 1);
        IrisData = IrisMl.Data.LoadFromTextFile(SampleData.Iris.WriteTo(_folder),
        [
            new TextLoader.Column("sepal_length", DataKind.Single, 0),
            new TextLoader.Column("sepal_width", DataKind.Single, 1),
            new TextLoader.Column("petal_length", DataKind.Single, 2),
            new TextLoader.Column("petal_width", DataKind.Single, 3),
            new TextLoader.Column("species", DataKind.String, 4),
        ], separatorChar: ',', hasHeader: true);
        var iris = IrisMl.Transforms.Concatenate("Features", "sepal_length", "sepal_width", "petal_length", "petal_width")
            .Append(IrisMl.Transforms.NormalizeMinMax("Features"))
            .Append(IrisMl.Transforms.Conversion.MapValueToKey("Label", "species"))
            .Append(IrisMl.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features", maximumNumberOfIterations: 20))
            .Append(IrisMl.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        IrisModel = iris.Fit(IrisData);

        DiabetesMl = new MLContext(seed: 1);
        var features = SampleData.Diabetes.Columns.Take(10).ToArray();
        DiabetesData = DiabetesMl.Data.LoadFromTextFile(SampleData.Diabetes.WriteTo(_folder),
            [.. features.Select((name, i) => new TextLoader.Column(name, DataKind.Single, i)), new TextLoader.Column("target", DataKind.Single, 10)],
            separatorChar: ',', hasHeader: true);
        var diabetes = DiabetesMl.Transforms.Concatenate("Features", features)
            .Append(DiabetesMl.Transforms.NormalizeMinMax("Features"))
            .Append(DiabetesMl.Regression.Trainers.Sdca("target", "Features", maximumNumberOfIterations: 20));
        DiabetesModel = diabetes.Fit(DiabetesData);
    }

    public MLContext IrisMl { get; }
    public IDataView IrisData { get; }
    public ITransformer IrisModel { get; }
    public MLContext DiabetesMl { get; }
    public IDataView DiabetesData { get; }
    public ITransformer DiabetesModel { get; }

    /// <summary>Iris rows as name → float dictionaries (the label left out), as a caller of Predict sends them.</summary>
    public static List<IReadOnlyDictionary<string, object?>> IrisRows() =>
        SampleData.Iris.Rows().Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["sepal_length"] = float.Parse(r[0], CultureInfo.InvariantCulture),
            ["sepal_width"] = float.Parse(r[1], CultureInfo.InvariantCulture),
            ["petal_length"] = float.Parse(r[2], CultureInfo.InvariantCulture),
            ["petal_width"] = float.Parse(r[3], CultureInfo.InvariantCulture),
        }).ToList();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>A clock stuck at one instant.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
