using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

public sealed class HarmonicRegressionTests
{
    // A Monday: the first five days are weekdays, the next two a weekend.
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(20);

    /// <summary>A weekday peak at 14:00 with a second, sharper one at 20:00; weekends lower and flatter.</summary>
    private static double Profile(DateTimeOffset timestamp)
    {
        var hours = timestamp.UtcDateTime.TimeOfDay.TotalHours;
        var weekend = timestamp.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var day = 50 + 25 * Math.Cos(2 * Math.PI * (hours - 14) / 24) + 8 * Math.Cos(4 * Math.PI * (hours - 20) / 24);
        return weekend ? 30 + 0.4 * (day - 50) : day;
    }

    private static LoadSeries Series(int days, Func<int, DateTimeOffset, double> value)
    {
        var count = (int)(TimeSpan.FromDays(days) / Step);
        return LoadSeries.Create([.. Enumerable.Range(0, count).Select(i => new Observation(Start + i * Step, value(i, Start + i * Step)))], "profile.csv");
    }

    private static double MaeAgainstProfile(HarmonicRegression model, LoadSeries series, int from) =>
        Enumerable.Range(from, series.Count - from).Average(i => Math.Abs(model.At(series.Observations[i].Timestamp) - Profile(series.Observations[i].Timestamp)));

    [Fact]
    public void A_weekday_and_weekend_profile_is_recovered_from_noise_and_forecast_for_the_week_after()
    {
        var random = new Random(1);
        var series = Series(21, (_, t) => Profile(t) + 4 * (random.NextDouble() - 0.5));
        var fitEnd = (int)(TimeSpan.FromDays(14) / Step);
        var model = HarmonicRegression.Fit(series, fitEnd, Horizon)!;

        Assert.NotNull(model.WeekendCoefficients);
        var error = MaeAgainstProfile(model, series, fitEnd);
        Assert.True(error < 0.15, $"MAE {error} against the noise-free profile, noise of half-width 2");
    }

    [Fact]
    public void Rare_bursts_barely_move_the_profile_as_least_absolute_deviations_should()
    {
        var random = new Random(2);
        // One point in 20 carries a burst of +60: a least-squares fit would sit 3 above the profile.
        var series = Series(14, (_, t) => Profile(t) + (random.NextDouble() < 0.05 ? 60 : 0) + (random.NextDouble() - 0.5));
        var model = HarmonicRegression.Fit(series, series.Count, Horizon)!;

        var error = MaeAgainstProfile(model, series, 0);
        Assert.True(error < 0.3, $"MAE {error} against the profile under bursts of +60 on 5 % of the points");
    }

    [Fact]
    public void The_fit_reads_no_value_at_or_after_its_end_and_no_interpolated_value()
    {
        var random = new Random(3);
        var clean = Series(10, (_, t) => Profile(t) + (random.NextDouble() - 0.5));
        var fitEnd = (int)(TimeSpan.FromDays(8) / Step);
        var scrambled = LoadSeries.Create([.. clean.Observations.Select((o, i) => i >= fitEnd ? o with { Value = 1000 * random.NextDouble() } : o)], "scrambled.csv");
        Assert.Equal(HarmonicRegression.Fit(clean, fitEnd, Horizon)!.Parameters, HarmonicRegression.Fit(scrambled, fitEnd, Horizon)!.Parameters);

        // Six hours blank across the night trough every night: interpolation draws a straight line up to 15 above the
        // curve there, and with every night alike only the fit's skipping the filled points keeps the trough's shape.
        var aroundTrough = (int)(TimeSpan.FromHours(23) / Step);
        var perDay = (int)(TimeSpan.FromDays(1) / Step);
        var blank = Enumerable.Range(0, 9).SelectMany(day => Enumerable.Range(day * perDay + aroundTrough, (int)(TimeSpan.FromHours(6) / Step)));
        var withGaps = TestSeries.WithMissedSamples(clean, blank, new ImportOptions { MaxGap = TimeSpan.FromHours(6) });
        Assert.True(withGaps.IsFilled(aroundTrough + 18));
        var model = HarmonicRegression.Fit(withGaps, fitEnd, Horizon)!;
        var error = MaeAgainstProfile(model, clean, 0);
        Assert.True(error < 0.3, $"MAE {error} against the profile: the filled lines over the troughs pulled it up");
    }

    [Fact]
    public void Without_a_whole_day_of_each_kind_one_profile_serves_every_day_and_under_a_day_none_is_fitted()
    {
        var weekdaysOnly = Series(4, (_, t) => Profile(t));
        var model = HarmonicRegression.Fit(weekdaysOnly, weekdaysOnly.Count, Horizon)!;
        Assert.Null(model.WeekendCoefficients);
        Assert.Equal(model.At(Start + TimeSpan.FromHours(13)), model.At(Start + TimeSpan.FromDays(5) + TimeSpan.FromHours(13)), 9);

        Assert.Null(HarmonicRegression.Fit(weekdaysOnly, (int)(TimeSpan.FromHours(20) / Step), Horizon));
    }

