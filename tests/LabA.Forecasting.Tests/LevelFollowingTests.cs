using System.IO.Compression;
using LabA.Forecasting.Series;

namespace LabA.Forecasting.Tests;

public class LevelFollowingTests(LevelShiftModel shift) : IClassFixture<LevelShiftModel>
{
    private ForecastModel Model => shift.Model;

    [Fact]
    public void Auto_serves_the_level_following_profile_which_follows_a_shift_the_calendar_profile_misses()
    {
        var card = Model.Card;
        Assert.Equal(ForecasterKinds.LevelFollowing, card.Kind);
        Assert.Equal(ForecasterKinds.LevelFollowing, card.Selection!.Chosen);
        Assert.Equal("harmonic-regression", card.Trainer.Settings["profile"]);
        var candidates = card.Selection.Candidates.ToDictionary(candidate => candidate.Name);
        var profile = candidates["harmonic-regression"].HoldoutMae!.Value;
        var bestBaseline = card.Metrics.Baselines.Min(baseline => baseline.Mae);
        // The hold-out holds the jump: the profile alone is off by most of it, the served model is near the best baseline.
        Assert.True(profile > LevelShiftModel.Shift / 2, $"harmonic-regression hold-out MAE {profile}");
        Assert.True(card.Metrics.Model.Mae < 1.5 * bestBaseline, $"served {card.Metrics.Model.Mae} against the best baseline {bestBaseline}");
        Assert.Equal(candidates[ForecasterKinds.LevelFollowing].HoldoutMae!.Value, card.Metrics.Model.Mae, 9);
    }

    [Fact]
    public void The_card_says_it_uses_a_short_window_of_observations_when_given_and_forecasts_from_the_clock_without()
    {
        var card = Model.Card;
        Assert.True(card.ObservationsOptional);
        Assert.InRange(card.HistoryPoints, 1, (int)(TimeSpan.FromHours(1) / LevelShiftModel.Step));
        Assert.Equal(card.HistoryPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), card.Trainer.Settings["windowSteps"]);
        Assert.False(Model.RequiresObservations);
        Assert.True(Model.UsesObservations);
        Assert.False(card.Served().RequiresObservations);
    }

    [Fact]
    public void With_observations_it_forecasts_at_their_level_and_without_them_the_calendar_profile()
    {
        var observations = shift.Series.Observations;
        var origin = shift.ShiftIndex + 24;
        var target = observations[origin].Timestamp + Model.Horizon;
        var known = observations.Take(origin + 1).ToArray();
        var actual = observations[origin + (int)(Model.Horizon / LevelShiftModel.Step)].Value;

        var clock = Model.Predict(target);
        var followed = Model.Predict(target, known);
        Assert.True(Math.Abs(clock + LevelShiftModel.Shift - actual) < 6, $"the profile {clock} is the old level, {LevelShiftModel.Shift} below {actual}");
        Assert.True(Math.Abs(followed - actual) < 6, $"followed {followed} against {actual}");
        // An empty list is no observations: the clock again.
        Assert.Equal(clock, Model.Predict(target, []));

        // Before the jump the observations sit on the profile, so following them changes little.
        var before = shift.ShiftIndex - 24;
        var beforeTarget = observations[before].Timestamp + Model.Horizon;
        Assert.True(Math.Abs(Model.Predict(beforeTarget, observations.Take(before + 1).ToArray()) - Model.Predict(beforeTarget)) < 3);
    }

    [Fact]
    public void A_forecast_reads_nothing_after_its_origin_and_uses_fewer_observations_than_its_window_as_they_are()
    {
        var observations = shift.Series.Observations;
        var origin = shift.ShiftIndex + 24;
        var target = observations[origin].Timestamp + Model.Horizon;
        var known = observations.Take(origin + 1).ToArray();
        var scrambled = observations.Select((o, i) => i > origin ? o with { Value = 1e6 * (i % 7) } : o).ToArray();
        Assert.Equal(Model.Predict(target, known), Model.Predict(target, scrambled));
        var batch = Model.PredictSeries(scrambled).Single(forecast => forecast.Origin == observations[origin].Timestamp);
        Assert.Equal(Model.Predict(target, known), batch.Forecast, 9);

        // A cluster observed for one step: that step's level is followed.
        var one = known[^1..];
        Assert.Equal(Model.Predict(target) + (one[0].Value - Model.Predict(one[0].Timestamp)) * double.Parse(Model.Card.Trainer.Settings["weight"],
            System.Globalization.CultureInfo.InvariantCulture), Model.Predict(target, one), 9);
    }

    [Fact]
    public void A_saved_model_holds_its_profile_and_forecasts_the_same_with_and_without_observations_after_loading()
    {
        var directory = TestSeries.TemporaryDirectory();
        Model.Save(directory);
        using var loaded = ForecastModel.Load(directory);
        Assert.Equal(ForecasterKinds.LevelFollowing, loaded.Kind);
        Assert.True(loaded.Card.ObservationsOptional);
        using (var zip = ZipFile.OpenRead(Path.Combine(directory, ForecastModel.ModelFileName)))
            Assert.Contains("\"harmonic-regression\"", new StreamReader(zip.GetEntry("forecaster.json")!.Open()).ReadToEnd());
        var observations = shift.Series.Observations;
        foreach (var origin in new[] { 100, shift.ShiftIndex + 10, observations.Count - 1 })
        {
            var target = observations[origin].Timestamp + Model.Horizon;
            var known = observations.Take(origin + 1).ToArray();
            Assert.Equal(Model.Predict(target), loaded.Predict(target), 9);
            Assert.Equal(Model.Predict(target, known), loaded.Predict(target, known), 9);
        }
    }

    [Fact]
    public void A_card_edited_to_say_its_observations_are_required_is_refused_at_load()
    {
        var directory = TestSeries.TemporaryDirectory();
        Model.Save(directory);
        var cardPath = Path.Combine(directory, ForecastModel.CardFileName);
        File.WriteAllText(cardPath, File.ReadAllText(cardPath).Replace("\"observationsOptional\": true", "\"observationsOptional\": false"));
        var error = Assert.Throws<ModelLoadException>(() => ForecastModel.Load(directory));
        Assert.Contains("observationsOptional", error.Message);
    }
}
