using LabA.Forecasting.Model;

namespace LabA.Forecasting.Tests;

public class AutoSelectionTests(AutoModels models) : IClassFixture<AutoModels>
{
    [Fact]
    public void The_choice_never_reads_the_holdout_a_different_holdout_changes_only_the_holdout_scores()
    {
        var same = models.OnSynthetic.Card;
        var other = models.OnOtherHoldout.Card;

        Assert.Equal(same.Selection!.Chosen, other.Selection!.Chosen);
        Assert.Equal(same.Selection.Candidates.Select(candidate => candidate.ValidationMae), other.Selection.Candidates.Select(candidate => candidate.ValidationMae));
        Assert.Equal(same.Residuals!.Quantiles, other.Residuals!.Quantiles);
        // On the random-walk hold-out another candidate does best, and the choice still follows validation.
        var holdoutWinner = other.Selection.Candidates.Where(candidate => candidate.HoldoutMae is not null).MinBy(candidate => candidate.HoldoutMae)!;
        Assert.NotEqual(holdoutWinner.Name, other.Selection.Chosen);
        Assert.NotEqual(same.Metrics.Model.Mae, other.Metrics.Model.Mae);
    }

    [Fact]
    public void The_card_lists_every_candidate_with_its_validation_and_holdout_mae_and_the_served_one_is_the_validation_winner_by_the_rule()
    {
        var card = models.OnSynthetic.Card;
        var selection = card.Selection!;
        Assert.Equal([.. Trainers.AutoCandidates, ForecasterKinds.LevelFollowing, ForecasterKinds.Blend, ForecasterKinds.Adaptive],
            selection.Candidates.Select(candidate => candidate.Name));
        Assert.Equal("auto", selection.Mode);
        var applicable = selection.Candidates.Where(candidate => candidate.NotApplicable is null).ToArray();
        Assert.All(applicable, candidate => Assert.True(candidate.ValidationMae > 0 && candidate.HoldoutMae > 0, candidate.Name));
        var chosen = selection.Candidates.Single(candidate => candidate.Name == selection.Chosen);
        // The best single candidate, unless a mix is lower by the margin a mix must win by.
        var mixes = applicable.Where(candidate => candidate.Name is ForecasterKinds.Blend or ForecasterKinds.Adaptive).ToArray();
        var bestSingle = applicable.Except(mixes).MinBy(candidate => candidate.ValidationMae)!;
        var bar = bestSingle.ValidationMae!.Value * (1 - Training.MixGain);
        var pick = mixes.Any(candidate => candidate.ValidationMae < bar) ? mixes.MinBy(candidate => candidate.ValidationMae)! : bestSingle;
        // Then a pick that cannot follow a level shift gives way to the best one that can unless it is lower by its margin.
        bool Follows(string name) => name is ForecasterKinds.LevelFollowing or ForecasterKinds.Persistence or ForecasterKinds.RollingMean or ForecasterKinds.Adaptive;
        bool FollowsCandidate(CandidateScore candidate) => Follows(candidate.Name) || (candidate.Name == ForecasterKinds.Blend && candidate.Settings.Keys.All(Follows));
        var followingSingle = applicable.Except(mixes).Where(FollowsCandidate).MinBy(candidate => candidate.ValidationMae)!;
        var followingMix = mixes.Where(FollowsCandidate).Where(mix => mix.ValidationMae < followingSingle.ValidationMae * (1 - Training.MixGain))
            .MinBy(mix => mix.ValidationMae);
        var follower = followingMix ?? followingSingle;
        var level = applicable.Single(candidate => candidate.Name == ForecasterKinds.LevelFollowing);
        if (!(follower.ValidationMae < level.ValidationMae * (1 - Training.LevelGain))) follower = level;
        var expected = FollowsCandidate(pick) || pick.ValidationMae <= follower.ValidationMae * (1 - Training.LevelGain) ? pick : follower;
        Assert.Equal(expected.Name, chosen.Name);
        Assert.Equal(chosen.HoldoutMae!.Value, card.Metrics.Model.Mae, 9);
        Assert.Equal(selection.Chosen, card.Trainer.Name);
        Assert.Equal(chosen.Kind, card.Kind);
        Assert.Equal(ModelCardJson.Serialize(card), ModelCardJson.Serialize(ModelCardJson.DeserializeCard(ModelCardJson.Serialize(card))));
    }

    [Fact]
    public void A_baseline_is_served_where_it_wins_validation_and_its_margin_comes_from_its_own_validation_errors()
    {
        var model = models.OnWalk;
        var selection = model.Card.Selection!;
        Assert.Equal(ForecasterKinds.Persistence, selection.Chosen);
        Assert.Equal(ForecasterKinds.Persistence, model.Card.Kind);
        Assert.Equal(selection.Candidates.Where(candidate => candidate.ValidationMae is not null).Min(candidate => candidate.ValidationMae),
            selection.Candidates.Single(candidate => candidate.Name == ForecasterKinds.Persistence).ValidationMae);

        // Persistence's errors on the validation slice, by hand: the last fifth of the training part's targets.
        var values = models.Walk.Observations;
        var holdoutStart = Training.HoldoutStart(values.Count, 0.2);
        var validationStart = Training.HoldoutStart(holdoutStart, Training.ValidationFraction);
        var horizon = (int)(model.Horizon / model.Step);
        var errors = Enumerable.Range(validationStart - horizon, holdoutStart - validationStart)
            .Select(anchor => values[anchor + horizon].Value - values[anchor].Value).ToArray();
        Assert.Equal(ForecastResiduals.Of(errors, "", default, default).Quantiles, model.Card.Residuals!.Quantiles);
    }

    [Fact]
    public void A_baseline_model_round_trips_through_save_load_and_verify_and_forecasts_the_same()
    {
        var directory = TestSeries.TemporaryDirectory();
        models.OnWalk.Save(directory);
        using var loaded = ForecastModel.Load(directory);

        Assert.Equal(ModelCardJson.Serialize(models.OnWalk.Card), ModelCardJson.Serialize(loaded.Card));
        Assert.Equal(ForecasterKinds.Persistence, loaded.Kind);
        Assert.True(loaded.RequiresObservations);
        Assert.Equal(1, loaded.HistoryPoints);
        var observations = models.Walk.Observations;
        foreach (var origin in new[] { 10, observations.Count / 2, observations.Count - 1 })
        {
            var target = observations[origin].Timestamp + loaded.Horizon;
            Assert.Equal(observations[origin].Value, loaded.Predict(target, observations));
            Assert.Equal(models.OnWalk.Predict(target, observations), loaded.Predict(target, observations));
        }
    }
}
