using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace LabA.Scaler.Tests.ClosedLoop;

/// <summary>
/// The Scaler in closed loop against a real Prometheus, the real Predictor and the Kubernetes API stand-in: what it
/// decides from the observed load, and what it does when the load cannot be trusted.
/// </summary>
[Trait("Category", "Prometheus")]
[Collection(ClosedLoopCollection.Name)]
public sealed class ClosedLoopTests(ClosedLoopFixture parts, ITestOutputHelper output)
{
    internal const int Current = 2;

    internal static async Task<ScalerHarness> HarnessAsync(ClosedLoopFixture parts, PredictorProcess predictor, string? loadQuery = null, string? prometheusUrl = null)
    {
        var harness = await ScalerHarness.StartAsync(replicas: Current);
        harness.Clock.Now = ClosedLoopFixture.Now;
        harness.Environment[ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri;
        harness.Environment[ScalerCatalogue.PrometheusUrl.Env] = prometheusUrl ?? parts.PrometheusUrl;
        // A step limit above the whole range, so that the decision shows the recommendation itself.
        harness.Environment[ScalerCatalogue.MaxScaleUpStep.Env] = "10";
        foreach (var (key, value) in ClosedLoopFixture.Mapping) harness.Environment[key] = value;
        if (loadQuery is not null) harness.Environment[ScalerCatalogue.LoadQuery.Env] = loadQuery;
        return harness;
    }

    [Fact]
    public async Task A_burst_the_forecast_misses_raises_the_replicas_to_the_observed_floor_in_that_run()
    {
        await using var harness = await HarnessAsync(parts, parts.CalendarPredictor, ClosedLoopFixture.Queries.Burst);
        var outcome = await harness.RunAsync();

        Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
        var mapping = ScalerSettings.FromEnvironment(Domain.Settings.EnvReader.From(harness.Environment)).Rules.Mapping;
        var floor = mapping.Recommend(ClosedLoopFixture.BurstLoad);
        var forecast = outcome.Line.GetProperty("forecast_replicas").GetInt32();
        Assert.True(forecast < floor, $"the forecast alone recommends {forecast}, so the burst is one it misses");
        Assert.Equal(floor, harness.Replicas);
        Assert.Equal(("observed", floor), (outcome.Field("floor_winner"), outcome.Line.GetProperty("floor_replicas").GetInt32()));
        Assert.Contains($"forecast {forecast}, observed load 97% needs {floor}: observed wins", outcome.Field("message"));
        Assert.Equal(("97", "observed"), (harness.StateEntry(ScalerStateKeys.LastObservedLoad), harness.StateEntry(ScalerStateKeys.LastFloorWinner)));
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal("Normal", (string?)@event["type"]);
        Assert.Contains("observed wins", (string?)@event["message"]);
    }

    public static TheoryData<string, string> Faults => new()
    {
        { ClosedLoopFixture.Queries.Stale, "is stale: its latest point is at" },
        { ClosedLoopFixture.Queries.NaN, "returned NaN or Inf at 2025-06-01T14:30:00Z" },
        { ClosedLoopFixture.Queries.Inf, "returned NaN or Inf at 2025-06-01T14:30:00Z" },
        { ClosedLoopFixture.Queries.OutOfRange, "returned 5000 at 2025-06-01T14:30:00Z, outside the loads the replica mapping takes" },
        { ClosedLoopFixture.Queries.TwoSeries, "returned 2 series" },
        { ClosedLoopFixture.Queries.NoSeries, "returned no series between" },
        { "sum(", "refused the query (bad_data)" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task With_a_calendar_model_a_fault_decides_on_the_forecast_alone_and_warns(string query, string cause)
    {
        await using var open = await HarnessAsync(parts, parts.CalendarPredictor);
        open.Environment.Remove(ScalerCatalogue.PrometheusUrl.Env);
        var forecastAlone = await open.RunAsync();

        await using var harness = await HarnessAsync(parts, parts.CalendarPredictor, query);
        var outcome = await harness.RunAsync();

        Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
        Assert.Contains(cause, outcome.Field("degraded"));
        Assert.False(outcome.Line.TryGetProperty("floor_winner", out _));
        // Exactly what the open loop decides: no floor from a reading that cannot be trusted.
        Assert.Equal((forecastAlone.Field("recommended_replicas"), open.Replicas), (outcome.Field("recommended_replicas"), harness.Replicas));
        Assert.Equal(harness.Replicas == Current ? 0 : 1, harness.ScalePatches.Count());
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal("Warning", (string?)@event["type"]);
        Assert.Contains("decided on the forecast alone: ", (string?)@event["message"]);
        Assert.Contains(cause, (string?)@event["message"]);
        Assert.Equal("", harness.StateEntry(ScalerStateKeys.LastObservedLoad));
    }

    /// <summary>Every fault above leaves no valid fresh observation: no floor can be trusted either.</summary>
    [Theory]
    [MemberData(nameof(Faults))]
    public async Task With_a_recent_model_a_fault_without_a_valid_fresh_observation_fails_the_run_and_changes_nothing(string query, string cause)
    {
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor, query);
        var outcome = await harness.RunAsync();
        AssertFailedUnchanged(harness, outcome, cause);
    }

    [Theory]
    [InlineData(nameof(ClosedLoopFixture.Queries.OneMissing))]
    [InlineData(nameof(ClosedLoopFixture.Queries.FiveMissing))]
    [InlineData(nameof(ClosedLoopFixture.Queries.OneNegative))]
    public async Task With_a_recent_model_missed_scrapes_are_filled_as_the_import_fills_them_and_the_run_forecasts(string fault)
    {
        var query = fault switch
        {
            nameof(ClosedLoopFixture.Queries.OneMissing) => ClosedLoopFixture.Queries.OneMissing,
            nameof(ClosedLoopFixture.Queries.FiveMissing) => ClosedLoopFixture.Queries.FiveMissing,
            _ => ClosedLoopFixture.Queries.OneNegative,
        };
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor, query);
        var outcome = await harness.RunAsync();
        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.False(outcome.Line.TryGetProperty("degraded", out _), outcome.Line.ToString());
        Assert.True(outcome.Line.TryGetProperty("forecast_replicas", out _));
        Assert.Equal("Normal", (string?)Assert.Single(harness.Kubernetes.Events)["type"]);
    }

    [Fact]
    public async Task With_a_recent_model_a_gap_longer_than_the_fill_limit_decides_on_the_fresh_load_alone_degraded()
    {
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor, ClosedLoopFixture.Queries.LongGap);
        var outcome = await harness.RunAsync();
        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Contains("the model needs", outcome.Field("degraded"));
        Assert.False(outcome.Line.TryGetProperty("predicted_cpu", out _));
        var mapping = ScalerSettings.FromEnvironment(Domain.Settings.EnvReader.From(harness.Environment)).Rules.Mapping;
        var recent = parts.Recent();
        var floor = mapping.Recommend(ReactiveFloor.SustainedLoad([.. recent.Select(o => o.Value)]));
        Assert.Equal((floor, "observed"), (outcome.Line.GetProperty("floor_replicas").GetInt32(), outcome.Field("floor_winner")));
        Assert.Equal(floor, harness.Replicas);
        var @event = Assert.Single(harness.Kubernetes.Events);
        Assert.Equal("Warning", (string?)@event["type"]);
        Assert.Contains("degraded, decided on the observed load alone (reactive floor)", (string?)@event["message"]);
    }

