using LabA.Forecasting;
using LabA.Forecasting.Promotion;
using LabA.Forecasting.Series;
using LabA.Forecasting.Synthetic;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>The challenger is scored as served whatever kind of forecaster training chose, and a baseline challenger is known as one.</summary>
public sealed class ChallengeScoringTests
{
    private static readonly LoadSeries Week = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 7, Step = TimeSpan.FromMinutes(5), Weekly = false });

    [Theory]
    [InlineData(ForecasterKinds.Persistence, ForecasterKinds.Persistence)]
    [InlineData(ForecasterKinds.RollingMean, ForecasterKinds.RollingMean)]
    [InlineData("seasonal-naive-day", ForecasterKinds.SeasonalNaive)]
    [InlineData(ForecasterKinds.HoltWinters, ForecasterKinds.HoltWinters)]
    [InlineData(ForecasterKinds.HarmonicRegression, ForecasterKinds.HarmonicRegression)]
    [InlineData(Trainers.FastTree, ForecasterKinds.Ml)]
    public void Every_kind_is_scored_on_the_slice_as_its_training_scored_it_and_a_baseline_is_not_held_to_beat_itself(string trainer, string kind)
    {
        using var challenger = Training.Train(Week, new TrainingOptions { Trainer = trainer, FeatureSet = FeatureSpec.RecentName });
        Assert.Equal(kind, challenger.Card.Kind);

        var comparison = ChallengeScoring.Compare(Week, challenger, champion: null, holdoutFraction: 0.2);

        Assert.Equal(challenger.Card.Metrics.Model.Mae, comparison.Challenger.Mae, 9);
        if (!IsBaseline(kind))
        {
            Assert.Null(comparison.ChallengerBaseline);
            return;
        }
        Assert.Equal(trainer, comparison.ChallengerBaseline);
        // The same forecaster on the same targets: the rule would otherwise refuse it for not beating itself.
        Assert.Equal(comparison.Challenger.Mae, comparison.Baselines.Single(baseline => baseline.Name == trainer).Mae, 9);
        var decision = PromotionRule.Decide(comparison, 0.02);
        var others = comparison.Baselines.Where(baseline => baseline.Name != trainer).ToArray();
        Assert.Equal(others.All(baseline => comparison.Challenger.Mae < baseline.Mae), decision.Promote);
        Assert.DoesNotContain($"does not beat {trainer} ", decision.Reason);
    }

    [Fact]
    public void Auto_challenges_with_whatever_it_chose_and_is_scored_as_served()
    {
        using var challenger = Training.Train(Week, new TrainingOptions { Trainer = TrainerDefault, FeatureSet = FeatureSpec.RecentName });
        var comparison = ChallengeScoring.Compare(Week, challenger, champion: null, holdoutFraction: 0.2);

        Assert.Equal(challenger.Card.Metrics.Model.Mae, comparison.Challenger.Mae, 9);
        Assert.Equal(Trainers.Auto, challenger.Card.Selection!.Mode);
        Assert.Equal(IsBaseline(challenger.Card.Kind) ? challenger.Card.Trainer.Name : null, comparison.ChallengerBaseline);
    }

    /// <summary>The kinds every card also scores as a baseline: a challenger of one of them is held to the other baselines.</summary>
    private static bool IsBaseline(string? kind) =>
        kind is ForecasterKinds.Persistence or ForecasterKinds.RollingMean or ForecasterKinds.SeasonalNaive or ForecasterKinds.HoltWinters;

    /// <summary>What retrain and train train with when --trainer is not given.</summary>
    private const string TrainerDefault = Commands.TrainerOption.Default;
}
