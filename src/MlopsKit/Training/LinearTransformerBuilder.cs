using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlopsKit.Training;

/// <summary>Turns given weights and bias into a stock ML.NET linear regression transformer, through public API only.</summary>
/// <remarks>
/// ML.NET 5 keeps the constructors of <see cref="LinearRegressionModelParameters"/> and
/// <see cref="RegressionPredictionTransformer{TModel}"/> internal, so the weights are taught to its own
/// online-gradient-descent trainer: squared loss, learning rate ½ (the loss derivative is 2(ŷ − y), so each step
/// adds exactly (y − ŷ)·x), no averaging, decay, shuffling or L2. Row 1 has features w and label 1 and sets the
/// weights to w exactly; the next rows have zero features and label b, and move only the bias onto b (exactly, once
/// the bias is within a factor of two of b). The result is checked bit for bit, so a change in ML.NET fails loudly.
/// </remarks>
internal static class LinearTransformerBuilder
{
    private const int BiasRows = 6;

    public static RegressionPredictionTransformer<LinearRegressionModelParameters> Create(
        float[] weights, float bias, string featureColumnName)
    {
        var context = new MLContext(seed: 0);
        // A DataFrame, not LoadFromEnumerable: the latter emits IL (Reflection.Emit), which file-based apps forbid
        // (PublishAot makes dynamic code unsupported even under 'dotnet run'), so ElasticNet works in scripts as they are.
        var rowCount = 1 + BiasRows;
        var frame = new DataFrame();
        var slots = new string[weights.Length];
        for (var j = 0; j < weights.Length; j++)
        {
            slots[j] = $"_w{j}";
            var column = new SingleDataFrameColumn(slots[j], rowCount);
            column[0] = weights[j];
            for (var i = 1; i < rowCount; i++) column[i] = 0f;
            frame.Columns.Add(column);
        }
        var label = new SingleDataFrameColumn(LabelName(featureColumnName), rowCount);
        label[0] = 1f;
        for (var i = 1; i < rowCount; i++) label[i] = bias;
        frame.Columns.Add(label);
        var data = context.Transforms.Concatenate(featureColumnName, slots).Fit(frame).Transform(frame);

        var transformer = context.Regression.Trainers.OnlineGradientDescent(Teacher(featureColumnName)).Fit(data);
        var model = transformer.Model;
        if (!model.Weights.SequenceEqual(weights) || model.Bias != bias)
            throw new InvalidOperationException(
                "ML.NET's online gradient descent no longer reproduces given weights exactly; MlopsKit's ElasticNet export needs updating for this ML.NET version.");
        return transformer;
    }

    /// <summary>The trainer used by <see cref="Create"/>; also gives the output schema of a linear regression.</summary>
    public static OnlineGradientDescentTrainer.Options Teacher(string featureColumnName, string? labelColumnName = null) => new()
    {
        FeatureColumnName = featureColumnName,
        LabelColumnName = labelColumnName ?? LabelName(featureColumnName),
        LearningRate = 0.5f,
        DecreaseLearningRate = false,
        Averaged = false,
        L2Regularization = 0f,
        NumberOfIterations = 1,
        Shuffle = false,
        InitialWeightsDiameter = 0f,
    };

    private static string LabelName(string featureColumnName) => featureColumnName == "Label" ? "Target" : "Label";
}
