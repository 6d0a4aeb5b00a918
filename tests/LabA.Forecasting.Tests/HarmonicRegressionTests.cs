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
    public void A_level_that_moved_within_the_training_part_is_forecast_as_it_stood_at_the_end()
    {
        var random = new Random(5);
        // Training ends as the second weekend begins; the fleet was resized on the Thursday before: the same daily
        // shape, 30 higher from then on, through the weekend and the week after.
        var fitEnd = (int)(TimeSpan.FromDays(12) / Step);
        var moved = (int)(TimeSpan.FromDays(10) / Step);
        var series = Series(15, (i, t) => Profile(t) + (i >= moved ? 30 : 0) + 4 * (random.NextDouble() - 0.5));
        var model = HarmonicRegression.Fit(series, fitEnd, Horizon)!;

        double ErrorAfterTraining(Func<DateTimeOffset, double> forecast) =>
            Enumerable.Range(fitEnd, series.Count - fitEnd).Average(i => Math.Abs(forecast(series.Observations[i].Timestamp) - (Profile(series.Observations[i].Timestamp) + 30)));
        var error = ErrorAfterTraining(model.At);
        Assert.True(error < 1, $"MAE {error} against the moved profile after training: ten of twelve days ran 30 lower");
        // What the profile alone would have said: the level of the ten days before the move.
        var unshifted = HarmonicRegression.Fit(series, moved, Horizon)!;
        Assert.True(ErrorAfterTraining(unshifted.At) > 25);
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
    public void Each_origin_is_forecast_for_its_target_one_horizon_later_and_reads_nothing_else()
    {
        var series = Series(8, (_, t) => Profile(t));
        var model = HarmonicRegression.Fit(series, series.Count, Horizon)!;
        int[] anchors = [0, 100, 700];
        var garbage = series.Observations.Select(o => o with { Value = double.NaN }).ToArray();

        Assert.Equal(anchors.Select(anchor => model.At(series.Observations[anchor].Timestamp + Horizon)), model.ForecastAt(garbage, anchors));
        Assert.Equal(0, model.HistoryPoints);
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
            var forecasts = trained.PredictSeries(series.Observations);
            Assert.Equal(forecasts, loaded.PredictSeries(series.Observations));
            // No observations needed, as GET /predict asks.
            Assert.Equal(forecasts[^1].Forecast, loaded.Predict(forecasts[^1].Target));
        }

        TamperedArchive.RewriteRecipe(directory, json => System.Text.RegularExpressions.Regex.Replace(json, "\"weekday.sin2\": [-0-9.eE+]+,?", ""));

        var refusal = ModelDirectory.Verify(directory);
        Assert.Null(refusal.Model);
        Assert.Contains("harmonic-regression: parameter 'weekday.sin2' must be a finite number", refusal.Reason);
    }
}
