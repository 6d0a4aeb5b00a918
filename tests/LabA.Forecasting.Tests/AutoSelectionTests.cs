using System.IO.Compression;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

/// <summary>
/// <c>auto</c> trained once per series for the class: the synthetic load, the same load with a hold-out that behaves
/// differently (a random walk), and a random walk throughout, on which no candidate beats the last value.
/// </summary>
public sealed class AutoModels : IDisposable
{
    public LoadSeries Synthetic { get; } = TestSeries.Synthetic(days: 5);
    public LoadSeries OtherHoldout { get; }
    public LoadSeries Walk { get; } = RandomWalk(TestSeries.Synthetic(days: 5), seed: 3, from: 0);
    public ForecastModel OnSynthetic { get; }
    public ForecastModel OnOtherHoldout { get; }
    public ForecastModel OnWalk { get; }

    public AutoModels()
    {
        OtherHoldout = RandomWalk(Synthetic, seed: 5, from: Training.HoldoutStart(Synthetic.Count, new TrainingOptions().HoldoutFraction));
        OnSynthetic = Training.Train(Synthetic, new TrainingOptions());
        OnOtherHoldout = Training.Train(OtherHoldout, new TrainingOptions());
        OnWalk = Training.Train(Walk, new TrainingOptions());
    }

    /// <summary><paramref name="series"/> with its values from index <paramref name="from"/> on replaced by a random walk from the value before.</summary>
    public static LoadSeries RandomWalk(LoadSeries series, int seed, int from)
    {
        var random = new Random(seed);
        var value = from > 0 ? series.Observations[from - 1].Value : 500;
        var observations = series.Observations.Select((observation, i) =>
        {
            if (i < from) return observation;
            // Box-Muller: a normal step of standard deviation 3.
            value = Math.Max(0, value + 3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            return observation with { Value = value };
        });
        return LoadSeries.Create([.. observations], "walk.csv");
    }

    public void Dispose()
    {
        OnSynthetic.Dispose();
        OnOtherHoldout.Dispose();
        OnWalk.Dispose();
    }
}

public class AutoSelectionTests(AutoModels models) : IClassFixture<AutoModels>
{
    [Fact]
    public void The_choice_never_reads_the_holdout_a_different_holdout_changes_only_the_holdout_scores()
    {
        var same = models.OnSynthetic.Card;
        var other = models.OnOtherHoldout.Card;

        Assert.Equal(same.Selection!.Chosen, other.Selection!.Chosen);
        Assert.Equal(same.Selection.Candidates.Select(candidate => candidate.ValidationMae), other.Selection.Candidates.Select(candidate => candidate.ValidationMae));
        Assert.Equal(same.Residuals!.Quantiles, other.Residuals!.Quantiles);
        // On the random-walk hold-out another candidate does best, and the choice still follows validation.
        var holdoutWinner = other.Selection.Candidates.Where(candidate => candidate.HoldoutMae is not null).MinBy(candidate => candidate.HoldoutMae)!;
        Assert.NotEqual(holdoutWinner.Name, other.Selection.Chosen);
        Assert.NotEqual(same.Metrics.Model.Mae, other.Metrics.Model.Mae);
    }

    [Fact]
    public void The_card_lists_every_candidate_with_its_validation_and_holdout_mae_and_the_served_one_is_the_validation_winner()
    {
        var card = models.OnSynthetic.Card;
        var selection = card.Selection!;
        Assert.Equal(Trainers.AutoCandidates.Append(ForecasterKinds.Blend).Append(ForecasterKinds.Adaptive), selection.Candidates.Select(candidate => candidate.Name));
        Assert.Equal("auto", selection.Mode);
        var applicable = selection.Candidates.Where(candidate => candidate.NotApplicable is null).ToArray();
        Assert.All(applicable, candidate => Assert.True(candidate.ValidationMae > 0 && candidate.HoldoutMae > 0, candidate.Name));
        var chosen = selection.Candidates.Single(candidate => candidate.Name == selection.Chosen);
        Assert.Equal(applicable.Min(candidate => candidate.ValidationMae), chosen.ValidationMae);
        Assert.Equal(chosen.HoldoutMae!.Value, card.Metrics.Model.Mae, 9);
        Assert.Equal(selection.Chosen, card.Trainer.Name);
        Assert.Equal(chosen.Kind, card.Kind);
        Assert.Equal(ModelCardJson.Serialize(card), ModelCardJson.Serialize(ModelCardJson.DeserializeCard(ModelCardJson.Serialize(card))));
    }

