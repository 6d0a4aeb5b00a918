using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

public class ScrapedSeriesTests
{
    [Fact]
    public void Each_grid_point_carries_the_value_scraped_one_lag_before_it()
    {
        var series = Minutes((2, 10), (2, 20), (2, 30));

        var scraped = ScrapedSeries.Of(series, TimeSpan.FromSeconds(15));

        Assert.Equal(series.Observations.Select(o => o.Timestamp), scraped.Observations.Select(o => o.Timestamp));
        // The first point has nothing before it and keeps its own value.
        Assert.Equal([10, 10, 10, 20, 20, 30], scraped.Observations.Select(o => o.Value));
    }

    [Fact]
    public void Any_lag_within_one_step_replays_the_same_and_a_longer_one_reaches_further_back()
    {
        var series = Minutes((2, 10), (2, 20), (2, 30));

        Assert.Equal(
            ScrapedSeries.Of(series, TimeSpan.FromSeconds(1)).Observations,
            ScrapedSeries.Of(series, TimeSpan.FromMinutes(1)).Observations);
        Assert.Equal([10, 10, 10, 10, 20, 20], ScrapedSeries.Of(series, TimeSpan.FromSeconds(61)).Observations.Select(o => o.Value));
        Assert.Equal(series.Observations, ScrapedSeries.Of(series, TimeSpan.Zero).Observations);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScrapedSeries.Of(series, TimeSpan.FromSeconds(-1)));
    }
}