    [Fact]
    public async Task An_unreachable_Prometheus_degrades_a_calendar_model_and_fails_a_recent_one()
    {
        const string nobody = "http://127.0.0.1:1";
        await using (var calendar = await HarnessAsync(parts, parts.CalendarPredictor, prometheusUrl: nobody))
        {
            var outcome = await calendar.RunAsync();
            Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
            Assert.Contains("cannot reach Prometheus at http://127.0.0.1:1", outcome.Field("degraded"));
            Assert.Equal("Warning", (string?)Assert.Single(calendar.Kubernetes.Events)["type"]);
        }
        await using var recent = await HarnessAsync(parts, parts.RecentPredictor, prometheusUrl: nobody);
        var failed = await recent.RunAsync();
        output.WriteLine($"exit {failed.ExitCode}: {string.Join('\n', failed.Log)}");
        AssertFailedUnchanged(recent, failed, "cannot reach Prometheus at http://127.0.0.1:1");
    }

    [Fact]
    public async Task With_a_recent_model_a_predictor_that_fails_the_forecast_decides_on_the_fresh_load_alone_degraded()
    {
        // Serves the real recent model's card, then fails every forecast: the observations are fine, the forecast is not.
        var app = LoopbackApp.Build();
        using var upstream = new HttpClient();
        app.MapGet(Domain.Predict.PredictRoutes.Model, async () =>
            Results.Content(await upstream.GetStringAsync(new Uri(parts.RecentPredictor.Url, Domain.Predict.PredictRoutes.Model)), "application/json"));
        app.MapPost(Domain.Predict.PredictRoutes.Predict, () => Results.StatusCode(503));
        await app.StartAsync();
        await using var _ = app;
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor, ClosedLoopFixture.Queries.Burst);
        harness.Environment[ScalerCatalogue.PredictorUrl.Env] = app.Urls.Single() + Domain.Predict.PredictRoutes.Predict;

