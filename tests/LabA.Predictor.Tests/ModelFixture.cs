using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Synthetic;

namespace LabA.Predictor.Tests;

/// <summary>
/// Real trained models, made once per test run in a temporary folder: a calendar one (servable from a timestamp) and a
/// recent one (needs observations), a second calendar one from another series, plus a folder with no model and one
/// whose model file is garbage.
/// </summary>
public sealed class ModelFixture : IDisposable
{
    private readonly string _root = TestDirectory.Create("labA-predictor-tests-");

    public ModelFixture()
    {
        CalendarModel = Path.Combine(_root, "calendar");
        RecentModel = Path.Combine(_root, "recent");
        MissingModel = Path.Combine(_root, "missing");
        CorruptModel = Path.Combine(_root, "corrupt");
        TrainedModels.Train(CalendarModel, FeatureSpec.CalendarName);
        TrainedModels.Train(RecentModel, FeatureSpec.RecentName);
        OtherCalendarModel = Path.Combine(_root, "other-calendar");
        Training.TrainToDirectory(SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 3, Seed = 4242, BaseHigh = 60 }),
            TrainedModels.Options(FeatureSpec.CalendarName), OtherCalendarModel).Dispose();
        TrainedModels.Corrupt(CalendarModel, CorruptModel);
        using var recent = ForecastModel.Load(RecentModel);
        RecentHistoryPoints = recent.Card.HistoryPoints;
    }

    /// <summary>How many observations a POST to the recent model must carry.</summary>
    public int RecentHistoryPoints { get; }

    public string CalendarModel { get; }
    public string RecentModel { get; }
    public string OtherCalendarModel { get; }
    public string MissingModel { get; }
    public string CorruptModel { get; }

    /// <summary>
    /// A copy of the model in <paramref name="trained"/> with its card edited by <paramref name="editCard"/> and, when
    /// given, the model.zip of <paramref name="archiveFrom"/> instead of its own: what a hand, a failed write or a
    /// mixed-up volume leaves behind.
    /// </summary>
    public string Copy(string trained, Func<ModelCard, ModelCard>? editCard = null, string? archiveFrom = null)
    {
        var directory = Path.Combine(_root, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(archiveFrom ?? trained, ForecastModel.ModelFileName), Path.Combine(directory, ForecastModel.ModelFileName));
        var card = ModelCardJson.DeserializeCard(File.ReadAllText(Path.Combine(trained, ForecastModel.CardFileName)));
        File.WriteAllText(Path.Combine(directory, ForecastModel.CardFileName), ModelCardJson.Serialize(editCard is null ? card : editCard(card)));
        return directory;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
