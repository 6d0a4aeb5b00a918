using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

[Collection(TrainedModels.Collection)]
public class ForecastModelTests(TrainedModels models)
{
    private IReadOnlyList<Observation> Observations => models.Series.Observations;

    [Fact]
    public void Saved_model_loads_with_its_card_and_forecasts_the_same()
    {
        var directory = TestSeries.TemporaryDirectory();
        models.Recent.Save(directory);
        using var loaded = ForecastModel.Load(directory);

        Assert.Equal(ModelCardJson.Serialize(models.Recent.Card), ModelCardJson.Serialize(loaded.Card));
        Assert.True(loaded.RequiresObservations);
        Assert.Equal(TimeSpan.FromMinutes(5), loaded.Horizon);
        var target = Observations[^1].Timestamp + loaded.Horizon;
        Assert.Equal(models.Recent.Predict(target, Observations), loaded.Predict(target, Observations), 4);
        Assert.True(new FileInfo(Path.Combine(directory, ForecastModel.ModelFileName)).Length < 1024 * 1024);
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void A_recent_model_reaches_one_horizon_past_its_newest_observation_and_a_calendar_model_every_instant()
    {
        var newest = Observations[^1].Timestamp;
        var horizon = models.Recent.Horizon;
        // Up to one horizon past the newest observation the target is its own; less than a step beyond is still on that origin.
        Assert.Equal(newest + horizon, models.Recent.Reachable(newest + horizon, Observations));
        Assert.Equal(newest + horizon - models.Recent.Step, models.Recent.Reachable(newest + horizon - models.Recent.Step, Observations));
        Assert.Equal(newest + horizon + TimeSpan.FromSeconds(59), models.Recent.Reachable(newest + horizon + TimeSpan.FromSeconds(59), Observations));
        // A step or more later would need observations not yet seen: it holds the latest forecast the model can make.
        Assert.Equal(newest + horizon, models.Recent.Reachable(newest + horizon + models.Recent.Step, Observations));
        Assert.Equal(newest + horizon, models.Recent.Reachable(newest + TimeSpan.FromHours(3), Observations));
        Assert.Equal(newest + TimeSpan.FromHours(3), models.Calendar.Reachable(newest + TimeSpan.FromHours(3), Observations));
        Assert.Equal(newest + TimeSpan.FromHours(3), models.Recent.Reachable(newest + TimeSpan.FromHours(3), null));
    }

    [Fact]
    public void Every_instant_of_a_step_gets_that_steps_forecast()
    {
        // Half-hour steps, as NYC taxi's: the Scaler asks for windows that start anywhere in a step (a run 2 min into
        // it). A step's value is the load during it, and the model was fitted only at the steps' instants, so a time of
        // day between them (14:46 read as nearer 15:00 than 14:30) must not move the forecast.
        var step = TimeSpan.FromMinutes(30);
        var series = Synthetic.SyntheticLoad.Generate(new Synthetic.SyntheticLoadOptions { Days = 4, Seed = 3, Step = step });
        using var model = Training.Train(series, new TrainingOptions { FeatureSet = "recent", Trainer = Trainers.FastTree, Horizon = step });
        var forecast = model.PredictSeries(series.Observations)[^10];
        foreach (var into in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(16), step - TimeSpan.FromSeconds(1) })
            Assert.Equal(forecast.Forecast, model.Predict(forecast.Target + into, series.Observations), 6);
    }

    [Fact]
    public void Predict_for_one_target_equals_the_series_forecast_for_that_origin()
    {
        var forecasts = models.Recent.PredictSeries(Observations);
        Assert.Equal(Observations.Count - models.Recent.Card.HistoryPoints + 1, forecasts.Count);
        foreach (var forecast in new[] { forecasts[0], forecasts[forecasts.Count / 2], forecasts[^1] })
        {
            var single = models.Recent.Predict(forecast.Target, Observations);
            Assert.Equal(forecast.Forecast, single, 3);
            Assert.Equal(forecast.Origin + TimeSpan.FromMinutes(5), forecast.Target);
        }
    }

    [Fact]
    public void Fasttree_fits_a_recent_model_that_beats_every_baseline()
    {
        var metrics = models.Recent.Card.Metrics;
        Assert.Equal("fasttree", models.Recent.Card.Trainer.Name);
        Assert.Equal(ForecasterKinds.Ml, models.Recent.Card.Kind);
        Assert.Equal("change", models.Recent.Card.Target);
        Assert.All(metrics.Baselines, baseline => Assert.True(metrics.Model.Mae < baseline.Mae, baseline.Name));
    }

