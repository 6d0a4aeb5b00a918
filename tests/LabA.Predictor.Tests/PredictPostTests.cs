using System.Net;
using System.Text.Json;
using LabA.Domain.Predict;
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
        Assert.Equal(PredictTimestamp.Write(target), answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.Timestamp))).GetString());
        Assert.Equal(Math.Round(expected, 2), answer.GetProperty("predicted_cpu").GetDouble());
        var margin = _model.ProvisioningMargin(RecommendationCatalogue.ProvisionQuantile.Default);
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

    /// <summary>
    /// What the Predictor must answer, computed here the long way: every target of the window forecast from only the
    /// observations up to one horizon before it, a target past the newest observation plus the horizon taking that
    /// instant's forecast instead.
    /// </summary>
    private (double Predicted, double Peak) Expected(Observation[] history, DateTimeOffset at, int windowMinutes)
    {
        var reachable = history[^1].Timestamp + _model.Horizon;
        double ForecastFor(DateTimeOffset target)
        {
            var instant = target > reachable ? reachable : target;
            return _model.Predict(instant, [.. history.Where(o => o.Timestamp <= instant - _model.Horizon)]);
        }
        var forecasts = ForecastWindow.Targets(at, TimeSpan.FromMinutes(windowMinutes), _model.Step).Select(ForecastFor).ToArray();
        return (forecasts[0], forecasts.Max());
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData(-20, 30)]
    [InlineData(-4, 0)]
    [InlineData(60, 15)]
    public async Task A_window_means_what_it_means_on_get_the_peak_over_the_targets_each_from_what_was_observed_a_horizon_before(
        int? atMinutesFromDefault, int windowMinutes)
    {
        var history = History(endIndex: 5000, count: _model.Card.HistoryPoints + 40);
        var defaultAt = history[^1].Timestamp + _model.Horizon;
        var at = defaultAt + TimeSpan.FromMinutes(atMinutesFromDefault ?? 0);
        var query = (atMinutesFromDefault is null ? "" : $"{PredictQueryKeys.At}={PredictTimestamp.Write(at)}&") + $"{PredictQueryKeys.Window}={windowMinutes}";
        await using var app = new PredictorFactory(models.RecentModel);
        var answer = await (await app.CreateClient().PostJson("/predict?" + query, ToJson(history))).Json(HttpStatusCode.OK);

        var (predicted, peak) = Expected(history, at, windowMinutes);
        var margin = _model.ProvisioningMargin(RecommendationCatalogue.ProvisionQuantile.Default);
        Assert.Equal(PredictTimestamp.Write(at), answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.Timestamp))).GetString());
        Assert.Equal(Math.Round(predicted, 2), answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.PredictedCpu))).GetDouble());
        Assert.Equal(Math.Round(peak, 2), answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.PeakCpu))).GetDouble());
        Assert.Equal(windowMinutes, answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.WindowMinutes))).GetInt32());
        Assert.Equal(ReplicaMapping.Default.Recommend(peak + margin), answer.GetProperty(PredictJson.FieldName(nameof(PredictorAnswer.RecommendedReplicas))).GetInt32());
    }

    [Fact]
    public async Task An_at_before_the_first_full_history_is_a_422_naming_at_with_the_earliest_target()
    {
        var history = History(endIndex: 5000, count: _model.Card.HistoryPoints + 10);
        var earliest = history[_model.Card.HistoryPoints - 1].Timestamp + _model.Horizon;
        await using var app = new PredictorFactory(models.RecentModel);
        var client = app.CreateClient();

        var detail = await (await client.PostJson($"/predict?{PredictQueryKeys.At}={PredictTimestamp.Write(earliest - _model.Step)}&{PredictQueryKeys.Window}=30", ToJson(history)))
            .Problem(HttpStatusCode.UnprocessableEntity, PredictQueryKeys.At);
        Assert.Contains($"the earliest target is {PredictTimestamp.Write(earliest)}", detail);
        await (await client.PostJson($"/predict?{PredictQueryKeys.At}={PredictTimestamp.Write(earliest)}&{PredictQueryKeys.Window}=30", ToJson(history))).Json(HttpStatusCode.OK);
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
