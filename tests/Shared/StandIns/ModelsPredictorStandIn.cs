using System.Collections.Concurrent;
using System.Text.Json;
using LabA.Domain.Predict;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>
/// The Predictor's workloads mode (MODELS_DIR) for unit tests: <c>/workloads/{model}/model</c> answers a calendar model's
/// card and <c>/workloads/{model}/predict</c> a forecast whose peak and provisioned load are <see cref="Loads"/>' for that
/// model; a model not there answers 404, as a model directory that does not exist.
/// </summary>
public sealed class ModelsPredictorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ModelsPredictorStandIn(WebApplication app) => _app = app;

    /// <summary>The /predict of the server (PREDICTOR_URL), next to which the workloads' routes are.</summary>
    public Uri Url => new(_app.Urls.Single() + PredictRoutes.Predict);

    /// <summary>Per model: the forecast's peak and the provisioned load (the peak plus the margin), in the workload's unit.</summary>
    public ConcurrentDictionary<string, (double Peak, double Provisioned)> Loads { get; } = new();

    public ConcurrentQueue<string> Paths { get; } = new();

    public static async Task<ModelsPredictorStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new ModelsPredictorStandIn(app);
        app.MapGet(PredictRoutes.WorkloadModel, (string model, HttpContext context) =>
        {
            standIn.Paths.Enqueue(context.Request.Path);
            if (!standIn.Loads.ContainsKey(model)) return Results.Problem(statusCode: 404, detail: $"no model '{model}' in MODELS_DIR");
            var card = new ServedModelCard("v-" + model, "calendar", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), 0);
            return Results.Text(JsonSerializer.Serialize(card, ServedModelCardJson.Default.ServedModelCard), "application/json");
        });
        app.MapGet(PredictRoutes.WorkloadPredict, (string model, HttpContext context) =>
        {
            standIn.Paths.Enqueue(context.Request.Path);
            if (!standIn.Loads.TryGetValue(model, out var load)) return Results.Problem(statusCode: 404, detail: $"no model '{model}' in MODELS_DIR");
            // The replicas are the Predictor's own mapping's, which the Scaler must not use for a workload: 1 on purpose.
            var answer = new PredictorAnswer(load.Peak, 1, PredictorReply.AnswerTimestamp, load.Peak, load.Provisioned, 4, 15, "v-" + model);
            return Results.Text(JsonSerializer.Serialize(answer, PredictJson.Default.PredictorAnswer), "application/json");
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
