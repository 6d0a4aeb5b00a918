using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Predictor.Tests;

/// <summary>Trains with the Trainer's own code path on the synthetic series, so the service is tested on what it will serve.</summary>
public static class TrainedModels
{
    /// <summary>Four days hold the daily shape, the recent features' day of history and the indices the tests read.</summary>
    public static LoadSeries Series { get; } = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 4 });

    /// <summary>
    /// An ML model on the named features: the one trainer whose kind follows the feature set, so a calendar model is
    /// served by GET (auto may pick Holt-Winters or a baseline, which read observations).
    /// </summary>
    public static void Train(string directory, string featureSet) =>
        Training.TrainToDirectory(Series, Options(featureSet), directory).Dispose();

    public static TrainingOptions Options(string featureSet) => new() { FeatureSet = featureSet, Trainer = Trainers.FastTree };

    /// <summary>A real card beside a model.zip that is not a model: what a truncated copy or a bad volume looks like.</summary>
    public static void Corrupt(string trainedDirectory, string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(trainedDirectory, ForecastModel.CardFileName), Path.Combine(directory, ForecastModel.CardFileName));
        File.WriteAllText(Path.Combine(directory, ForecastModel.ModelFileName), "PK\u0003\u0004 this is not a model");
    }
}
