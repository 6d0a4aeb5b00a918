using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Scaler.Tests.ClosedLoop;

/// <summary>
/// A model whose card says its observations are optional (a level-following profile): the Scaler POSTs the observations
/// when it could read them, and asks by the clock (GET), degraded, when it could not, where a model that needs them fails.
/// </summary>
[Trait("Category", "Prometheus")]
[Collection(ClosedLoopCollection.Name)]
public sealed class OptionalObservationsTests(ClosedLoopFixture parts)
{
    /// <summary>
    /// The calendar Predictor behind a card edited to say it uses 12 observations when given (observationsOptional):
    /// forecasts are the calendar model's, GET or POST, and each request's method is recorded.
    /// </summary>
    private static async Task<(WebApplication App, ConcurrentQueue<string> Methods)> OptionalPredictorAsync(ClosedLoopFixture parts, HttpClient upstream)
    {
        var methods = new ConcurrentQueue<string>();
        var calendar = parts.CalendarPredictor.Url;
        var card = JsonNode.Parse(await upstream.GetStringAsync(new Uri(calendar, PredictRoutes.Model)))!.AsObject();
        card["historyPoints"] = 12;
        card["observationsOptional"] = true;
        var app = LoopbackApp.Build();
        app.MapGet(PredictRoutes.Model, () => Results.Content(card.ToJsonString(), "application/json"));
        app.MapGet(PredictRoutes.Predict, async (HttpRequest request) =>
        {
            methods.Enqueue(request.Method);
            return Results.Content(await upstream.GetStringAsync(new Uri(calendar, PredictRoutes.Predict + request.QueryString)), "application/json");
        });
        app.MapPost(PredictRoutes.Predict, async (HttpRequest request) =>
        {
            methods.Enqueue(request.Method);
            using var body = new StreamContent(request.Body);
            body.Headers.ContentType = new("application/json");
            var answer = await upstream.PostAsync(new Uri(calendar, PredictRoutes.Predict + request.QueryString), body);
            return Results.Content(await answer.Content.ReadAsStringAsync(), "application/json", statusCode: (int)answer.StatusCode);
        });
        await app.StartAsync();
        return (app, methods);
    }

    [Fact]
    public async Task Observations_are_posted_when_they_could_be_read_and_the_clock_is_asked_when_they_could_not()
    {
        using var upstream = new HttpClient();
        var (app, methods) = await OptionalPredictorAsync(parts, upstream);
        await using var _ = app;

        await using (var observed = await ClosedLoopTests.HarnessAsync(parts, parts.CalendarPredictor))
        {
            observed.Environment[ScalerCatalogue.PredictorUrl.Env] = app.Urls.Single() + PredictRoutes.Predict;
            var outcome = await observed.RunAsync();
            Assert.True(outcome.ExitCode == ScalerExitCodes.Done, string.Join('\n', outcome.Log));
            Assert.Equal([HttpMethods.Post], methods.ToArray());
        }

        methods.Clear();
        await using var blind = await ClosedLoopTests.HarnessAsync(parts, parts.CalendarPredictor, prometheusUrl: "http://127.0.0.1:1");
        blind.Environment[ScalerCatalogue.PredictorUrl.Env] = app.Urls.Single() + PredictRoutes.Predict;
        var degraded = await blind.RunAsync();
        Assert.True(degraded.ExitCode == ScalerExitCodes.Done, string.Join('\n', degraded.Log));
        Assert.Contains("cannot reach Prometheus at http://127.0.0.1:1", degraded.Field("degraded"));
        Assert.Equal([HttpMethods.Get], methods.ToArray());
    }
}
