using LabA.Domain.Scaling;
using LabA.Domain.Series;
using LabA.Forecasting.Series;
using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

/// <summary>The replay of scrapes that Prometheus missed: which are missed, how they are filled, what the Scaler then decides.</summary>
public class MissedScrapesTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private static LoadSeries Rising(int points) =>
        LoadSeries.Create([.. Enumerable.Range(0, points).Select(i => new Observation(Start + Step * i, i))], "rising");

    [Fact]
    public void A_seeded_rate_misses_that_share_of_the_samples_the_same_way_each_time_and_fills_them_as_the_import_does()
    {
        var series = LoadSeries.Create([.. Enumerable.Range(0, 10_000).Select(i => new Observation(Start + Step * i, 50 + 30 * Math.Sin(i / 37.0)))], "wave");
        var missed = MissedScrapes.Of(series, 0.05, seed: 7);

        Assert.InRange(missed.Missing.Count(m => m), 450, 550);
        Assert.Equal(missed.Missing, MissedScrapes.Of(series, 0.05, seed: 7).Missing);
        var inner = Enumerable.Range(1, series.Count - 2).First(i => missed.Missing[i] && !missed.Missing[i - 1] && !missed.Missing[i + 1]);
        Assert.Equal(
            LinearGapFill.Between(series.Observations[inner - 1].Value, series.Observations[inner + 1].Value, 1, 2),
            missed.Series.Observations[inner].Value);
    }

    [Fact]
    public void A_missing_newest_sample_forecasts_from_the_one_before_and_two_missing_fail_the_run_changing_nothing()
    {
        var series = Rising(30);
        var origins = new List<DateTimeOffset>();
        var missed = MissedScrapes.Of(series, 0, seed: 1) with { Missing = [.. Enumerable.Range(0, 30).Select(i => i is 20 or 25 or 26)] };
        var policy = new ForecastPolicy("predictive-missing", (origin, _) => { origins.Add(origin); return 90; }, TimeSpan.FromMinutes(5), Step,
            EveryTwoMinutes, Rules(), TimeSpan.FromSeconds(15), missed);

        // At 20 min 20 s the sample at 20 min is missing: the run decides from the one at 19 min, still fresh.
        var fresh = policy.Decide(new DecisionContext(Start.AddMinutes(20).AddSeconds(20), 2, [], _ => 10, _ => 2, _ => 2));
        Assert.All(origins, origin => Assert.Equal(Start.AddMinutes(19), origin));
        Assert.True(fresh.Desired > 2);

        // At 26 min 20 s the samples at 25 and 26 min are missing: the newest is three steps old, stale, so nothing changes.
        var stale = policy.Decide(new DecisionContext(Start.AddMinutes(26).AddSeconds(20), 2, [new StabilizationEntry(Start, 3)], _ => 10, _ => 2, _ => 2));
        Assert.Equal((2, ScalingAction.None), (stale.Desired, stale.Action));
        Assert.Equal([new StabilizationEntry(Start, 3)], stale.History);
        Assert.Equal((1, 1), (missed.Counts.FromOlderSample, missed.Counts.Failed));
    }
}
