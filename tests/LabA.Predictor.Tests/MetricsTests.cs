using System.Globalization;
using System.Net;
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

        Assert.Equal(1, Value("laba_predictor_predictions_total{method=\"GET\"}"));
        var cpu = model.Predict(new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal(cpu, Value("laba_predictor_last_predicted_cpu"), 6);
        Assert.Equal(answer.GetProperty("recommended_replicas").GetInt32(), Value("laba_predictor_last_recommended_replicas"));
        Assert.Equal(1, Value("laba_predictor_model_loaded"));
        Assert.Equal(1, Value($"laba_predictor_model_info{{version=\"{model.Card.Version}\",feature_set=\"calendar\"}}"));
        Assert.Contains(lines, l => l.StartsWith("laba_predictor_build_info{version=", StringComparison.Ordinal) && l.EndsWith(" 1"));

        Assert.Equal(1, Value("http_requests_received_total{code=\"200\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Equal(2, Value("http_requests_received_total{code=\"400\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Equal(2, Value("http_request_duration_seconds_count{code=\"400\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/predict\"}"));
        Assert.Contains(lines, l => l.StartsWith("process_working_set_bytes ", StringComparison.Ordinal));
    }
}