        var outcome = await harness.RunAsync();
        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.Contains("no forecast could be made: predictor at", outcome.Field("degraded"));
        var mapping = ScalerSettings.FromEnvironment(Domain.Settings.EnvReader.From(harness.Environment)).Rules.Mapping;
        Assert.Equal(mapping.Recommend(ClosedLoopFixture.BurstLoad), harness.Replicas);
        Assert.Equal("Warning", (string?)Assert.Single(harness.Kubernetes.Events)["type"]);
    }

    [Fact]
    public async Task A_Prometheus_answering_in_2s_is_waited_for_within_the_5s_each_attempt_gets()
    {
        await using var slow = await SlowPrometheus.StartAsync(parts.PrometheusUrl, TimeSpan.FromSeconds(2));
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor, prometheusUrl: slow.Url);
        var outcome = await harness.RunAsync();
        output.WriteLine($"exit {outcome.ExitCode}: {string.Join('\n', outcome.Log)}");

        Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
        Assert.False(outcome.Line.TryGetProperty("degraded", out _));
        Assert.Equal("closed", outcome.Field("loop"));
    }

    private static void AssertFailedUnchanged(ScalerHarness harness, RunOutcome outcome, string cause)
    {
        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Equal(("prometheus", "False"), (outcome.Field("cause"), outcome.Field("scaled")));
        Assert.Contains(cause, outcome.Field("message"));
        Assert.Contains("web left unchanged", outcome.Field("message"));
        // Not even the state was read: nothing is decided without the observations.
        Assert.Empty(harness.Kubernetes.Requests);
        Assert.Empty(harness.ScalePatches);
        Assert.Equal(Current, harness.Replicas);
    }

    [Fact]
    public async Task The_run_counts_an_observed_window_it_had_under_provisioned_raises_the_margin_and_keeps_it_in_the_state()
    {
        await using var harness = await HarnessAsync(parts, parts.RecentPredictor);
        // An earlier run provisioned 0 for minutes Prometheus now has: a miss, whatever the load was.
        var ended = ClosedLoopFixture.Now.AddMinutes(-8).ToUnixTimeSeconds();
        var key = ScalerStateKeys.PrefixFor(ScalerHarness.Deployment, false) + ScalerStateKeys.MarginCalibration;
        harness.Kubernetes.AddConfigMap(ScalerHarness.Namespace, Names.ScalerState, new Dictionary<string, string> { [key] = $"aci1 0.95 0 0 0 {ended - 120}/{ended}/0" });

        var outcome = await harness.RunAsync();

        Assert.Equal(ScalerExitCodes.Done, outcome.ExitCode);
        var line = outcome.Line;
        var training = line.GetProperty("margin_training_cpu").GetDouble();
        Assert.Equal((1, 0.0, 0.95), (line.GetProperty("calibration_windows").GetInt32(), line.GetProperty("observed_coverage").GetDouble(), line.GetProperty("provision_quantile").GetDouble()));
        Assert.Equal(MarginCalibration.StepFraction * Math.Max(Math.Abs(training), MarginCalibration.MinScaleCpu) * 0.95, line.GetProperty("margin_cpu").GetDouble(), 9);
        var stored = MarginCalibration.TryParse(harness.StateEntry(ScalerStateKeys.MarginCalibration), 0.95, training)!;
        Assert.Equal((1, 1), (stored.Resolved, stored.Misses));
        // The window counted is gone; the one this run provisioned for waits for its load.
        Assert.Equal(ClosedLoopFixture.Now + Defaults.Horizon, Assert.Single(stored.Pending).First);
        Assert.Contains("calibrated to 0.95, covered 0.0% of 1 windows", (string?)Assert.Single(harness.Kubernetes.Events)["message"]);
        output.WriteLine(outcome.Field("message"));
    }
}
