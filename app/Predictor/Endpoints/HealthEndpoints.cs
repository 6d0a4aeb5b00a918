using LabA.Predictor.Models;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

/// <summary>
/// Probes: liveness says the process answers, readiness says it has a model to answer with. A refused reload does not
/// touch readiness: the model already served keeps serving.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok")));
        app.MapGet("/ready", (ModelHost host) => host.Current is { } served
            ? Results.Ok(new ReadinessResponse("ready", served.Version, null))
            : Results.Json(new ReadinessResponse("unavailable", null, host.UnavailableReason),
                PredictorJsonContext.Default.ReadinessResponse, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
