using LabA.Trainer.Backtest;

namespace LabA.Trainer.Tests;

public class BacktestChartLogicTests
{
    private static readonly DateTimeOffset Midnight = new(2025, 1, 17, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Buckets_are_the_narrowest_clock_width_that_fits_and_start_on_its_boundaries()
    {
        // Three days from 04:48, as the generated series' hold-out: 3 minutes past a quarter hour, 269 quarter-hour buckets.
        var start = Midnight.AddHours(4).AddMinutes(48);
        var quarterHours = MinuteBuckets.Choose(start, 0, 4032, maxBuckets: 269);

        Assert.Equal(15, quarterHours.Width);
        Assert.Equal(269, quarterHours.Count);
        Assert.Equal([0, 12, 27], quarterHours.Edges.Take(3));
        Assert.Equal(4032, quarterHours.Edges[^1]);
        Assert.All(quarterHours.Edges.Skip(1).SkipLast(1), edge => Assert.Equal(0, start.AddMinutes(edge).Minute % 15));

        Assert.Equal(30, MinuteBuckets.Choose(start, 0, 4032, maxBuckets: 268).Width);
        Assert.Equal(1, MinuteBuckets.Choose(start, 0, 4032, maxBuckets: 4032).Width);
    }

    [Fact]
    public void Past_a_day_per_bucket_the_buckets_are_whole_days()
    {
        var buckets = MinuteBuckets.Choose(Midnight, 0, 60 * MinutesPerDay, maxBuckets: 20);

        Assert.Equal(3 * MinutesPerDay, buckets.Width);
        Assert.Equal(20, buckets.Count);
    }

    [Fact]
    public void Each_bucket_aggregates_only_its_own_minutes()
    {
        // From 00:58, five minutes in 5-minute buckets: 00:58-00:59 and 01:00-01:02.
        var buckets = MinuteBuckets.Choose(Midnight.AddMinutes(58), 0, 5, maxBuckets: 2);
        double[] values = [4, 1, 3, 9, 2];

        Assert.Equal(5, buckets.Width);
        Assert.Equal([0, 2, 5], buckets.Edges);
        Assert.Equal([4, 9], buckets.Max(values));
        Assert.Equal([1, 2], buckets.Min(values));
        Assert.Equal([2.5, 14 / 3.0], buckets.Mean(values));
        Assert.Equal([1, 3.5], buckets.Centres());
    }

    [Fact]
    public void A_stretch_inside_the_replay_is_cut_on_the_clock_of_its_own_minutes()
    {
        // Minutes 10..29 of a replay from 00:03 are 00:13..00:32: 10-minute buckets from 00:20 and 00:30.
        var buckets = MinuteBuckets.Choose(Midnight.AddMinutes(3), 10, 20, maxBuckets: 3);
        var values = Enumerable.Range(0, 30).Select(m => (double)m).ToArray();

        Assert.Equal(10, buckets.Width);
        Assert.Equal([10, 17, 27, 30], buckets.Edges);
        Assert.Equal([16, 26, 29], buckets.Max(values));
        Assert.Throws<ArgumentException>(() => buckets.Max(values[..29]));
    }

    [Fact]
    public void The_busiest_day_is_the_one_with_the_most_reactive_shortfall_minutes()
    {
        // 22:00 on the 17th to 01:00 on the 19th: 120 minutes of the 17th, all of the 18th, 60 minutes of the 19th.
        var minutes = Enumerable.Range(0, 120 + MinutesPerDay + 60).Select(m => Midnight.AddHours(22).AddMinutes(m)).ToArray();
        var demand = Enumerable.Repeat(3, minutes.Length).ToArray();
        var ready = Enumerable.Repeat(3, minutes.Length).ToArray();
        ShortOfOne(ready, from: 10, count: 30); // the 17th
        ShortOfOne(ready, from: 120 + 600, count: 31); // the 18th
        ShortOfOne(ready, from: 120 + MinutesPerDay, count: 5); // the 19th

        var day = BusiestDay.Of(minutes, demand, ready);

        Assert.Equal(new BusiestDay(new DateOnly(2025, 1, 18), 120, MinutesPerDay, 31), day);

        // A day at the start of the replay counts only its replayed minutes, and wins with more shortfalls in them.
        ShortOfOne(ready, from: 50, count: 2);
        Assert.Equal(new BusiestDay(new DateOnly(2025, 1, 17), 0, 120, 32), BusiestDay.Of(minutes, demand, ready));
    }

    [Fact]
    public void Days_with_as_many_shortfalls_go_to_the_one_that_needed_more_pods_then_to_the_earlier()
    {
        var minutes = Enumerable.Range(0, 3 * MinutesPerDay).Select(m => Midnight.AddMinutes(m)).ToArray();
        var ready = Enumerable.Repeat(5, minutes.Length).ToArray();
        var flat = Enumerable.Repeat(2, minutes.Length).ToArray();

        Assert.Equal(new DateOnly(2025, 1, 17), BusiestDay.Of(minutes, flat, ready).Date);

        var busierThird = flat.Select((d, m) => m >= 2 * MinutesPerDay && m < 2 * MinutesPerDay + 60 ? 4 : d).ToArray();
        var third = BusiestDay.Of(minutes, busierThird, ready);
        Assert.Equal(new BusiestDay(new DateOnly(2025, 1, 19), 2 * MinutesPerDay, MinutesPerDay, 0), third);
    }

    [Fact]
    public void Lists_of_different_lengths_are_refused()
    {
        var minutes = new[] { Midnight, Midnight.AddMinutes(1) };
        var error = Assert.Throws<ArgumentException>(() => BusiestDay.Of(minutes, [1, 1], [1]));
        Assert.Contains("2 minutes, 2 demand values and 1 ready counts", error.Message);
    }

    private const int MinutesPerDay = MinuteBuckets.MinutesPerDay;

    private static void ShortOfOne(int[] ready, int from, int count)
    {
        for (var m = from; m < from + count; m++) ready[m] -= 1;
    }
}
