using System.IO.Compression;
using LabA.Forecasting.Model;

namespace LabA.Forecasting.Tests;

/// <summary>A Holt-Winters model trained and saved once for <see cref="ServedKindTests"/>.</summary>
public sealed class SavedHoltWinters : IDisposable
{
    public SavedHoltWinters() =>
        Model = Training.TrainToDirectory(TestSeries.Synthetic(days: 5), new TrainingOptions { Trainer = ForecasterKinds.HoltWinters }, Directory);

    public ForecastModel Model { get; }
    /// <summary>Where it was saved; never changed, only copied.</summary>
    public string Directory { get; } = TestSeries.TemporaryDirectory();

    public void Dispose() => Model.Dispose();
}

public class ServedKindTests(SavedHoltWinters holtWinters) : IClassFixture<SavedHoltWinters>
{
    /// <summary>The trained model, and a copy of its directory for the test to change.</summary>
    private (ForecastModel Model, string Directory) HoltWintersModel() => (holtWinters.Model, TestSeries.CopyOf(holtWinters.Directory));

    [Fact]
    public void A_holt_winters_model_carries_its_parameters_in_the_archive_and_forecasts_the_same_after_loading()
    {
        var (trained, directory) = HoltWintersModel();
        using var loaded = ForecastModel.Load(directory);
        var series = TestSeries.Synthetic(days: 5);

        Assert.Equal(ForecasterKinds.HoltWinters, loaded.Kind);
        Assert.Equal(3 * 24 * 60, loaded.HistoryPoints);
        Assert.Contains("alpha", loaded.Card.Trainer.Settings.Keys);
        using var zip = ZipFile.OpenRead(Path.Combine(directory, ForecastModel.ModelFileName));
        Assert.Contains("\"alpha\"", new StreamReader(zip.GetEntry("forecaster.json")!.Open()).ReadToEnd());
        var forecasts = trained.PredictSeries(series.Observations);
        Assert.Equal(forecasts, loaded.PredictSeries(series.Observations));
        Assert.Equal(forecasts[^1].Forecast, loaded.Predict(forecasts[^1].Target, series.Observations));
    }

    [Fact]
    public void A_card_whose_kind_was_edited_is_refused_naming_the_kind()
    {
        var (_, directory) = HoltWintersModel();
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        var card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
        File.WriteAllText(cardPath, ModelCardJson.Serialize(card with { Kind = ForecasterKinds.Persistence }));

        var refusal = ModelDirectory.Verify(directory);
        Assert.Null(refusal.Model);
        Assert.Contains("kind: 'persistence' is not the kind of forecaster model.zip holds ('holt-winters')", refusal.Reason);
    }

    [Fact]
    public void An_archive_with_impossible_parameters_is_refused_even_when_its_card_is_bound_to_it()
    {
        var (_, directory) = HoltWintersModel();
        TamperedArchive.RewriteRecipe(directory, json => System.Text.RegularExpressions.Regex.Replace(json, "\"alpha\": [0-9.]+", "\"alpha\": 7"));

        var refusal = ModelDirectory.Verify(directory);
        Assert.Null(refusal.Model);
        Assert.Contains("model.zip: not a forecaster this version builds: holt-winters: parameter 'alpha' must be from 0 to 1", refusal.Reason);

        // Garbage bound to the card: not taken for an ML.NET pipeline of an older version, since the card says holt-winters.
        byte[] garbage = [1, 2, 3, 4];
        var archivePath = Path.Combine(directory, ForecastModel.ModelFileName);
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        var card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
        File.WriteAllBytes(archivePath, garbage);
        File.WriteAllText(cardPath, ModelCardJson.Serialize(card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, garbage, card) }));
        Assert.Contains("model.zip: not a forecaster this version builds: not a zip archive, which a holt-winters model needs", ModelDirectory.Verify(directory).Reason);
    }
}
