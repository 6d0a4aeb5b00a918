using System.IO.Compression;

namespace LabA.Forecasting.Tests;

public class AdaptiveSelectionTests(RegimeModel regime) : IClassFixture<RegimeModel>
{
    [Fact]
    public void Where_no_single_candidate_is_right_throughout_the_adaptive_mix_wins_validation_and_the_holdout()
    {
        var card = regime.Model.Card;
        var selection = card.Selection!;
        Assert.Equal(ForecasterKinds.Adaptive, selection.Chosen);
        Assert.Equal(ForecasterKinds.Adaptive, card.Kind);
        var adaptive = selection.Candidates.Single(candidate => candidate.Name == ForecasterKinds.Adaptive);
        var singles = selection.Candidates.Where(candidate => candidate.Kind is not (ForecasterKinds.Blend or ForecasterKinds.Adaptive) && candidate.NotApplicable is null).ToArray();
        Assert.All(singles, single => Assert.True(adaptive.ValidationMae < single.ValidationMae * (1 - 0.005), $"{single.Name} {single.ValidationMae} vs {adaptive.ValidationMae}"));
        Assert.All(singles, single => Assert.True(adaptive.HoldoutMae < single.HoldoutMae, $"{single.Name} {single.HoldoutMae} vs {adaptive.HoldoutMae}"));
        Assert.Equal(adaptive.HoldoutMae!.Value, card.Metrics.Model.Mae, 9);
        // The card names the window, the sharpness and the experts, every fitted single candidate among them.
        Assert.Contains(card.Trainer.Settings["windowSteps"], new[] { "12", "36" });
        Assert.Contains(card.Trainer.Settings["eta"], new[] { "4", "8", "16" });
        Assert.Equal(string.Join(", ", singles.Select(single => single.Name)), card.Trainer.Settings["experts"]);
    }

    [Fact]
    public void The_adaptive_model_reads_its_experts_history_plus_its_window_one_horizon_and_its_shift_guard()
    {
        var card = regime.Model.Card;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var window = int.Parse(card.Trainer.Settings["windowSteps"], invariant);
        var horizon = (int)(card.Horizon / card.Step);
        // Five one-minute steps ahead: longer than the guard's three, so the guard is on, its threshold four validation MAEs of the mix.
        Assert.Equal("3", card.Trainer.Settings["shiftSteps"]);
        var adaptive = card.Selection!.Candidates.Single(candidate => candidate.Name == ForecasterKinds.Adaptive);
        Assert.InRange(double.Parse(card.Trainer.Settings["shiftThreshold"], invariant), 3.9 * adaptive.ValidationMae!.Value, 4.1 * adaptive.ValidationMae.Value);
        // Holt-Winters, the expert reading the most, reads three days at a five-day series (seasonal naive a week is not applicable);
        // the guard reads the mix's forecasts from a horizon and up to two steps further back.
        Assert.Contains("holt-winters", card.Trainer.Settings["experts"]);
        Assert.Equal(3 * 24 * 60 + horizon + window - 1 + horizon + 3 - 1, card.HistoryPoints);
        Assert.True(regime.Model.RequiresObservations);
    }

    [Fact]
    public void A_saved_adaptive_model_holds_its_experts_and_forecasts_the_same_after_loading()
    {
        var directory = TestSeries.TemporaryDirectory();
        regime.Model.Save(directory);
        using var loaded = ForecastModel.Load(directory);

        Assert.Equal(ForecasterKinds.Adaptive, loaded.Kind);
        using (var zip = ZipFile.OpenRead(Path.Combine(directory, ForecastModel.ModelFileName)))
        {
            var recipe = new StreamReader(zip.GetEntry("forecaster.json")!.Open()).ReadToEnd();
            Assert.Contains("\"experts\"", recipe);
            Assert.Contains("\"windowSteps\"", recipe);
            Assert.Contains("\"shiftThreshold\"", recipe);
            Assert.NotNull(zip.GetEntry("pipeline-0.zip"));
        }
        var observations = regime.Series.Observations;
        var trained = regime.Model.PredictSeries(observations);
        var reloaded = loaded.PredictSeries(observations);
        Assert.Equal(trained.Count, reloaded.Count);
        Assert.All(new[] { 0, trained.Count / 2, trained.Count - 1 }, i => Assert.Equal(trained[i].Forecast, reloaded[i].Forecast, 6));
        // One forecast asked alone is the one the batch makes for that origin.
        foreach (var i in new[] { 0, trained.Count / 3, trained.Count - 1 })
            Assert.Equal(trained[i].Forecast, loaded.Predict(trained[i].Target, observations), 3);
    }

    [Fact]
    public void An_adaptive_forecast_reads_nothing_after_its_origin()
    {
        var observations = regime.Series.Observations;
        var origin = observations.Count - 500;
        var target = observations[origin].Timestamp + regime.Model.Horizon;
        var random = new Random(1);
        var scrambled = observations.Select((observation, i) => i > origin ? observation with { Value = 100 * random.NextDouble() } : observation).ToArray();

        Assert.Equal(regime.Model.Predict(target, observations), regime.Model.Predict(target, scrambled));
        Assert.NotEqual(regime.Model.Predict(target + TimeSpan.FromMinutes(200), observations), regime.Model.Predict(target + TimeSpan.FromMinutes(200), scrambled));
    }
}
