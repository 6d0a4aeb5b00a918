using System.Net;
using System.Text.Json;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Series;

namespace LabA.Predictor.Tests;

/// <summary>Models with the <c>recent</c> feature set forecast from observations POSTed with the request.</summary>
[Collection(ModelCollection.Name)]
public sealed class PredictPostTests(ModelFixture models) : IDisposable
{
    private readonly ForecastModel _model = ForecastModel.Load(models.RecentModel);

    public void Dispose() => _model.Dispose();

    /// <summary>The history the model needs, ending <paramref name="endIndex"/> of the synthetic series.</summary>
    private Observation[] History(int endIndex, int? count = null)
    {
        var points = count ?? _model.Card.HistoryPoints;
        return [.. TrainedModels.Series.Observations.Skip(endIndex - points + 1).Take(points)];
    }

    internal static string ToJson(IEnumerable<Observation> observations) =>
        JsonSerializer.Serialize(observations.Select(o => new { timestamp = o.Timestamp, value = o.Value }));

    [Fact]
    public async Task Forecasts_the_horizon_past_the_newest_observation()
    {
        var history = History(endIndex: 5000);
        await using var app = new PredictorFactory(models.RecentModel);
        var answer = await (await app.CreateClient().PostJson("/predict", ToJson(history))).Json(HttpStatusCode.OK);

        var target = history[^1].Timestamp + _model.Horizon;
        var expected = _model.Predict(target, history);
        Assert.Equal(target.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), answer.GetProperty("timestamp").GetString());
        Assert.Equal(Math.Round(expected, 2), answer.GetProperty("predicted_cpu").GetDouble());
        var margin = _model.ProvisioningMargin(ProvisioningQuantile.Of(Defaults.ProvisionQuantile));
        Assert.Equal(ReplicaMapping.Default.Recommend(expected + margin), answer.GetProperty("recommended_replicas").GetInt32());
    }

    [Fact]
    public async Task A_get_without_observations_is_a_422_saying_what_is_missing()
    {
        await using var app = new PredictorFactory(models.RecentModel);
        var detail = await (await app.CreateClient().GetAsync("/predict?hour=14&minute=30"))
            .Problem(HttpStatusCode.UnprocessableEntity, "body");
        Assert.Contains("POST /predict", detail);
        Assert.Contains(_model.DescribeRequiredObservations(), detail);
    }

    [Fact]
    public async Task Too_few_observations_is_a_422_naming_the_body()
    {
        var history = History(endIndex: 5000, count: _model.Card.HistoryPoints - 1);
        await using var app = new PredictorFactory(models.RecentModel);
        var detail = await (await app.CreateClient().PostJson("/predict", ToJson(history)))
            .Problem(HttpStatusCode.UnprocessableEntity, "body");
        Assert.Contains($"only {history.Length} observations", detail);
    }

    [Fact]
    public async Task A_window_is_refused_because_the_model_sees_only_one_horizon_ahead()
    {
        await using var app = new PredictorFactory(models.RecentModel);
        var detail = await (await app.CreateClient().PostJson("/predict?window=30", ToJson(History(endIndex: 5000)))).Problem(HttpStatusCode.UnprocessableEntity, "window");
        Assert.Contains("no further", detail);
    }

    [Fact]
    public async Task A_calendar_model_answers_a_post_too()
    {
        var history = History(endIndex: 5000);
        using var calendar = ForecastModel.Load(models.CalendarModel);
        await using var app = new PredictorFactory(models.CalendarModel);
        var answer = await (await app.CreateClient().PostJson("/predict", ToJson(history))).Json(HttpStatusCode.OK);

        var target = history[^1].Timestamp + calendar.Horizon;
        Assert.Equal(Math.Round(calendar.Predict(target), 2), answer.GetProperty("predicted_cpu").GetDouble());
    }
}