    [Fact]
    public void A_baseline_is_served_where_it_wins_validation_and_its_margin_comes_from_its_own_validation_errors()
    {
        var model = models.OnWalk;
        var selection = model.Card.Selection!;
        Assert.Equal(ForecasterKinds.Persistence, selection.Chosen);
        Assert.Equal(ForecasterKinds.Persistence, model.Card.Kind);
        Assert.Equal(selection.Candidates.Where(candidate => candidate.ValidationMae is not null).Min(candidate => candidate.ValidationMae),
            selection.Candidates.Single(candidate => candidate.Name == ForecasterKinds.Persistence).ValidationMae);

        // Persistence's errors on the validation slice, by hand: the last fifth of the training part's targets.
        var values = models.Walk.Observations;
        var holdoutStart = Training.HoldoutStart(values.Count, 0.2);
        var validationStart = Training.HoldoutStart(holdoutStart, Training.ValidationFraction);
        var horizon = (int)(model.Horizon / model.Step);
        var errors = Enumerable.Range(validationStart - horizon, holdoutStart - validationStart)
            .Select(anchor => values[anchor + horizon].Value - values[anchor].Value).ToArray();
        Assert.Equal(ForecastResiduals.Of(errors, "", default, default).Quantiles, model.Card.Residuals!.Quantiles);
    }

    [Fact]
    public void A_baseline_model_round_trips_through_save_load_and_verify_and_forecasts_the_same()
    {
        var directory = TestSeries.TemporaryDirectory();
        models.OnWalk.Save(directory);
        using var loaded = ForecastModel.Load(directory);

        Assert.Equal(ModelCardJson.Serialize(models.OnWalk.Card), ModelCardJson.Serialize(loaded.Card));
        Assert.Equal(ForecasterKinds.Persistence, loaded.Kind);
        Assert.True(loaded.RequiresObservations);
        Assert.Equal(1, loaded.HistoryPoints);
        var observations = models.Walk.Observations;
        foreach (var origin in new[] { 10, observations.Count / 2, observations.Count - 1 })
        {
            var target = observations[origin].Timestamp + loaded.Horizon;
            Assert.Equal(observations[origin].Value, loaded.Predict(target, observations));
            Assert.Equal(models.OnWalk.Predict(target, observations), loaded.Predict(target, observations));
        }
    }
}

public class ServedKindTests
{
    private static (ForecastModel Model, string Directory) HoltWintersModel()
    {
        var directory = TestSeries.TemporaryDirectory();
        return (Training.TrainToDirectory(TestSeries.Synthetic(days: 5), new TrainingOptions { Trainer = ForecasterKinds.HoltWinters }, directory), directory);
    }

    [Fact]
    public void A_holt_winters_model_carries_its_parameters_in_the_archive_and_forecasts_the_same_after_loading()
    {
        var (model, directory) = HoltWintersModel();
        using var trained = model;
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
        var (model, directory) = HoltWintersModel();
        model.Dispose();
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
        var (model, directory) = HoltWintersModel();
        model.Dispose();
        var archivePath = Path.Combine(directory, ForecastModel.ModelFileName);
        using (var zip = ZipFile.Open(archivePath, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("forecaster.json")!;
            string json;
            using (var reader = new StreamReader(entry.Open())) json = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("forecaster.json").Open());
            writer.Write(System.Text.RegularExpressions.Regex.Replace(json, "\"alpha\": [0-9.]+", "\"alpha\": 7"));
        }
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        var card = ModelCardJson.DeserializeCard(File.ReadAllText(cardPath));
        File.WriteAllText(cardPath, ModelCardJson.Serialize(card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, File.ReadAllBytes(archivePath), card) }));

        var refusal = ModelDirectory.Verify(directory);
        Assert.Null(refusal.Model);
        Assert.Contains("model.zip: not a forecaster this version builds: holt-winters: parameter 'alpha' must be from 0 to 1", refusal.Reason);

        // Garbage bound to the card: not taken for an ML.NET pipeline of an older version, since the card says holt-winters.
        byte[] garbage = [1, 2, 3, 4];
        File.WriteAllBytes(archivePath, garbage);
        File.WriteAllText(cardPath, ModelCardJson.Serialize(card with { Archive = ArchiveInfo.Of(ForecastModel.ModelFileName, garbage, card) }));
        Assert.Contains("model.zip: not a forecaster this version builds: not a zip archive, which a holt-winters model needs", ModelDirectory.Verify(directory).Reason);
    }
}
