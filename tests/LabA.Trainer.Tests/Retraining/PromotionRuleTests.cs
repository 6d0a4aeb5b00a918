using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>The promotion rule and the history requirement at their boundaries.</summary>
public sealed class PromotionRuleTests
{
    private static readonly SliceScore[] Baselines = [new("persistence", 6, 8), new("rolling-mean", 5, 7), new("holt-winters", 5.5, 7)];

    private static HoldoutComparison Comparison(double challenger, double? champion, string? notScored = null) => new()
    {
        From = new DateTimeOffset(2025, 1, 17, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2025, 1, 19, 0, 0, 0, TimeSpan.Zero),
        Targets = 2880,
        Challenger = new SliceScore("challenger", challenger, challenger * 1.3),
        Champion = champion is { } mae ? new SliceScore("champion", mae, mae * 1.3) : null,
        ChampionNotScored = notScored,
        Baselines = Baselines,
    };

    [Theory]
    [InlineData(4.0, 4.1, 0.02, true)] // 2.4 % lower: MAE below 4.1 x 0.98 = 4.018
    [InlineData(4.0, 4.1, 0.03, false)] // needs below 3.977
    [InlineData(4.02, 4.1, 0.02, false)] // 1.95 % lower: inside the margin
    [InlineData(4.0, 4.0, 0.0, false)] // equal is not better, even without a margin
    [InlineData(4.5, 4.0, 0.02, false)]
    public void The_champion_is_replaced_only_by_a_challenger_lower_by_the_margin(double challenger, double champion, double margin, bool promoted)
    {
        var decision = PromotionRule.Decide(Comparison(challenger, champion), margin);
        Assert.Equal(promoted, decision.Promote);
        Assert.StartsWith(promoted ? "promoted: " : "not promoted: ", decision.Reason);
        if (!promoted) Assert.Contains("not better than the champion champion (MAE", decision.Reason);
    }

    [Fact]
    public void Without_a_champion_beating_every_baseline_is_enough_and_losing_to_one_is_named()
    {
        Assert.True(PromotionRule.Decide(Comparison(4.9, null), 0.02).Promote);
        var lost = PromotionRule.Decide(Comparison(5.2, null), 0.02);
        Assert.False(lost.Promote);
        Assert.Contains("does not beat rolling-mean (MAE 5)", lost.Reason);
        Assert.DoesNotContain("persistence", lost.Reason);
        Assert.False(PromotionRule.Decide(Comparison(5.0, null), 0.02).Promote);
    }

    [Fact]
    public void A_challenger_that_is_a_baseline_is_held_to_every_other_baseline_but_not_to_itself()
    {
        var itself = Comparison(5.0, null) with { ChallengerBaseline = "rolling-mean" };
        var decision = PromotionRule.Decide(itself, 0.02);
        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("challenger challenger (the rolling-mean baseline) MAE 5", decision.Reason);
        Assert.Contains("beats every other baseline (persistence 6, holt-winters 5.5)", decision.Reason);

        var lost = PromotionRule.Decide(Comparison(5.6, null) with { ChallengerBaseline = "rolling-mean" }, 0.02);
        Assert.False(lost.Promote);
        Assert.Contains("does not beat holt-winters (MAE 5.5)", lost.Reason);
        Assert.DoesNotContain("does not beat rolling-mean", lost.Reason);
        // The champion rule is unchanged: a baseline challenger must still beat the serving model by the margin.
        Assert.False(PromotionRule.Decide(Comparison(5.0, 5.05) with { ChallengerBaseline = "rolling-mean" }, 0.02).Promote);
    }

    [Fact]
    public void A_challenger_that_beats_the_champion_by_the_margin_is_promoted_when_it_only_ties_a_baseline()
    {
        // A flat workload: persistence is exact, so is the challenger; the champion was trained on other load.
        var flat = Comparison(0, 15.63) with { Baselines = [new("persistence", 0, 0), new("rolling-mean", 0.4, 0.5), new("holt-winters", 0, 0)] };
        var decision = PromotionRule.Decide(flat, 0.02);
        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("ties persistence (MAE 0), holt-winters (MAE 0)", decision.Reason);

        // A tie is not enough without a champion beaten by the margin, and losing to a baseline still blocks.
        Assert.False(PromotionRule.Decide(flat with { Champion = null }, 0.02).Promote);
        Assert.False(PromotionRule.Decide(flat with { Champion = new SliceScore("champion", 0, 0) }, 0.02).Promote);
        Assert.False(PromotionRule.Decide(Comparison(5.2, 15.63), 0.02).Promote);
    }

    [Fact]
    public void A_champion_that_cannot_be_scored_beside_the_challenger_is_not_replaced()
    {
        var decision = PromotionRule.Decide(Comparison(3, null, "the champion forecasts 10m ahead"), 0.02);
        Assert.False(decision.Promote);
        Assert.Contains("the champion cannot be scored beside it: the champion forecasts 10m ahead", decision.Reason);
    }

    [Theory]
    [InlineData(0.2, 5.0)]
    [InlineData(0.25, 5.333)]
    [InlineData(0.1, 10.0)]
    public void The_history_needed_gives_a_day_of_holdout_and_four_days_before_it(double holdout, double days) =>
        Assert.Equal(days, HistoryRequirement.Minimum(holdout).TotalDays, 3);

    [Fact]
    public void Five_days_of_minutes_are_enough_and_a_minute_less_is_not()
    {
        LoadSeries Minutes(int count) => LoadSeries.Create(
            [.. Enumerable.Range(0, count).Select(i => new Observation(new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), 10))], "test");
        Assert.Null(HistoryRequirement.Shortfall(Minutes(5 * 1440), 0.2));
        Assert.Contains("needs 5 days", HistoryRequirement.Shortfall(Minutes(5 * 1440 - 1), 0.2));
    }
}