    [Fact]
    public void Calendar_model_forecasts_from_the_target_time_alone()
    {
        Assert.False(models.Calendar.RequiresObservations);
        var peak = new DateTimeOffset(2025, 1, 8, 16, 0, 0, TimeSpan.Zero);
        var trough = new DateTimeOffset(2025, 1, 8, 4, 0, 0, TimeSpan.Zero);
        Assert.InRange(models.Calendar.Predict(peak), 70, 90);
        Assert.InRange(models.Calendar.Predict(trough), 15, 30);
        Assert.Contains("no observations", models.Calendar.DescribeRequiredObservations());
    }

    [Fact]
    public void A_calendar_forecast_on_the_step_grid_equals_the_pipelines_for_the_same_target()
    {
        // Predict reads grid instants from the week table built at load; the batch pipeline scores the rows afresh.
        var forecasts = models.Calendar.PredictSeries(Observations);
        Assert.All(forecasts.Where((_, i) => i % 97 == 0), forecast => Assert.Equal(forecast.Forecast, models.Calendar.Predict(forecast.Target), 6));
        // Off the grid the engine answers, and a calendar forecast still follows only the time of week.
        var offGrid = new DateTimeOffset(2025, 1, 8, 16, 0, 30, TimeSpan.Zero);
        Assert.Equal(models.Calendar.Predict(offGrid), models.Calendar.Predict(offGrid.AddDays(7 * 52)));
    }

    [Fact]
    public void The_card_names_the_training_data_file_by_name_and_hash_not_by_its_path()
    {
        Assert.True(Path.IsPathRooted(TestSeries.NycTaxiPath));
        // Any forecaster's card names its data alike; the cheapest one keeps the test about the card.
        var options = new TrainingOptions { Horizon = TimeSpan.FromHours(1), Trainer = ForecasterKinds.Persistence };
        using var model = Training.Train(SeriesCsv.Read(TestSeries.NycTaxiPath), options);
        Assert.Equal("nyc_taxi.csv", model.Card.Data.File);
        using var file = File.OpenRead(TestSeries.NycTaxiPath);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), model.Card.Data.Sha256);
    }

    [Fact]
    public void Predict_is_safe_to_call_from_many_threads()
    {
        var targets = Enumerable.Range(0, 400).Select(i => Observations[Observations.Count - 1 - i].Timestamp + models.Recent.Horizon).ToArray();
        var sequential = targets.Select(target => models.Recent.Predict(target, Observations)).ToArray();
        var parallel = new double[targets.Length];
        Parallel.For(0, targets.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = models.Recent.Predict(targets[i], Observations));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Recent_model_uses_only_observations_up_to_target_minus_horizon()
    {
        var origin = Observations.Count - 50;
        var target = Observations[origin].Timestamp + models.Recent.Horizon;
        var withLater = models.Recent.Predict(target, Observations);
        var upToOrigin = models.Recent.Predict(target, [.. Observations.Take(origin + 1)]);
        Assert.Equal(upToOrigin, withLater);
    }

    [Fact]
    public void Recent_model_explains_missing_or_wrong_observations()
    {
        var target = Observations[^1].Timestamp + models.Recent.Horizon;
        var needed = models.Recent.DescribeRequiredObservations();
        Assert.Contains($"at least {models.Recent.Card.HistoryPoints} observations at 1m step", needed);

        Assert.Contains("none were given", Assert.Throws<ForecastInputException>(() => models.Recent.Predict(target)).Message);
        Assert.Contains("only 100 observations", Assert.Throws<ForecastInputException>(() => models.Recent.Predict(target, [.. Observations.TakeLast(100)])).Message);
        Assert.Contains("more than a step", Assert.Throws<ForecastInputException>(() => models.Recent.Predict(target.AddMinutes(10), Observations)).Message);
        Assert.Contains("no observation at or before", Assert.Throws<ForecastInputException>(() => models.Recent.Predict(Observations[0].Timestamp, Observations)).Message);
        var withGap = Observations.Where((_, i) => i != Observations.Count - 500).ToArray();
        Assert.Contains("without gaps", Assert.Throws<ForecastInputException>(() => models.Recent.Predict(target, withGap)).Message);
    }

    [Fact]
    public void Evaluate_scores_another_series_beside_the_baselines()
    {
        var other = TestSeries.Synthetic(days: 3, seed: 99);
        var report = models.Recent.Evaluate(other);
        Assert.Equal(models.Recent.Card.Version, report.ModelVersion);
        Assert.Contains(report.Metrics.Baselines, baseline => baseline.Name == "persistence");
        Assert.True(report.Metrics.Model.Mae < report.Metrics.Baselines.Single(baseline => baseline.Name == "persistence").Mae);
        Assert.NotNull(report.Metrics.Irreducible);
    }
}
