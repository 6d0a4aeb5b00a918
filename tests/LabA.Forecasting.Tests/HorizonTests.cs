namespace LabA.Forecasting.Tests;

/// <summary>An hour's horizon is first-class in auto: every candidate is fitted, scored and chosen at that horizon.</summary>
public class HorizonTests
{
    [Fact]
    public void At_a_one_hour_horizon_auto_scores_every_candidate_an_hour_ahead_and_serves_one_that_follows_a_shift_in_the_holdout()
    {
        var series = LevelShiftModel.Shifted(days: 10, seed: 4);
        using var model = Training.Train(series, new TrainingOptions { Horizon = TimeSpan.FromHours(1), HoldoutFraction = 0.3 });
        var card = model.Card;
        Assert.Equal(TimeSpan.FromHours(1), card.Horizon);

        // Persistence's hold-out MAE by hand, twelve five-minute steps ahead: what the card lists for it as a candidate and a baseline.
        var values = series.Observations;
        var holdoutStart = Training.HoldoutStart(values.Count, 0.3);
        const int steps = 12;
        var byHand = Enumerable.Range(holdoutStart - steps, values.Count - holdoutStart).Average(anchor => Math.Abs(values[anchor + steps].Value - values[anchor].Value));
        var candidates = card.Selection!.Candidates.ToDictionary(candidate => candidate.Name);
        Assert.Equal(byHand, candidates[ForecasterKinds.Persistence].HoldoutMae!.Value, 9);
        Assert.Equal(byHand, card.Metrics.Baselines.Single(baseline => baseline.Name == ForecasterKinds.Persistence).Mae, 9);

        // The profile alone misses the jump; the served forecaster follows it and is no worse than 1.5 times the best baseline.
        Assert.True(candidates[ForecasterKinds.HarmonicRegression].HoldoutMae > LevelShiftModel.Shift / 2);
        var best = card.Metrics.Baselines.Min(baseline => baseline.Mae);
        Assert.True(card.Metrics.Model.Mae < 1.5 * best, $"{card.Selection.Chosen} {card.Metrics.Model.Mae} against the best baseline {best}");
    }
}
