using LabA.Domain.Predict;
using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Predictor.Models;
using LabA.Predictor.Serving;
using Microsoft.AspNetCore.Mvc;

namespace LabA.Predictor.Endpoints;

/// <summary>
/// /predict: GET for calendar models (a time of day or an instant), POST with recent observations for any model. Both
/// ask the same question: the forecast for <c>at</c> and the replicas for the peak over the <c>window</c> minutes after
/// it. GET forecasts from now, POST from its newest observation. Each request computes and answers with the one model
/// it started with, whatever a reload swaps in meanwhile.
/// </summary>
internal static class PredictEndpoints
{
    public static IEndpointRouteBuilder MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        var bodyLimit = new RequestSizeLimitAttribute(ObservationsBody.MaxBytes);
        app.MapGet(PredictRoutes.Predict, Get);
        app.MapPost(PredictRoutes.Predict, Post).WithMetadata(bodyLimit);
        app.MapGet(PredictRoutes.WorkloadPredict, WorkloadGet);
        app.MapPost(PredictRoutes.WorkloadPredict, WorkloadPost).WithMetadata(bodyLimit);
        return app;
    }

    private static Task<IResult> Get(HttpRequest request, ModelHost host, [AsParameters] PredictServices services, CancellationToken cancellation) =>
        Predict(HttpMethods.Get, request, host, services, cancellation);

    /// <summary>
    /// The observations carry their own clock: "now" is the newest of them, so replayed history forecasts as it did live,
    /// and <c>at</c> defaults to the newest plus the horizon. A window reaching past that holds the latest forecast the
    /// model can make (<see cref="ForecastModel.Reachable"/>); an <c>at</c> before the first full history is refused.
    /// </summary>
    private static Task<IResult> Post(HttpRequest request, ModelHost host, [AsParameters] PredictServices services, CancellationToken cancellation) =>
        Predict(HttpMethods.Post, request, host, services, cancellation);

    /// <summary>GET /predict for one model of MODELS_DIR.</summary>
    private static async Task<IResult> WorkloadGet(string model, HttpRequest request, WorkloadModels workloads, [AsParameters] PredictServices services,
        CancellationToken cancellation) =>
        workloads.Resolve(model, out var problem) is { } host ? await Predict(HttpMethods.Get, request, host, services, cancellation) : problem!;

    /// <summary>POST /predict for one model of MODELS_DIR.</summary>
    private static async Task<IResult> WorkloadPost(string model, HttpRequest request, WorkloadModels workloads, [AsParameters] PredictServices services,
        CancellationToken cancellation) =>
        workloads.Resolve(model, out var problem) is { } host ? await Predict(HttpMethods.Post, request, host, services, cancellation) : problem!;

    /// <summary>GET asks by the clock; POST brings the observations a recent model forecasts from.</summary>
    private static async Task<IResult> Predict(string method, HttpRequest request, ModelHost host, PredictServices services, CancellationToken cancellation)
    {
        using var lease = host.Acquire();
        if (lease.Served is not { } served) return host.Unavailable();
        var model = served.Model;
        var now = services.Clock.GetUtcNow();
        var query = PredictQuery.Parse(request.Query, now, out var problem);
        if (problem is not null) return problem.ToResult();
        if (method == HttpMethods.Get)
        {
            if (model.RequiresObservations)
                return new ParameterProblem(ObservationsBody.Parameter,
                    "missing: this model forecasts from recent observations; POST /predict with a JSON array " +
                    $"[{{\"timestamp\": ..., \"value\": ...}}] holding {model.DescribeRequiredObservations()}",
                    StatusCodes.Status422UnprocessableEntity).ToResult();
            return await Answer(host, served, query, now, null, method, services, cancellation);
        }
        var (observations, bodyProblem) = await ObservationsBody.ReadAsync(request, model.Step, now, cancellation);
        if (bodyProblem is not null) return bodyProblem.ToResult();
        var reference = observations.Count > 0 ? observations[^1].Timestamp : now;
        if (TooEarly(model, query.Target(reference, model.Horizon), observations) is { } early) return early.ToResult();
        return await Answer(host, served, query, reference, observations, method, services, cancellation);
    }

    /// <summary>A target whose origin (target - horizon) comes before the first full history window of the observations.</summary>
    private static ParameterProblem? TooEarly(ForecastModel model, DateTimeOffset target, IReadOnlyList<Observation> observations)
    {
        var history = model.Card.HistoryPoints;
        if (!model.RequiresObservations || history < 1 || observations.Count < history) return null;
        var firstOrigin = observations[history - 1].Timestamp;
        return target - model.Horizon >= firstOrigin
            ? null
            : new ParameterProblem(PredictQueryKeys.At,
                $"{PredictTimestamp.Write(target)} is earlier than this model can forecast from the observations given: the first with a full " +
                $"history of {history} behind it is at {PredictTimestamp.Write(firstOrigin)}, so the earliest target is {PredictTimestamp.Write(firstOrigin + model.Horizon)}",
                StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> Answer(ModelHost host, ServedModel served, PredictQuery query, DateTimeOffset reference,
        IReadOnlyList<Observation>? observations, string method, PredictServices services, CancellationToken cancellation)
    {
        var (recommender, gate, metrics) = (services.Recommender, services.Gate, services.Metrics);
        var model = served.Model;
        var forecasts = Recommender.WindowForecasts(model, query.WindowMinutes);
        if (forecasts > Recommender.MaxWindowForecasts)
            return new ParameterProblem(PredictQueryKeys.Window,
                $"{query.WindowMinutes} minutes at this model's step of {model.Step} would take more than {Recommender.MaxWindowForecasts} forecasts",
                StatusCodes.Status422UnprocessableEntity).ToResult();
        var target = query.Target(reference, model.Horizon);
        using var gateLease = await gate.EnterAsync(forecasts, cancellation);
        if (gateLease is { IsAcquired: false })
            return new ParameterProblem(PredictQueryKeys.Window,
                $"{gate.MaxWaiting} windows of over {LongWindowGate.GatedAboveForecasts} forecasts are already waiting; retry in {LongWindowGate.RetryAfterSeconds} s",
                StatusCodes.Status429TooManyRequests, RetryAfterSeconds: LongWindowGate.RetryAfterSeconds).ToResult();
        PredictorAnswer answer;
        try
        {
            answer = recommender.Recommend(served, target, query.WindowMinutes, observations);
        }
        catch (ForecastInputException e)
        {
            var parameter = observations is null ? PredictQueryKeys.At : ObservationsBody.Parameter;
            return new ParameterProblem(parameter, e.Message, StatusCodes.Status422UnprocessableEntity).ToResult();
        }
        catch (NonFiniteForecastException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The model gave no usable forecast");
        }
        metrics.PredictionServed(host, method, answer, reference);
        return TypedResults.Json(answer, PredictJson.Default.PredictorAnswer);
    }

    /// <summary>What every /predict route computes and answers with, whichever model it asks.</summary>
    internal sealed record PredictServices(Recommender Recommender, LongWindowGate Gate, PredictorMetrics Metrics, TimeProvider Clock);
}
