using System.Net;
using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Synthetic;

namespace LabA.Predictor.Tests;

[Collection(ModelCollection.Name)]
public sealed class PredictGetTests(ModelFixture models) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 10, 17, 42, TimeSpan.Zero);
    private readonly ForecastModel _model = ForecastModel.Load(models.CalendarModel);
    private double DefaultMargin => _model.ProvisioningMargin(RecommendationCatalogue.ProvisionQuantile.Default);

    public void Dispose() => _model.Dispose();

    private PredictorFactory App(IReadOnlyDictionary<string, string>? settings = null) =>
        new(models.CalendarModel, settings, new FrozenClock(Now));

    [Fact]
    public async Task Answers_in_the_original_labs_shape_for_now_plus_the_horizon_by_default()
    {
        await using var app = App();
        var answer = await (await app.CreateClient().GetAsync("/predict")).Json(HttpStatusCode.OK);

        var expectedTarget = new DateTimeOffset(2025, 6, 2, 10, 17, 0, TimeSpan.Zero) + _model.Horizon;
        var expectedCpu = _model.Predict(expectedTarget);
        Assert.Equal(PredictTimestamp.Write(expectedTarget), answer.GetProperty("timestamp").GetString());
        Assert.Equal(Math.Round(expectedCpu, 2), answer.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal(Math.Round(expectedCpu + DefaultMargin, 2), answer.GetProperty("provisioned_cpu").GetDouble());
        Assert.Equal(ReplicaMapping.Default.Recommend(expectedCpu + DefaultMargin), answer.GetProperty("recommended_replicas").GetInt32());
        Assert.Equal(_model.Horizon.TotalMinutes, answer.GetProperty("horizon_minutes").GetDouble());
        Assert.Equal(0, answer.GetProperty("window_minutes").GetInt32());
        Assert.Equal(_model.Card.Version, answer.GetProperty("model_version").GetString());
    }

    [Theory]
    [InlineData("hour=14&minute=30", "2025-06-02T14:30:00Z")]   // later today
    [InlineData("hour=9&minute=5", "2025-06-03T09:05:00Z")]     // already past today: tomorrow's
    [InlineData("hour=10&minute=17", "2025-06-02T10:17:00Z")]   // this very minute counts as "at or after now"
    [InlineData("hour=23", "2025-06-02T23:22:00Z")]             // the missing minute comes from now + horizon (10:22)
    [InlineData("minute=0", "2025-06-03T10:00:00Z")]            // 10:00 is past: tomorrow's
    [InlineData("at=2025-06-01T14:30:00Z", "2025-06-01T14:30:00Z")]
    [InlineData("at=2025-06-01T16:30:00%2B02:00", "2025-06-01T14:30:00Z")]
    [InlineData("at=2025-06-01T14:30", "2025-06-01T14:30:00Z")] // no offset: UTC
    public async Task Forecasts_the_instant_the_query_names(string query, string expectedTimestamp)
    {
        await using var app = App();
        var answer = await (await app.CreateClient().GetAsync("/predict?" + query)).Json(HttpStatusCode.OK);

        Assert.Equal(expectedTimestamp, answer.GetProperty("timestamp").GetString());
        var target = DateTimeOffset.Parse(expectedTimestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Round(_model.Predict(target), 2), answer.GetProperty("predicted_cpu").GetDouble());
    }

    [Fact]
    public async Task A_window_recommends_for_its_peak_forecast_at_the_models_step()
    {
        // 12:00 to 16:00: the synthetic afternoon climb, so the peak is well above the forecast at the start.
        var at = new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
        await using var app = App();
        var answer = await (await app.CreateClient().GetAsync("/predict?at=2025-06-02T12:00:00Z&window=240")).Json(HttpStatusCode.OK);

        var steps = (int)(TimeSpan.FromMinutes(240) / _model.Step);
        var peak = Enumerable.Range(0, steps + 1).Max(i => _model.Predict(at + _model.Step * i));
        Assert.Equal(Math.Round(_model.Predict(at), 2), answer.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal(Math.Round(peak, 2), answer.GetProperty("peak_cpu").GetDouble());
        Assert.True(peak > _model.Predict(at) + 5, $"the test needs a window whose peak stands out ({peak} vs {_model.Predict(at)})");
        Assert.Equal(ReplicaMapping.Default.Recommend(peak + DefaultMargin), answer.GetProperty("recommended_replicas").GetInt32());
        Assert.Equal(240, answer.GetProperty("window_minutes").GetInt32());
    }

    [Fact]
    public async Task The_longest_window_a_sparse_schedule_can_ask_for_is_served()
    {
        await using var app = App();
        var answer = await (await app.CreateClient().GetAsync("/predict?at=2025-06-02T00:00:00Z&window=10080")).Json(HttpStatusCode.OK);

        Assert.Equal(7 * 24 * 60, answer.GetProperty("window_minutes").GetInt32());
        // A whole week holds the weekday afternoon peak: the maximum the mapping can be asked for on this series.
        Assert.True(answer.GetProperty("peak_cpu").GetDouble() > answer.GetProperty("predicted_cpu").GetDouble() + 20);
    }

    [Fact]
    public async Task A_window_is_bounded_by_the_forecasts_it_takes_at_a_fine_model_step()
    {
        var directory = TestDirectory.Create("labA-predictor-30s-");
        try
        {
            var series = SyntheticLoad.Generate(new SyntheticLoadOptions { Days = 2, Step = TimeSpan.FromSeconds(30) });
            Training.TrainToDirectory(series, TrainedModels.Options(FeatureSpec.CalendarName), directory).Dispose();
            await using var app = new PredictorFactory(directory);
            var client = app.CreateClient();

            // A week at 30 s is 20,160 forecasts, over the bound; half a week is exactly on it.
            var detail = await (await client.GetAsync("/predict?window=10080")).Problem(HttpStatusCode.UnprocessableEntity, "window");
            Assert.Contains("00:00:30", detail);
            var answer = await (await client.GetAsync("/predict?window=5040")).Json(HttpStatusCode.OK);
            Assert.Equal(5040, answer.GetProperty("window_minutes").GetInt32());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Recommends_with_the_mapping_from_the_environment()
    {
        var settings = new Dictionary<string, string>
        {
            [RecommendationCatalogue.MinReplicas.Env] = "3", [RecommendationCatalogue.MaxReplicas.Env] = "30",
            [RecommendationCatalogue.CpuLow.Env] = "10", [RecommendationCatalogue.CpuHigh.Env] = "90",
        };
        await using var app = App(settings);
        var answer = await (await app.CreateClient().GetAsync("/predict?at=2025-06-02T15:00:00Z")).Json(HttpStatusCode.OK);

        var cpu = _model.Predict(new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero));
        var expected = ReplicaMapping.Create(3, 30, 10, 90).Recommend(cpu + DefaultMargin);
        Assert.NotEqual(ReplicaMapping.Default.Recommend(cpu + DefaultMargin), expected);
        Assert.Equal(expected, answer.GetProperty("recommended_replicas").GetInt32());
    }

    [Theory]
    [InlineData("off")]
    [InlineData("0.5")]
    [InlineData("0.8")]
    [InlineData("0.99")]
    public async Task Recommends_for_the_forecast_plus_the_error_quantile_it_is_told_to_provision_for(string quantile)
    {
        await using var app = App(new Dictionary<string, string> { [RecommendationCatalogue.ProvisionQuantile.Env] = quantile });
        var answer = await (await app.CreateClient().GetAsync("/predict?at=2025-06-02T15:00:00Z")).Json(HttpStatusCode.OK);

        var cpu = _model.Predict(new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero));
        var margin = _model.ProvisioningMargin(ProvisioningQuantile.Parse(RecommendationCatalogue.ProvisionQuantile.Env, quantile));
        Assert.Equal(quantile == "off", margin == 0);
        Assert.Equal(Math.Round(cpu, 2), answer.GetProperty("predicted_cpu").GetDouble());
        Assert.Equal(Math.Round(cpu + margin, 2), answer.GetProperty("provisioned_cpu").GetDouble());
        Assert.Equal(ReplicaMapping.Default.Recommend(cpu + margin), answer.GetProperty("recommended_replicas").GetInt32());
    }

    [Fact]
    public async Task A_higher_quantile_never_recommends_fewer_replicas()
    {
        // 10:00 on a weekday: halfway up the morning climb, so the mapping is neither at its minimum nor its maximum.
        var cpu = _model.Predict(new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero));
        Assert.InRange(cpu, 30, 60);
        var replicas = new List<int>();
        // "off" is left out of the order: the median error may be a hair below zero, so 0.5 can sit just under it.
        foreach (var quantile in new[] { "0.5", "0.9", "0.99" })
        {
            await using var app = App(new Dictionary<string, string> { [RecommendationCatalogue.ProvisionQuantile.Env] = quantile });
            var answer = await (await app.CreateClient().GetAsync("/predict?at=2025-06-02T10:00:00Z")).Json(HttpStatusCode.OK);
            replicas.Add(answer.GetProperty("recommended_replicas").GetInt32());
        }
        Assert.Equal(replicas.Order(), replicas);
        Assert.True(replicas[^1] > ReplicaMapping.Default.Recommend(cpu), $"0.99 should buy capacity over the plain forecast: {string.Join(", ", replicas)}");
    }
}
