using LabA.Domain.Settings;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace LabA.Forecasting;

/// <summary>The regression trainers the Trainer can compare (as the original lab invites), with the settings each runs with.</summary>
public static class Trainers
{
    public const string FastTree = "fasttree";
    public const string LightGbm = "lightgbm";
    public const string Sdca = "sdca";
    public static readonly IReadOnlyList<string> Names = [FastTree, LightGbm, Sdca];

    private const string Features = "Features";
    private const string Label = nameof(ForecastRow.Label);

    internal sealed record Choice(IEstimator<ITransformer> Estimator, bool NeedsNormalizedFeatures, IReadOnlyDictionary<string, string> Settings);

    internal static Choice Create(string name, MLContext ml) => name switch
    {
        FastTree => FastTreeChoice(ml),
        LightGbm => LightGbmChoice(ml),
        Sdca => SdcaChoice(ml),
        _ => throw new SettingsException("--trainer", $"'{name}' is not a trainer (use {string.Join(", ", Names)})"),
    };

    private static Choice FastTreeChoice(MLContext ml)
    {
        var options = new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = Label,
            FeatureColumnName = Features,
            NumberOfTrees = 100,
            NumberOfLeaves = 32,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.2,
        };
        return new(ml.Regression.Trainers.FastTree(options), false, Describe(
            ("numberOfTrees", options.NumberOfTrees), ("numberOfLeaves", options.NumberOfLeaves),
            ("minimumExampleCountPerLeaf", options.MinimumExampleCountPerLeaf), ("learningRate", options.LearningRate)));
    }

    private static Choice LightGbmChoice(MLContext ml)
    {
        var options = new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = Label,
            FeatureColumnName = Features,
            NumberOfIterations = 200,
            NumberOfLeaves = 32,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            Seed = 1,
            Verbose = false,
            Silent = true,
        };
        return new(ml.Regression.Trainers.LightGbm(options), false, Describe(
            ("numberOfIterations", options.NumberOfIterations), ("numberOfLeaves", options.NumberOfLeaves),
            ("minimumExampleCountPerLeaf", options.MinimumExampleCountPerLeaf), ("learningRate", options.LearningRate!)));
    }

    private static Choice SdcaChoice(MLContext ml)
    {
        var options = new SdcaRegressionTrainer.Options
        {
            LabelColumnName = Label,
            FeatureColumnName = Features,
            MaximumNumberOfIterations = 100,
        };
        return new(ml.Regression.Trainers.Sdca(options), true, Describe(
            ("maximumNumberOfIterations", options.MaximumNumberOfIterations!), ("normalization", "mean-variance")));
    }

    private static Dictionary<string, string> Describe(params (string Key, object Value)[] settings) =>
        settings.ToDictionary(setting => setting.Key, setting => Convert.ToString(setting.Value, System.Globalization.CultureInfo.InvariantCulture)!);
}
