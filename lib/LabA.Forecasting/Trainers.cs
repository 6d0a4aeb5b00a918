using LabA.Domain.Settings;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace LabA.Forecasting;

/// <summary>
/// What <c>--trainer</c> takes: <see cref="Auto"/> (every candidate, the best on validation served), one of the ML.NET
/// regression trainers (with the settings each runs with), or one other candidate by name.
/// </summary>
public static class Trainers
{
    public const string Auto = "auto";
    public const string FastTree = "fasttree";
    public const string LightGbm = "lightgbm";
    public const string Sdca = "sdca";
    /// <summary>The ML.NET regression trainers.</summary>
    public static readonly IReadOnlyList<string> Names = [FastTree, LightGbm, Sdca];
    /// <summary>The forecasters <see cref="Auto"/> tries, simplest first (a tie goes to the simpler one).</summary>
    public static readonly IReadOnlyList<string> AutoCandidates =
    [
        ForecasterKinds.Persistence, ForecasterKinds.RollingMean, Baselines.SeasonalNaiveDay, Baselines.SeasonalNaiveWeek,
        ForecasterKinds.HoltWinters, ForecasterKinds.HarmonicRegression, FastTree, LightGbm,
    ];
    /// <summary>Every value --trainer takes.</summary>
    public static readonly IReadOnlyList<string> Choices = [Auto, .. AutoCandidates, Sdca];

    private const string Features = "Features";
    private const string Label = nameof(ForecastRow.Label);

    internal sealed record Choice(IEstimator<ITransformer> Estimator, bool NeedsNormalizedFeatures, IReadOnlyDictionary<string, string> Settings);

    internal static Choice Create(string name, MLContext ml) => name switch
    {
        FastTree => FastTreeChoice(ml),
        LightGbm => LightGbmChoice(ml),
        Sdca => SdcaChoice(ml),
        _ => throw new SettingsException("--trainer", $"'{name}' is not a trainer (use {string.Join(", ", Choices)})"),
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
            // As LightGBM's: the candidates are fitted side by side, and FastTree's own threads would only contend with them.
            NumberOfThreads = 1,
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
            // LightGBM's OpenMP threads spin while they wait: on a shared machine they burn the cores the other candidates
            // need, for a data set one thread trains in well under a second.
            NumberOfThreads = 1,
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
