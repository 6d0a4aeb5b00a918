using System.Globalization;
using System.Net;
using LabA.Domain.Predict;
using LabA.Forecasting;

namespace LabA.Predictor.Tests;

[Collection(ModelCollection.Name)]
public sealed class MetricsTests(ModelFixture models)
{
    [Fact]
    public async Task Metrics_count_requests_by_endpoint_and_status_and_show_the_last_prediction_and_model()
    {
        using var model = ForecastModel.Load(models.CalendarModel);
        await using var app = new PredictorFactory(models.CalendarModel);
        var client = app.CreateClient();

        var answer = await (await client.GetAsync("/predict?at=2025-06-02T15:00:00Z")).Json(HttpStatusCode.OK);
        await (await client.GetAsync("/predict?hour=99")).Problem(HttpStatusCode.BadRequest, "hour");
        await (await client.GetAsync("/predict?hour=98")).Problem(HttpStatusCode.BadRequest, "hour");

        var lines = (await client.GetStringAsync("/metrics")).Split('\n');
        double Value(string series) =>
            double.Parse(Assert.Single(lines, l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);

        Assert.Equal(1, Value("laba_predictor_predictions_total{model=\"MODEL_DIR\",method=\"GET\"}"));
        var cpu = model.Predict(new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero));
        // The forecast as served: the answer's two decimals.
        Assert.Equal(Math.Round(cpu, 2), Value("laba_predictor_last_predicted_cpu{model=\"MODEL_DIR\"}"));
        Assert.Equal(answer.GetProperty("predicted_cpu").GetDouble(), Value("laba_predictor_last_predicted_cpu{model=\"MODEL_DIR\"}"));
        Assert.Equal(answer.GetProperty("recommended_replicas").GetInt32(), Value("laba_predictor_last_recommended_replicas{model=\"MODEL_DIR\"}"));
        Assert.Equal(1, Value("laba_predictor_model_loaded{model=\"MODEL_DIR\"}"));
        Assert.Equal(1, Value($"laba_predictor_model_info{{model=\"MODEL_DIR\",version=\"{model.Card.Version}\",feature_set=\"calendar\"}}"));
        Assert.Contains(lines, l => l.StartsWith("laba_predictor_build_info{version=", StringComparison.Ordinal) && l.EndsWith(" 1"));

        Assert.Equal(1, Value("http_requests_received_total{code=\"200\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Equal(2, Value("http_requests_received_total{code=\"400\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Equal(2, Value("http_request_duration_seconds_count{code=\"400\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Contains(lines, l => l.StartsWith("process_working_set_bytes ", StringComparison.Ordinal));
    }

    private static async Task<Func<string, double>> Scrape(HttpClient client)
    {
        var lines = (await client.GetStringAsync("/metrics")).Split('\n');
        return series => double.Parse(Assert.Single(lines, l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_last_forecast_served_is_exported_with_its_target_time_and_how_far_ahead_it_looked()
    {
        // A GET forecasts from now: by default for now plus the horizon, to the minute.
        var now = new DateTimeOffset(2025, 6, 2, 10, 17, 40, TimeSpan.Zero);
        using var calendar = ForecastModel.Load(models.CalendarModel);
        await using (var app = new PredictorFactory(models.CalendarModel, clock: new FrozenClock(now)))
        {
            var client = app.CreateClient();
            var answer = await (await client.GetAsync("/predict?window=30")).Json(HttpStatusCode.OK);
            var target = new DateTimeOffset(2025, 6, 2, 10, 17, 0, TimeSpan.Zero) + calendar.Horizon;
            var value = await Scrape(client);
            Assert.Equal(target.ToUnixTimeSeconds(), value("laba_predictor_last_target_timestamp_seconds{model=\"MODEL_DIR\"}"));
            Assert.Equal((target - now).TotalSeconds, value("laba_predictor_last_horizon_seconds{model=\"MODEL_DIR\"}"));
            Assert.Equal(Math.Round(calendar.Predict(target), 2), value("laba_predictor_last_predicted_cpu{model=\"MODEL_DIR\"}"));
            Assert.Equal(answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.PeakCpu))).GetDouble(), value("laba_predictor_last_peak_cpu{model=\"MODEL_DIR\"}"));
            Assert.Equal(answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.RecommendedReplicas))).GetInt32(), value("laba_predictor_last_recommended_replicas{model=\"MODEL_DIR\"}"));
        }

        // A POST forecasts from its newest observation, whatever the clock says.
        using var recent = ForecastModel.Load(models.RecentModel);
        var history = TrainedModels.Series.Observations.Skip(5000 - recent.Card.HistoryPoints + 1).Take(recent.Card.HistoryPoints).ToArray();
        await using (var app = new PredictorFactory(models.RecentModel, clock: new FrozenClock(now)))
        {
            var client = app.CreateClient();
            await (await client.PostJson("/predict", PredictPostTests.ToJson(history))).Json(HttpStatusCode.OK);
            var value = await Scrape(client);
            Assert.Equal((history[^1].Timestamp + recent.Horizon).ToUnixTimeSeconds(), value("laba_predictor_last_target_timestamp_seconds{model=\"MODEL_DIR\"}"));
            Assert.Equal(recent.Horizon.TotalSeconds, value("laba_predictor_last_horizon_seconds{model=\"MODEL_DIR\"}"));
            Assert.Equal(Math.Round(recent.Predict(history[^1].Timestamp + recent.Horizon, history), 2), value("laba_predictor_last_predicted_cpu{model=\"MODEL_DIR\"}"));
            Assert.Equal(1, value("laba_predictor_predictions_total{model=\"MODEL_DIR\",method=\"POST\"}"));
        }
    }

    [Fact]
    public async Task A_request_that_fails_inside_is_counted_with_the_500_it_was_answered_with()
    {
        await using var app = new PredictorFactory(models.CalendarModel, clock: new BrokenClock());
        var client = app.CreateClient();

        using (var failed = await client.GetAsync("/predict"))
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);

        var requests = (await client.GetStringAsync("/metrics")).Split('\n').Where(l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["http_requests_received_total{code=\"500\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"} 1"], requests);
    }

    [Fact]
    public async Task Invented_methods_share_one_label_so_metrics_stay_bounded()
    {
        await using var app = new PredictorFactory(models.CalendarModel);
        var client = app.CreateClient();
        for (var i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod($"X{i}"), i % 2 == 0 ? "/predict" : "/nowhere");
            using var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode is 404 or 405, $"{(int)response.StatusCode} for an invented method");
        }
        using (var lower = new HttpRequestMessage(new HttpMethod("get"), "/health"))
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(lower)).StatusCode);

        var exposition = (await client.GetStringAsync("/metrics")).Split('\n');
        var lines = exposition.Where(l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal)).ToArray();
        var methods = lines.Select(l => l.Split("method=\"")[1].Split('"')[0]).Distinct().Order().ToArray();
        Assert.Equal(["GET", "OTHER"], methods);
        // Every HTTP metric, the in-progress gauge and the duration histogram included, has those two methods alone.
        var everyHttpMethod = exposition.Where(l => l.StartsWith("http_", StringComparison.Ordinal) && l.Contains("method=\""))
            .Select(l => l.Split("method=\"")[1].Split('"')[0]).Distinct().Order().ToArray();
        Assert.Equal(["GET", "OTHER"], everyHttpMethod);
        var other = lines.Where(l => l.Contains("method=\"OTHER\"")).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(200, other);
    }

    /// <summary>A dependency failing inside a request: the clock /predict reads throws.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the clock is broken");
    }
}
