using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

public sealed class HoltWintersTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    private static Observation[] Series(int days, TimeSpan step, Func<int, double> value)
    {
        var perDay = (int)(TimeSpan.FromDays(1) / step);
        return [.. Enumerable.Range(0, days * perDay).Select(i => new Observation(Start + i * step, value(i)))];
    }

    [Fact]
    public void A_noise_free_daily_wave_with_a_trend_is_forecast_almost_exactly()
    {
        var step = TimeSpan.FromMinutes(30);
        var values = Series(8, step, i => 100 + 0.05 * i + 40 * Math.Sin(2 * Math.PI * i / 48));
        var fitEnd = 6 * 48;
        var model = HoltWinters.Fit(values, step, horizonSteps: 2, fitEnd)!;

        var errors = Enumerable.Range(fitEnd, values.Length - fitEnd - 2)
            .Select(anchor => Math.Abs(model.Forecast(values, anchor, 2) - values[anchor + 2].Value))
            .ToArray();
        Assert.True(errors.Average() < 0.5, $"MAE {errors.Average()} on a wave of amplitude 40");
    }

    [Fact]
    public void On_the_synthetic_load_it_beats_the_naive_forecasts_of_the_same_origins()
    {
        var series = TestSeries.Synthetic(days: 7);
        var values = series.Observations;
        const int horizon = 5;
        var fitEnd = Training.HoldoutStart(values.Count, 0.2);
        var model = HoltWinters.Fit(values, series.Step, horizon, fitEnd)!;

        var anchors = Enumerable.Range(fitEnd, values.Count - fitEnd - horizon).ToArray();
        double Mae(Func<int, double> forecast) => anchors.Average(anchor => Math.Abs(forecast(anchor) - values[anchor + horizon].Value));
        var holtWinters = Mae(anchor => model.Forecast(values, anchor, horizon));
        var persistence = Mae(anchor => values[anchor].Value);
        var seasonalDay = Mae(anchor => values[anchor + horizon - 1440].Value);
        Assert.True(holtWinters < persistence, $"Holt-Winters {holtWinters} vs persistence {persistence}");
        Assert.True(holtWinters < seasonalDay, $"Holt-Winters {holtWinters} vs seasonal naive {seasonalDay}");
    }

    [Fact]
    public void A_forecast_reads_nothing_after_its_origin_and_the_fit_nothing_after_its_end()
    {
        var series = TestSeries.Synthetic(days: 5);
        var values = series.Observations.ToArray();
        var fitEnd = 4 * 1440;
        var model = HoltWinters.Fit(values, series.Step, 5, fitEnd)!;
        var anchor = fitEnd + 100;
        var forecast = model.Forecast(values, anchor, 5);

        var random = new Random(3);
        var scrambled = values.Select((o, i) => i > anchor ? o with { Value = random.NextDouble() * 1000 } : o).ToArray();
        Assert.Equal(forecast, model.Forecast(scrambled, anchor, 5));

        var scrambledAfterFit = values.Select((o, i) => i >= fitEnd ? o with { Value = random.NextDouble() * 1000 } : o).ToArray();
        Assert.Equal(model.Settings, HoltWinters.Fit(scrambledAfterFit, series.Step, 5, fitEnd)!.Settings);
    }

    [Fact]
    public void The_window_shrinks_to_two_days_on_a_short_training_part_and_none_fits_on_less()
    {
        var step = TimeSpan.FromMinutes(30);
        var values = Series(4, step, i => 50 + 10 * Math.Sin(2 * Math.PI * i / 48));
        Assert.Equal(2 * 48, HoltWinters.Fit(values, step, 1, fitEnd: values.Length)!.WindowSteps);
        Assert.Null(HoltWinters.Fit(values, step, 1, fitEnd: 2 * 48 + 10));
    }

    [Fact]
    public void A_step_that_does_not_divide_a_day_has_no_daily_season()
    {
        var step = TimeSpan.FromMinutes(7);
        var values = Enumerable.Range(0, 3000).Select(i => new Observation(Start + i * step, i % 10)).ToArray();
        Assert.Null(HoltWinters.Fit(values, step, 1, values.Length));
    }

    [Fact]
    public void A_forecast_without_a_whole_window_behind_it_is_refused()
    {
        var step = TimeSpan.FromMinutes(30);
        var values = Series(6, step, i => i % 48);
        var model = HoltWinters.Fit(values, step, 1, values.Length)!;
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(values, model.EarliestAnchor - 1, 1));
    }
}
