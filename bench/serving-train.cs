#:project ../src/MlopsKit/MlopsKit.csproj
#:property PublishAot=false

// The model bench/serving.sh serves with `mlops models serve`: the tutorial's iris classifier (SdcaMaximumEntropy on the four
// measurements, same split as the tests), saved as an MLflow model directory named "iris".
// Usage: dotnet run -c Release bench/serving-train.cs -- --out DIR
using Microsoft.ML;
using MlopsKit.Datasets;
using MlopsKit.Models;
using MlopsKit.Training;

var i = Array.IndexOf(args, "--out");
if (i < 0 || i + 1 >= args.Length)
{
    Console.Error.WriteLine("usage: serving-train.cs --out DIR");
    return 2;
}
var ml = new MLContext(seed: 1);
var (train, _) = TutorialFrames.Load(SampleData.Iris);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "species")
    .Append(ml.Transforms.Concatenate("Features", TutorialFrames.FeatureNames(SampleData.Iris)))
    .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
IDataView data = train;
await MlflowModel.SaveAsync(ml, pipeline.Fit(data), data.Schema, args[i + 1], new ModelSaveOptions
{
    LabelColumn = "species",
    ModelName = "iris",
    InputExample = ml.Data.TakeRows(data, 3),
});
Console.WriteLine($"saved iris model to {args[i + 1]}");
return 0;
