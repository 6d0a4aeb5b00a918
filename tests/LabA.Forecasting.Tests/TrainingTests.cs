using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

public class TrainingTests
{
    [Fact]
    public void The_default_auto_model_beats_every_baseline_on_the_synthetic_holdout_and_comes_near_the_irreducible_error()
    {
        using var model = Training.Train(TestSeries.Synthetic(days: 14), new TrainingOptions());
        var metrics = model.Card.Metrics;

        Assert.Equal(["persistence", "rolling-mean", "seasonal-naive-day", "seasonal-naive-week", "holt-winters"], metrics.Baselines.Select(baseline => baseline.Name));
        Assert.All(metrics.Baselines, baseline => Assert.True(metrics.Model.Mae < baseline.Mae, $"model MAE {metrics.Model.Mae} vs {baseline.Name} {baseline.Mae}"));
        Assert.NotNull(metrics.Irreducible);
        Assert.True(metrics.Model.Mae <= 1.03 * metrics.Irreducible.Mae, $"model MAE {metrics.Model.Mae} vs irreducible {metrics.Irreducible.Mae}");
        Assert.True(metrics.Model.Mae >= 0.95 * metrics.Irreducible.Mae, "no forecaster beats the noise-free curve by much on 4000 points");
    }

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("sdca")]
    public void The_other_trainers_fit_a_recent_model_that_beats_persistence(string trainer)
    {
        using var model = Training.Train(TestSeries.Synthetic(days: 5), new TrainingOptions { FeatureSet = "recent", Trainer = trainer });
        var metrics = model.Card.Metrics;
        Assert.Equal(trainer, model.Card.Trainer.Name);
        Assert.NotEmpty(model.Card.Trainer.Settings);
        Assert.True(metrics.Model.Mae < metrics.Baselines.Single(baseline => baseline.Name == "persistence").Mae);
    }

    [Fact]
    public void Recent_model_beats_persistence_and_seasonal_naive_on_real_taxi_demand_one_hour_ahead()
    {
        using var model = Training.Train(SeriesCsv.Read(TestSeries.NycTaxiPath), new TrainingOptions { FeatureSet = "recent", Horizon = TimeSpan.FromHours(1) });
        AssertBeatsPersistenceAndSeasonalNaive(model.Card.Metrics);
    }

    [Fact]
    public void A_horizon_that_is_not_a_multiple_of_the_step_is_refused_naming_the_option()
    {
        var series = SeriesCsv.Read(TestSeries.NycTaxiPath);
        var error = Assert.Throws<SettingsException>(() => Training.Train(series, new TrainingOptions { Horizon = TimeSpan.FromMinutes(5) }));
        Assert.Equal("--horizon", error.Key);
        Assert.Contains("30m", error.Message);
    }

    [Fact]
    public void A_series_too_short_for_the_holdout_is_refused_naming_the_source()
    {
        var series = LoadSeries.Create(
            [.. Enumerable.Range(0, 40).Select(i => new Observation(DateTimeOffset.UnixEpoch.AddMinutes(i), i))], "short.csv");
        var error = Assert.Throws<SeriesFormatException>(() => Training.Train(series, new TrainingOptions()));
        Assert.StartsWith("short.csv: too short", error.Message);
    }

    [Fact]
    public void Filled_points_are_never_targets_and_the_model_and_baselines_are_scored_on_the_same_real_targets()
    {
        var synthetic = TestSeries.Synthetic(days: 7);
        var holdoutStart = Training.HoldoutStart(synthetic.Count, 0.2);
        // Three gaps in the training part (after the day of history the features need), three in the hold-out.
        int[] gaps = [2000, 2001, 2002, 3000, 4500, 4501, holdoutStart + 40, holdoutStart + 41, holdoutStart + 200, holdoutStart + 350, holdoutStart + 351, holdoutStart + 352];
        var series = TestSeries.WithMissedSamples(synthetic, gaps);
        Assert.Equal(gaps.Length, series.Import!.PointsFilled);
        // One ML pipeline rather than every candidate of auto: the examples and the baselines' targets are the same.
        var options = new TrainingOptions { FeatureSet = "recent", Trainer = Trainers.FastTree };
        using var complete = Training.Train(synthetic, options);
        using var model = Training.Train(series, options);

        var filledInHoldout = gaps.Count(index => index >= holdoutStart);
        Assert.Equal(complete.Card.Data.EvaluationExamples - filledInHoldout, model.Card.Data.EvaluationExamples);
        Assert.Equal(complete.Card.Data.TrainingExamples - (gaps.Length - filledInHoldout), model.Card.Data.TrainingExamples);

        // Persistence by hand on the real targets only (its origin inside a gap holds the last real value).
        var horizon = FeatureSpec.FromCard(model.Card).HorizonSteps;
        var errors = Enumerable.Range(holdoutStart - horizon, series.Count - holdoutStart)
            .Where(anchor => !series.IsFilled(anchor + horizon))
            .Select(anchor => Math.Abs(series.KnownAt(anchor)[anchor].Value - series.Observations[anchor + horizon].Value))
            .ToArray();
        Assert.Equal(model.Card.Data.EvaluationExamples, errors.Length);
        Assert.Equal(errors.Average(), model.Card.Metrics.Baselines.Single(baseline => baseline.Name == "persistence").Mae, 9);
        Assert.Equal(series.Import, model.Card.Data.Import);
    }

    internal static void AssertBeatsPersistenceAndSeasonalNaive(ForecastMetrics metrics)
    {
        foreach (var name in new[] { "persistence", "seasonal-naive-day", "seasonal-naive-week" })
            Assert.True(metrics.Model.Mae < metrics.Baselines.Single(baseline => baseline.Name == name).Mae, name);
    }
}
