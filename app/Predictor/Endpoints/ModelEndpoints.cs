using LabA.Domain.Model;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

public static class ModelEndpoints
{
    /// <summary>GET /model: the card the Trainer wrote beside the model (what it was trained on, how well it did), in model.json's own shape.</summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/model", (ServedModel served) => served.Model is { } model
            ? Results.Json(model.Card, ModelCardJson.Default.ModelCard)
            : served.Unavailable());
        return app;
    }
}