    [Fact]
    public void Each_origin_is_forecast_for_its_target_one_horizon_later_from_the_profile_and_its_own_level_window_only()
    {
        var random = new Random(4);
        var series = Series(8, (_, t) => Profile(t) + 4 * (random.NextDouble() - 0.5));
        var model = HarmonicRegression.Fit(series, series.Count, Horizon)!;
        Assert.Equal(model.LevelSteps, model.HistoryPoints);
        int[] anchors = [model.LevelSteps - 1, 500, 1000];

        foreach (var anchor in anchors)
        {
            // Only the window [anchor - LevelSteps + 1, anchor] is read: everything else may be anything.
            var windowOnly = series.Observations
                .Select((o, i) => i > anchor || i <= anchor - model.LevelSteps ? o with { Value = double.NaN } : o).ToArray();
            var forecast = model.ForecastAt(windowOnly, [anchor]).Single();
            var residuals = Enumerable.Range(anchor - model.LevelSteps + 1, model.LevelSteps)
                .Select(i => series.Observations[i].Value - model.At(series.Observations[i].Timestamp)).Order().ToArray();
            Assert.Equal(model.At(series.Observations[anchor].Timestamp + Horizon) + residuals[residuals.Length / 2], forecast, 9);
        }
    }

    [Fact]
    public void A_level_that_moves_after_training_is_followed_within_the_level_window_where_the_profile_alone_stays_behind()
    {
        var random = new Random(5);
        var fitEnd = (int)(TimeSpan.FromDays(14) / Step);
        // A fleet resized on day 15: the same daily shape, 30 higher from then on.
        var series = Series(17, (i, t) => Profile(t) + (i >= fitEnd + 144 ? 30 : 0) + 4 * (random.NextDouble() - 0.5));
        var model = HarmonicRegression.Fit(series, fitEnd, Horizon)!;

        var settled = fitEnd + 144 + model.LevelSteps;
        int[] anchors = [.. Enumerable.Range(settled, series.Count - settled - 2)];
        var forecasts = model.ForecastAt(series.Observations, anchors);
        var error = anchors.Select((anchor, k) => Math.Abs(forecasts[k] - series.Observations[anchor + 2].Value)).Average();
        var profileAlone = anchors.Select(anchor => Math.Abs(model.At(series.Observations[anchor + 2].Timestamp) - series.Observations[anchor + 2].Value)).Average();

        Assert.True(error < 1.5, $"MAE {error} once the level window has passed the change (noise of half-width 2)");
        Assert.True(profileAlone > 25, $"MAE {profileAlone} of the profile alone: the change would have gone unseen");
    }

    [Fact]
    public void The_level_window_is_the_longest_on_a_steady_training_part_and_a_short_one_where_the_level_keeps_moving()
    {
        var random = new Random(6);
        var steady = Series(14, (_, t) => Profile(t) + 10 * (random.NextDouble() - 0.5));
        var steps = (int)(HarmonicRegression.LevelWindows[^1] / Step);
        Assert.Equal(steps, HarmonicRegression.Fit(steady, steady.Count, Horizon)!.LevelSteps);

        // The level steps by ±20 every four hours: a window of twelve would forecast from levels long gone.
        var perStretch = (int)(TimeSpan.FromHours(4) / Step);
        var levels = Enumerable.Range(0, 100).Select(_ => 40 * (random.NextDouble() - 0.5)).ToArray();
        var moving = Series(14, (i, t) => Profile(t) + levels[i / perStretch] + (random.NextDouble() - 0.5));
        Assert.Equal((int)(HarmonicRegression.LevelWindows[0] / Step), HarmonicRegression.Fit(moving, moving.Count, Horizon)!.LevelSteps);
    }

    [Fact]
    public void A_trained_model_forecasts_the_same_after_loading_and_an_archive_with_a_coefficient_missing_is_refused_naming_it()
    {
        var directory = TestSeries.TemporaryDirectory();
        var series = TestSeries.Synthetic(days: 5);
        using (var trained = Training.TrainToDirectory(series, new TrainingOptions { Trainer = ForecasterKinds.HarmonicRegression }, directory))
        using (var loaded = ForecastModel.Load(directory))
        {
            Assert.Equal(ForecasterKinds.HarmonicRegression, loaded.Kind);
            Assert.Contains("weekday.cos1", loaded.Card.Trainer.Settings.Keys);
            Assert.Contains("levelSteps", loaded.Card.Trainer.Settings.Keys);
            Assert.Equal(loaded.HistoryPoints, loaded.Card.HistoryPoints);
            var forecasts = trained.PredictSeries(series.Observations);
            Assert.Equal(forecasts, loaded.PredictSeries(series.Observations));
            // The window a POST /predict sends: the last historyPoints observations up to t = target - horizon.
            var window = series.Observations.Where(o => o.Timestamp <= forecasts[^1].Target - loaded.Horizon).TakeLast(loaded.HistoryPoints).ToArray();
            Assert.Equal(forecasts[^1].Forecast, loaded.Predict(forecasts[^1].Target, window), 9);
        }

        TamperedArchive.RewriteRecipe(directory, json => System.Text.RegularExpressions.Regex.Replace(json, "\"weekday.sin2\": [-0-9.eE+]+,?", ""));

        var refusal = ModelDirectory.Verify(directory);
        Assert.Null(refusal.Model);
        Assert.Contains("harmonic-regression: parameter 'weekday.sin2' must be a finite number", refusal.Reason);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void An_archive_whose_level_window_is_not_a_whole_number_of_steps_is_refused_naming_it(double levelSteps)
    {
        var parameters = new Dictionary<string, double>(HarmonicRegression.Fit(Series(8, (_, t) => Profile(t)), 8 * 144, Horizon)!.Parameters)
        {
            ["levelSteps"] = levelSteps,
        };

        var error = Assert.Throws<ForecasterRecipeException>(() => HarmonicRegression.FromParameters(parameters, Horizon));
        Assert.Contains("parameter 'levelSteps' must be a whole number from 1", error.Message);
    }
}
