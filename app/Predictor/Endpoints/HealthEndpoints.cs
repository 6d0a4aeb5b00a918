using LabA.Predictor.Models;
using LabA.Predictor.Serving;

namespace LabA.Predictor.Endpoints;

/// <summary>
/// Probes: liveness says the process answers, readiness says it has a model to answer with: MODEL_DIR's, or, in
/// workloads mode, a MODELS_DIR it can read (its models appear one by one, each answering 503 until it loads, so
/// waiting for all of them would keep every workload from its forecasts because of one). A refused reload does not touch
/// readiness: the model already served keeps serving.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new HealthResponse("ok")));
        app.MapGet("/ready", (ModelHost host, WorkloadModels workloads) =>
        {
            int? served = workloads.Root is null ? null : workloads.ServedCount;
            if (host.Current is { } model) return Results.Ok(new ReadinessResponse("ready", model.Version, null, served));
            if (workloads.Root is not null && workloads.Unreadable is null) return Results.Ok(new ReadinessResponse("ready", null, null, served));
            var reason = workloads.Unreadable is { } unreadable ? $"{host.UnavailableReason}; {unreadable}" : host.UnavailableReason;
            return Results.Json(new ReadinessResponse("unavailable", null, reason, served),
                PredictorJsonContext.Default.ReadinessResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
