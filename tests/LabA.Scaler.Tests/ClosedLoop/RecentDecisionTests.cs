using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;

namespace LabA.Scaler.Tests.ClosedLoop;

/// <summary>A recent model in closed loop decides what the same model, fed the same observations offline, decides.</summary>
[Trait("Category", "Prometheus")]
[Collection(ClosedLoopCollection.Name)]
public sealed class RecentDecisionTests(ClosedLoopFixture parts)
{
    private const int Current = ClosedLoopTests.Current;

    [Fact]
    public async Task A_recent_models_closed_loop_decision_equals_the_one_computed_offline_from_the_same_observations()
    {
        await using var harness = await ClosedLoopTests.HarnessAsync(parts, parts.RecentPredictor);
        var outcome = await harness.RunAsync();

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, outcome.Log[^1].ToString());
        var expected = OfflineDecision(parts.RecentModel);
        Assert.Equal(expected.Decision.Desired, harness.Replicas);
        Assert.Equal((expected.Forecast, expected.Floor.Floor, expected.Floor.Replicas),
            (outcome.Line.GetProperty("forecast_replicas").GetInt32(), outcome.Line.GetProperty("floor_replicas").GetInt32(),
                outcome.Line.GetProperty("recommended_replicas").GetInt32()));
        Assert.Equal(expected.Floor.ObservedLoad, outcome.Line.GetProperty("observed_load").GetDouble());
        Assert.Equal(Math.Round(expected.PredictedCpu, 2), outcome.Line.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal("closed", outcome.Field("loop"));
        Assert.Empty(harness.Predictor.Queries); // the real Predictor answered, not the stand-in
    }

    private sealed record Offline(double PredictedCpu, int Forecast, FlooredRecommendation Floor, ScalingDecision Decision);

    /// <summary>
    /// The decision from the model file and the series, without Prometheus, the Predictor or the Scaler: the observations
    /// the model reads ending at the decision time's step, the peak forecast over the window (a target past one horizon
    /// after the newest observation gets that horizon's forecast), the margin, the shared mapping, the floor, the rules.
    /// </summary>
    private Offline OfflineDecision(string modelDirectory)
    {
        using var model = ForecastModel.Load(modelDirectory);
        var settings = ScalerSettings.FromEnvironment(Domain.Settings.EnvReader.From(new Dictionary<string, string>(ClosedLoopFixture.Mapping)
        {
            [ScalerCatalogue.TargetDeployment.Env] = ScalerHarness.Deployment, [ScalerCatalogue.MaxScaleUpStep.Env] = "10",
        }));
        var end = ClosedLoopFixture.Now.AddSeconds(-20);
        var observations = parts.Series.Observations
            .Where(o => o.Timestamp <= end && o.Timestamp >= end - model.Step * (model.Card.HistoryPoints - 1)).ToList();
        var newest = observations[^1].Timestamp;
        var readyAt = ClosedLoopFixture.Now + Defaults.Horizon;
        double Forecast(DateTimeOffset target) =>
            Math.Max(0, model.Predict(target - model.Horizon - newest >= model.Step ? newest + model.Horizon : target, observations));
        var peak = ForecastWindow.Targets(readyAt, settings.ForecastWindow, model.Step).Max(Forecast);
        var margin = model.ProvisioningMargin(RecommendationCatalogue.ProvisionQuantile.Default);
        var forecastReplicas = settings.Rules.Mapping.Recommend(peak + margin);
        var floor = ReactiveFloor.Apply(settings.Rules.Mapping, forecastReplicas,
            ReactiveFloor.SustainedLoad([.. observations.Select(o => o.Value)]));
        var decision = ScalingPolicy.Decide(settings.Rules, Current, floor.Replicas, ClosedLoopFixture.Now, [], readyAt + settings.ForecastWindow);
        return new Offline(Forecast(readyAt), forecastReplicas, floor, decision);
    }
}
