using LabA.Domain.Scaling;
using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

public class ForecastPolicyTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(5);

    private static ForecastPolicy Policy(LoadForecaster forecaster, ScalingRules? rules = null) =>
        new("predictive", forecaster, Lead, TimeSpan.FromMinutes(1), EveryTwoMinutes, rules ?? Rules());

    private static ForecastPolicy Oracle(CapacitySimulator simulator, ScalingRules? rules = null) =>
        Policy((_, target) => simulator.LoadAt(target), rules);

    [Fact]
    public void Decides_on_the_cron_schedule()
    {
        var times = Policy((_, _) => 0).DecisionTimes(Start.AddMinutes(1), Start.AddMinutes(9)).ToList();
        Assert.Equal([2, 4, 6, 8], times.Select(t => (int)(t - Start).TotalMinutes));
        Assert.Equal(Start, Policy((_, _) => 0).DecisionTimes(Start, Start.AddMinutes(1)).Single());
    }

    [Fact]
    public void Asks_at_the_decision_time_for_the_window_until_the_next_decision_takes_effect()
    {
        var asked = new List<(DateTimeOffset Origin, DateTimeOffset Target)>();
        var peak = Policy((origin, target) =>
        {
            asked.Add((origin, target));
            return (target - Start).TotalMinutes; // rising: the last target is the peak
        }).PeakForecast(Start);

        Assert.All(asked, a => Assert.Equal(Start, a.Origin));
        Assert.Equal([5, 6, 7], asked.Select(a => (int)(a.Target - Start).TotalMinutes));
        Assert.Equal(7, peak);
    }

    [Fact]
    public void A_sparser_schedule_widens_the_window_and_spaces_the_decisions()
    {
        var everyFive = CronSchedule.Parse("*/5 * * * *", "schedule");
        var asked = new List<DateTimeOffset>();
        var policy = new ForecastPolicy("predictive", (_, target) => { asked.Add(target); return 0; }, Lead, TimeSpan.FromMinutes(1), everyFive, Rules());

        policy.PeakForecast(Start);
        Assert.Equal([5, 6, 7, 8, 9, 10], asked.Select(t => (int)(t - Start).TotalMinutes));
        Assert.Equal([0, 5, 10], policy.DecisionTimes(Start, Start.AddMinutes(15)).Select(t => (int)(t - Start).TotalMinutes));
    }

    [Fact]
    public void Maps_the_peak_forecast_to_replicas_and_applies_the_scalers_step_limit()
    {
        var context = new DecisionContext(Start, 2, [], _ => 0, _ => 2, _ => 2);
        Assert.Equal(5, Policy((_, _) => 40).Decide(context).Desired);
        Assert.Equal(4, Policy((_, _) => 40, Rules(maxUp: 2)).Decide(context).Desired);
    }

    [Fact]
    public void Forecasts_outside_the_bounds_are_clamped_and_a_non_number_is_refused()
    {
        var context = new DecisionContext(Start, 3, [], _ => 0, _ => 3, _ => 3);
        Assert.Equal(11, Policy((_, _) => 1e6).Decide(context).Desired);
        Assert.Equal(1, Policy((_, _) => -500).Decide(context).Desired);
        var error = Assert.Throws<InvalidOperationException>(() => Policy((_, _) => double.NaN).Decide(context));
        Assert.Contains("NaN", error.Message);
    }

    [Fact]
    public void The_reactive_floor_reads_a_per_replica_load_beyond_any_CPU_percent_in_its_own_unit()
    {
        // 5000 requests/s at 100 per replica need 50 pods; held at 1000 (the CPU band's ceiling) they would look like 10.
        var mapping = ReplicaMapping.PerReplicaCapacity(1, 100, 100, new PerReplicaKeys("min", "max", "perReplica"));
        var policy = new ForecastPolicy("predictive", (_, _) => 0, Lead, TimeSpan.FromMinutes(1), EveryTwoMinutes,
            new ScalingRules(mapping, 100, 100, TimeSpan.FromMinutes(5)), observationLag: TimeSpan.FromMinutes(1));
        var context = new DecisionContext(Start, 1, [], _ => 5000, _ => 1, _ => 1);

        Assert.Equal(50, policy.Decide(context).Desired);
        Assert.Equal(100, policy.Decide(new DecisionContext(Start, 1, [], _ => 1e7, _ => 1, _ => 1)).Desired);
    }

    [Fact]
    public void With_perfect_knowledge_capacity_is_ready_before_the_load_rises()
    {
        // Load needs 1 replica for ten minutes, then 5. The decision at minute 4 covers minutes 9..11 and scales up;
        // the pods are ready at minute 5.
        var simulator = Simulator(Minutes((10, 0), (10, 40)));
        var run = simulator.Run(Oracle(simulator));

        Assert.Equal(0.0, run.Metrics.UnderProvisionedMinutes);
        Assert.Equal(4 * 1 + 16 * 5, run.Metrics.ReplicaMinutes);
        Assert.Equal(5 * 4, run.Metrics.OverProvisionedReplicaMinutes);
        Assert.Equal(1, run.Metrics.ScaleChanges);
        Assert.Equal(4, Array.IndexOf(run.ReplicasByMinute, 5));
    }

    [Fact]
    public void Scale_down_stabilization_holds_capacity_until_the_lead_time_has_passed()
    {
        // Load needs 5 replicas for ten minutes, then 1. Looking 5 minutes ahead, the decision at minute 6 already sees
        // the drop; scale-downs act at once, so forgetting the earlier forecasts at decision time would leave minutes 6..9 short.
        var simulator = Simulator(Minutes((10, 40), (10, 0)));

        var stabilized = simulator.Run(Oracle(simulator, Rules(TimeSpan.FromMinutes(5))));
        Assert.Equal(0.0, stabilized.Metrics.UnderProvisionedMinutes);
        // The decision at 4 asked for minutes 9..11, so its 5 counts as needed until 11 and stays in the window until 16:
        // the decision at 16 is the first to scale down.
        Assert.Equal(16 * 5 + 4 * 1, stabilized.Metrics.ReplicaMinutes);

        // With no stabilization at all the 5 is still kept while the load it was made for lasts (until 11): the decision
        // at 12 scales down, and no minute goes short.
        var unstabilized = simulator.Run(Oracle(simulator, Rules(TimeSpan.Zero)));
        Assert.Equal(0.0, unstabilized.Metrics.UnderProvisionedMinutes);
        Assert.Equal(12 * 5 + 8 * 1, unstabilized.Metrics.ReplicaMinutes);
    }

    [Fact]
    public void In_closed_loop_the_forecast_is_made_from_one_scrape_lag_before_the_decision_and_the_floor_reads_that_far_into_each_step()
    {
        // Five-minute steps; the run at 10:07 reads 10:06:45: the 10:05 step, 1 min 45 s into it, and 10:00 as far in.
        var step = TimeSpan.FromMinutes(5);
        var origins = new List<DateTimeOffset>();
        var read = new List<DateTimeOffset>();
        var policy = new ForecastPolicy("predictive", (origin, _) => { origins.Add(origin); return 0; }, Lead, step, EveryTwoMinutes, Rules(),
            observationLag: TimeSpan.FromSeconds(15));
        var now = Start.AddMinutes(7);

        policy.Decide(new DecisionContext(now, 1, [], at => { read.Add(at); return 40; }, _ => 1, _ => 1));

        Assert.All(origins, origin => Assert.Equal(now.AddSeconds(-15), origin));
        Assert.Equal([Start.AddMinutes(1).AddSeconds(45), Start.AddMinutes(6).AddSeconds(45)], read.Order());
    }

    [Fact]
    public void The_backtest_looks_ahead_by_the_pods_start_up_delay_as_the_Scaler_by_POD_STARTUP()
    {
        var options = new BacktestOptions(Rules(), Capacity(startupSeconds: 240), HpaSettings.Default);
        Assert.Equal(TimeSpan.FromMinutes(4), options.Lead);
    }
}
