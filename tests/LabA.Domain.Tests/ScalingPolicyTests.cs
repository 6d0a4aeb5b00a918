using LabA.Domain.Scaling;

namespace LabA.Domain.Tests;

public class ScalingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 14, 30, 0, TimeSpan.Zero);
    private static readonly ScalingRules Rules = new(ReplicaMapping.Create(2, 10, 20, 80), 3, 2, TimeSpan.FromMinutes(5));

    [Fact]
    public void Scale_up_follows_the_recommendation_within_the_step()
    {
        var decision = ScalingPolicy.Decide(Rules, 4, 6, Now, []);
        Assert.Equal((6, ScalingAction.ScaleUp), (decision.Desired, decision.Action));
        var limited = ScalingPolicy.Decide(Rules, 4, 10, Now, []);
        Assert.Equal(7, limited.Desired);
        Assert.Contains("step limited", limited.Reason);
    }

    [Fact]
    public void Scale_down_is_held_by_a_higher_recommendation_inside_the_window()
    {
        var history = new[] { new StabilizationEntry(Now.AddMinutes(-4), 8), new StabilizationEntry(Now.AddMinutes(-2), 6) };
        var decision = ScalingPolicy.Decide(Rules, 8, 3, Now, history);
        Assert.Equal((8, ScalingAction.None), (decision.Desired, decision.Action));
        Assert.Contains("stabilization", decision.Reason);
        Assert.Equal(3, decision.History.Count);
    }

    [Fact]
    public void Scale_down_proceeds_once_the_high_recommendation_leaves_the_window()
    {
        var history = new[] { new StabilizationEntry(Now.AddMinutes(-6), 8), new StabilizationEntry(Now.AddMinutes(-2), 5) };
        var decision = ScalingPolicy.Decide(Rules, 8, 3, Now, history);
        Assert.Equal(6, decision.Desired); // highest left in window is 5, but one step may shed only 2
        Assert.Equal(ScalingAction.ScaleDown, decision.Action);
        Assert.DoesNotContain(decision.History, r => r.NeededUntil < Now.AddMinutes(-5));
    }

    [Theory]
    [InlineData(0, 1, 2)]    // below the minimum: brought up at once, whatever the step
    [InlineData(25, 30, 10)] // above the maximum: brought down at once
    [InlineData(5, 0, 3)]    // a recommendation of 0 is clamped to the minimum 2, step of 2 -> 3
    public void Bounds_win_over_every_other_rule(int current, int recommended, int expected)
    {
        var decision = ScalingPolicy.Decide(Rules, current, recommended, Now, []);
        Assert.Equal(expected, decision.Desired);
        Assert.InRange(decision.Desired, 2, 10);
    }

    [Fact]
    public void Equal_recommendation_is_no_action()
    {
        var decision = ScalingPolicy.Decide(Rules, 5, 5, Now, []);
        Assert.Equal(ScalingAction.None, decision.Action);
    }

    [Fact]
    public void An_unlimited_step_does_not_overflow()
    {
        var unlimited = Rules with { MaxScaleUpStep = int.MaxValue, MaxScaleDownStep = int.MaxValue, ScaleDownStabilization = TimeSpan.Zero };
        Assert.Equal(10, ScalingPolicy.Decide(unlimited, 3, 10, Now, []).Desired);
        Assert.Equal(2, ScalingPolicy.Decide(unlimited, 9, 0, Now, []).Desired);
    }

    [Fact]
    public void A_forecast_holds_its_capacity_until_the_load_it_was_made_for_has_passed()
    {
        // Made 6 minutes ago for [t+5, t+7]: still needed until a minute from now, so the window keeps it.
        var forecast = new StabilizationEntry(Now.AddMinutes(1), 8);
        Assert.Equal(8, ScalingPolicy.Decide(Rules, 8, 3, Now, [forecast]).Desired);
        // Four minutes after its window ended it still holds; six minutes after, it is gone.
        Assert.Equal(8, ScalingPolicy.Decide(Rules, 8, 3, Now.AddMinutes(5), [forecast]).Desired);
        Assert.Equal(6, ScalingPolicy.Decide(Rules, 8, 3, Now.AddMinutes(7), [forecast]).Desired);
    }

    [Fact]
    public void The_new_recommendation_is_kept_as_needed_until_the_end_of_its_window()
    {
        var decision = ScalingPolicy.Decide(Rules, 4, 6, Now, [], neededUntil: Now.AddMinutes(7));
        Assert.Equal(new StabilizationEntry(Now.AddMinutes(7), 6), Assert.Single(decision.History));
    }
}
