using System.Text.Json;
using System.Text.Json.Nodes;
using LabA.Domain.Predict;
using LabA.Forecasting.Model;
using LabA.Predictor.Models;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

internal static class ModelEndpoints
{
    /// <summary>The member of /model's answer saying where and when the served model was loaded; model.json has no such key.</summary>
    public const string ServedKey = "served";
    /// <summary>The member saying which newer model was refused and why; absent when none was (or a newer good one replaced it).</summary>
    public const string RefusedKey = "refused";

    /// <summary>
    /// GET /model (and /workloads/{model}/model for one model of MODELS_DIR): the card the Trainer wrote beside the
    /// served model (what it was trained on, how well it did), in model.json's own shape, plus <see cref="ServedKey"/> (loadedAt, from) and, after a refusal, <see cref="RefusedKey"/>
    /// (at, from, reason). The data file is shown by name (and hash) only, also for cards written when it was a full path.
    /// </summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(PredictRoutes.Model, (ModelHost host) => Card(host));
        app.MapGet(PredictRoutes.WorkloadModel, (string model, WorkloadModels workloads) =>
            workloads.Resolve(model, out var problem) is { } host ? Card(host) : problem!);
        return app;
    }

    private static IResult Card(ModelHost host)
    {
        using var lease = host.Acquire();
        if (lease.Served is not { } served) return host.Unavailable();
        var card = served.Model.Card with { Data = served.Model.Card.Data with { File = DataSourceName.Of(served.Model.Card.Data.File) } };
        var answer = JsonSerializer.SerializeToNode(card, ModelCardJson.Default.ModelCard)!.AsObject();
        answer[ServedKey] = new JsonObject { ["loadedAt"] = PredictTimestamp.Write(served.LoadedAt), ["from"] = served.Source };
        if (host.LastRefusal is { } refusal)
            answer[RefusedKey] = new JsonObject { ["at"] = PredictTimestamp.Write(refusal.At), ["from"] = refusal.Source, ["reason"] = refusal.Reason };
        return Results.Text(answer.ToJsonString(ModelCardJson.Default.Options), "application/json");
    }
}
