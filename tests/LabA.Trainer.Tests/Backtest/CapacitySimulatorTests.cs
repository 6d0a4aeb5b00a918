using LabA.Trainer.Backtest;
using static LabA.Trainer.Tests.Backtest.BacktestFixtures;

namespace LabA.Trainer.Tests.Backtest;

public class CapacitySimulatorTests
{
    [Fact]
    public void Demand_is_the_shared_mapping_of_the_actual_load_held_over_each_step()
    {
        var simulator = Simulator(Minutes((1, 0), (1, 40), (1, 95)));
        Assert.Equal([1, 5, 11], new[] { 0, 60, 179 }.Select(simulator.DemandAtSecond));
        Assert.Equal(40, simulator.LoadAt(Start.AddSeconds(119)));
    }

    [Fact]
    public void New_pods_serve_only_after_the_startup_delay()
    {
        // Demand 1 for five minutes, then 5; the policy scales 1 -> 5 exactly when the load rises.
        var run = Simulator(Minutes((5, 0), (5, 40))).Run(new ScriptedPolicy(1, (300, 5)));

        Assert.Equal(1.0, run.Metrics.UnderProvisionedMinutes);        // 300 s..359 s: one pod ready, five needed
        Assert.Equal(4.0, run.Metrics.ShortfallReplicaMinutes);
        Assert.Equal(5 * 1 + 5 * 5, run.Metrics.ReplicaMinutes);       // starting pods are paid for
        Assert.Equal(0.0, run.Metrics.OverProvisionedReplicaMinutes);
        Assert.Equal(1, run.Metrics.ScaleChanges);
        Assert.Equal([1, 1, 1, 1, 1, 1, 5, 5, 5, 5], run.ReadyByMinute);
        Assert.Equal([1, 1, 1, 1, 1, 5, 5, 5, 5, 5], run.ReplicasByMinute);
    }

    [Fact]
    public void A_longer_startup_delay_costs_proportionally_more_shortfall()
    {
        var run = Simulator(Minutes((5, 0), (5, 40)), startupSeconds: 150).Run(new ScriptedPolicy(1, (300, 5)));
        Assert.Equal(2.5, run.Metrics.UnderProvisionedMinutes);
        Assert.Equal(10.0, run.Metrics.ShortfallReplicaMinutes);
    }

    [Fact]
    public void Scale_down_is_immediate_and_removes_starting_pods_first()
    {
        // Demand 5 throughout. 1 -> 5 at 0 s (ready at 60 s), then 5 -> 3 at 30 s: two of the four starting pods go.
        var run = Simulator(Minutes((3, 40))).Run(new ScriptedPolicy(1, (0, 5), (30, 3)));

        Assert.Equal(3.0, run.Metrics.UnderProvisionedMinutes);          // 1 ready, then 3 ready, never 5
        Assert.Equal((60 * 4 + 120 * 2) / 60.0, run.Metrics.ShortfallReplicaMinutes);
        Assert.Equal((30 * 5 + 150 * 3) / 60.0, run.Metrics.ReplicaMinutes);
        Assert.Equal(2, run.Metrics.ScaleChanges);
        Assert.Equal([1, 3, 3], run.ReadyByMinute);
    }

    [Fact]
    public void Removing_ready_pods_drops_capacity_at_once_and_over_provisioning_is_counted_on_ready_pods()
    {
        // Demand 1; start at 4 ready pods and drop to 2 after two minutes.
        var run = Simulator(Minutes((4, 0))).Run(new ScriptedPolicy(4, (120, 2)));
        Assert.Equal(0.0, run.Metrics.UnderProvisionedMinutes);
        Assert.Equal(2 * 3 + 2 * 1, run.Metrics.OverProvisionedReplicaMinutes);
        Assert.Equal(2 * 4 + 2 * 2, run.Metrics.ReplicaMinutes);
        Assert.Equal([4, 4, 2, 2], run.ReadyByMinute);
    }

    [Fact]
    public void Decisions_that_keep_the_count_are_not_scale_changes()
    {
        var run = Simulator(Minutes((4, 0))).Run(new ScriptedPolicy(2, (60, 2), (120, 3), (180, 3)));
        Assert.Equal(1, run.Metrics.ScaleChanges);
    }

    [Fact]
    public void A_policy_cannot_read_the_load_after_its_decision_time()
    {
        var context = new DecisionContext(Start, 1, [], _ => 0, _ => 1, _ => 1);
        Assert.Equal(0, context.LoadAt(Start));
        Assert.Throws<InvalidOperationException>(() => context.LoadAt(Start.AddSeconds(1)));
        Assert.Throws<InvalidOperationException>(() => context.ReadyAt(Start.AddSeconds(1)));
    }

    [Fact]
    public void The_replay_window_must_be_a_positive_whole_number_of_seconds()
    {
        var series = Minutes((3, 0));
        Assert.Throws<ArgumentException>(() => new CapacitySimulator(series, Start, Start, Mapping, Capacity()));
        Assert.Throws<ArgumentException>(() => new CapacitySimulator(series, Start, Start.AddMilliseconds(1500), Mapping, Capacity()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacitySimulator(series, Start, Start.AddMinutes(1), Mapping,
            Capacity() with { StartupDelay = TimeSpan.FromMilliseconds(500) }));
    }
}
