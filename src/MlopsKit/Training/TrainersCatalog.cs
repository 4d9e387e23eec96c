using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace MlopsKit.Training;

/// <summary>MlopsKit's learners on ML.NET's trainer catalogs: <c>mlContext.Regression.Trainers.ElasticNet(...)</c> and friends.</summary>
public static class TrainersCatalog
{
    /// <summary>Elastic-net linear regression fitted by coordinate descent, as scikit-learn's <c>ElasticNet</c>.</summary>
    /// <exception cref="ConfigException">An option is out of range; the message names it.</exception>
    public static ElasticNetTrainer ElasticNet(this RegressionCatalog.RegressionTrainers catalog, ElasticNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ElasticNetTrainer(options);
    }

    /// <summary>A multiclass random forest: one-versus-all over ML.NET's FastForest, one bagged forest per class.</summary>
    /// <remarks>
    /// Needs a key-typed label (see <see cref="TutorialSplit"/>); produces the usual <c>Score</c> and
    /// <c>PredictedLabel</c> columns. Everything in it is stock ML.NET (Microsoft.ML and Microsoft.ML.FastTree), so
    /// the fitted model saves and loads without MlopsKit. Training is single-threaded and seeded by
    /// <see cref="RandomForestOptions.Seed"/>, so a given seed always grows the same forest.
    /// </remarks>
    /// <exception cref="ConfigException">An option is out of range; the message names it.</exception>
    public static IEstimator<MulticlassPredictionTransformer<OneVersusAllModelParameters>> RandomForest(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, RandomForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new RandomForestOptions();
        options.Validate();

        // ML.NET keeps a catalog's context internal; the forest's randomness comes from options.Seed, not the context.
        var mlContext = new MLContext(seed: options.Seed);
        var forest = mlContext.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            Seed = options.Seed,
            LabelColumnName = options.LabelColumnName,
            FeatureColumnName = options.FeatureColumnName,
            NumberOfThreads = 1,
        });
        return mlContext.MulticlassClassification.Trainers.OneVersusAll(forest, options.LabelColumnName);
    }
}
