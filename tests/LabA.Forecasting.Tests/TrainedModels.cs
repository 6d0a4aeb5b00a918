using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// One small recent FastTree model and one calendar FastTree model, trained once for the classes of its collection: they
/// only read the models, and their tests take less time than a training each.
/// </summary>
public sealed class TrainedModels : IDisposable
{
    public const string Collection = "trained FastTree models";

    /// <summary>The calendar model's options: the ML.NET pipeline these tests are about, not whatever auto would choose.</summary>
    public static TrainingOptions CalendarOptions { get; } = new() { Trainer = Trainers.FastTree };

    public LoadSeries Series { get; } = TestSeries.Synthetic(days: 5);
    public ForecastModel Recent { get; }
    public ForecastModel Calendar { get; }

    public TrainedModels()
    {
        Recent = Training.Train(Series, new TrainingOptions { FeatureSet = "recent", Trainer = Trainers.FastTree });
        Calendar = Training.Train(Series, CalendarOptions);
    }

    public void Dispose()
    {
        Recent.Dispose();
        Calendar.Dispose();
    }
}

[CollectionDefinition(TrainedModels.Collection)]
public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels>;
