using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

/// <summary>Probes: liveness says the process answers, readiness says it has a model to answer with.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok")));
        app.MapGet("/ready", (ServedModel served) => served.Model is { } model
            ? Results.Ok(new ReadinessResponse("ready", model.Card.Version, null))
            : Results.Json(new ReadinessResponse("unavailable", null, served.UnavailableReason),
                PredictorJsonContext.Default.ReadinessResponse, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
