using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

public class HpaPolicyTests
{
    private static readonly HpaSettings Hpa = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), 0.1, TimeSpan.FromMinutes(5));

    private static HpaPolicy Policy(HpaSettings? settings = null) => new("reactive", settings ?? Hpa, Mapping);

    /// <summary>A steady state: <paramref name="ready"/> pods, all ready long ago, serving a constant load.</summary>
    private static DecisionContext Steady(int ready, double load, int current = -1) =>
        new(Start, current < 0 ? ready : current, [], _ => load, _ => ready, _ => ready);

    [Theory]
    [InlineData(44, 5)] // needs 5.4 of 5: ratio 1.08, within the 10% tolerance
    [InlineData(46, 6)] // needs 5.6: ratio 1.12, scale to ceil(5.6)
    [InlineData(36, 5)] // needs 4.6: ratio 0.92, within tolerance
    [InlineData(34, 5)] // needs 4.4: ratio 0.88; the recommendation is 5 (ceil 4.4)
    [InlineData(20, 3)]
    public void Recommends_from_the_usage_ratio_with_the_tolerance(double load, int expected) =>
        Assert.Equal(expected, Policy().Recommend(Steady(5, load)));

    [Fact]
    public void Reads_the_load_as_it_was_one_metrics_lag_ago()
    {
        var context = new DecisionContext(Start.AddMinutes(10), 1, [], t => t < Start.AddMinutes(10) ? 0 : 40, _ => 1, _ => 1);
        Assert.Equal(1, Policy().Recommend(context));
        Assert.Equal(5, Policy(Hpa with { MetricsLag = TimeSpan.Zero }).Recommend(context));
    }

    [Fact]
    public void Counts_starting_pods_as_idle_when_scaling_up()
    {
        // 5 pods exist, 1 had metrics; load needs 5 of that one pod (ratio 5), but spread over all 5 it is 1.0: hold.
        var context = new DecisionContext(Start, 5, [], _ => 40, _ => 1, _ => 1);
        Assert.Equal(5, Policy().Recommend(context));
        // Needing 8: 8/5 = 1.6 over all pods, so 8.
        var busier = new DecisionContext(Start, 5, [], _ => 70, _ => 1, _ => 1);
        Assert.Equal(8, Policy().Recommend(busier));
    }

    [Fact]
    public void Does_nothing_without_metrics()
    {
        var context = new DecisionContext(Start, 3, [], _ => 90, _ => 0, _ => 0);
        Assert.Equal(3, Policy().Recommend(context));
    }

    [Fact]
    public void Scale_up_is_rate_limited_to_four_pods_or_double()
    {
        Assert.Equal(5, Policy().Decide(Steady(1, 100)).Desired);   // 1 + 4
        Assert.Equal(11, Policy().Decide(Steady(6, 100)).Desired);  // up to 12 allowed, 11 is the maximum
    }

    [Fact]
    public void Reacts_one_metrics_lag_after_the_load_rises_and_pods_arrive_after_the_startup_delay()
    {
        // Needs 1 for ten minutes, then 5. The sync at 11:00 is the first to see the rise; pods serve from 12:00.
        var simulator = Simulator(Minutes((10, 0), (10, 40)));
        var run = simulator.Run(Policy());

        Assert.Equal(2.0, run.Metrics.UnderProvisionedMinutes);
        Assert.Equal(8.0, run.Metrics.ShortfallReplicaMinutes);
        Assert.Equal(1, run.Metrics.ScaleChanges); // no extra scale-up while the new pods start
        Assert.Equal(11, Array.IndexOf(run.ReplicasByMinute, 5));
    }

    [Fact]
    public void Holds_a_scale_down_for_the_stabilization_window()
    {
        // Needs 5 for ten minutes, then 1. The HPA sees the drop at 11:00 (sampling 10:00); the last recommendation of 5
        // was at 10:45, so the first sync with none in its 5-minute window is 15:45.
        var simulator = Simulator(Minutes((10, 40), (10, 0)));
        var run = simulator.Run(Policy());

        Assert.Equal(0.0, run.Metrics.UnderProvisionedMinutes);
        Assert.Equal(5 * 945 / 60.0 + 1 * (1200 - 945) / 60.0, run.Metrics.ReplicaMinutes, 9);
        Assert.Equal(5, run.ReplicasByMinute[15]);
        Assert.Equal(1, run.ReplicasByMinute[16]);
    }
}
