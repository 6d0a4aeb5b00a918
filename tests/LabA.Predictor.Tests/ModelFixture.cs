using LabA.Forecasting;

namespace LabA.Predictor.Tests;

/// <summary>
/// Real trained models, made once per test run in a temporary folder: a calendar one (servable from a timestamp) and a
/// recent one (needs observations), plus a folder with no model and one whose model file is garbage.
/// </summary>
public sealed class ModelFixture : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("labA-predictor-tests-").FullName;

    public ModelFixture()
    {
        CalendarModel = Path.Combine(_root, "calendar");
        RecentModel = Path.Combine(_root, "recent");
        MissingModel = Path.Combine(_root, "missing");
        CorruptModel = Path.Combine(_root, "corrupt");
        TrainedModels.Train(CalendarModel, FeatureSpec.CalendarName);
        TrainedModels.Train(RecentModel, FeatureSpec.RecentName);
        TrainedModels.Corrupt(CalendarModel, CorruptModel);
        using var recent = ForecastModel.Load(RecentModel);
        RecentHistoryPoints = recent.Card.HistoryPoints;
    }

    /// <summary>How many observations a POST to the recent model must carry.</summary>
    public int RecentHistoryPoints { get; }

    public string CalendarModel { get; }
    public string RecentModel { get; }
    public string MissingModel { get; }
    public string CorruptModel { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "trained models";
}
