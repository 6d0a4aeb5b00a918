using LabA.Forecasting;
using LabA.Forecasting.Series;
using LabA.Predictor.Serving;
using Microsoft.AspNetCore.Mvc;

namespace LabA.Predictor.Endpoints;

/// <summary>/predict: GET for calendar models (the original lab's contract), POST with recent observations for any model.</summary>
public static class PredictEndpoints
{
    public static IEndpointRouteBuilder MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/predict", Get);
        app.MapPost("/predict", Post).WithMetadata(new RequestSizeLimitAttribute(ObservationsBody.MaxBytes));
        return app;
    }

    private static async Task<IResult> Get(HttpRequest request, ServedModel served, Recommender recommender, LongWindowGate gate, PredictorMetrics metrics,
        TimeProvider clock, CancellationToken cancellation)
    {
        if (served.Model is not { } model) return served.Unavailable();
        var now = clock.GetUtcNow();
        var query = PredictQuery.Parse(request.Query, now, out var problem);
        if (problem is not null) return problem.ToResult();
        if (model.RequiresObservations)
            return new ParameterProblem(ObservationsBody.Parameter,
                "missing: this model forecasts from recent observations; POST /predict with a JSON array " +
                $"[{{\"timestamp\": ..., \"value\": ...}}] holding {model.DescribeRequiredObservations()}",
                StatusCodes.Status422UnprocessableEntity).ToResult();
        return await Answer(model, served.ProvisioningMargin, query, now, null, HttpMethods.Get, recommender, gate, metrics, cancellation);
    }

    private static async Task<IResult> Post(HttpRequest request, ServedModel served, Recommender recommender, LongWindowGate gate, PredictorMetrics metrics,
        TimeProvider clock, CancellationToken cancellation)
    {
        if (served.Model is not { } model) return served.Unavailable();
        var now = clock.GetUtcNow();
        var query = PredictQuery.Parse(request.Query, now, out var problem);
        if (problem is not null) return problem.ToResult();
        if (model.RequiresObservations && query.WindowMinutes > 0)
            return new ParameterProblem(PredictQuery.WindowKey,
                $"this model forecasts {model.Horizon.TotalMinutes:0.##} minutes past the newest observation and no further; leave window out",
                StatusCodes.Status422UnprocessableEntity).ToResult();
        var (observations, bodyProblem) = await ObservationsBody.ReadAsync(request, model.Step, now, cancellation);
        if (bodyProblem is not null) return bodyProblem.ToResult();
        // The observations carry their own clock: "now" is the latest of them, so replayed history forecasts as it did live.
        var reference = observations.Count > 0 ? observations.Max(o => o.Timestamp) : now;
        return await Answer(model, served.ProvisioningMargin, query, reference, observations, HttpMethods.Post, recommender, gate, metrics, cancellation);
    }

    private static async Task<IResult> Answer(ForecastModel model, double provisioningMargin, PredictQuery query, DateTimeOffset reference,
        IReadOnlyList<Observation>? observations, string method, Recommender recommender, LongWindowGate gate, PredictorMetrics metrics,
        CancellationToken cancellation)
    {
        var forecasts = Recommender.WindowForecasts(model, query.WindowMinutes);
        if (forecasts > Recommender.MaxWindowForecasts)
            return new ParameterProblem(PredictQuery.WindowKey,
                $"{query.WindowMinutes} minutes at this model's step of {model.Step} would take more than {Recommender.MaxWindowForecasts} forecasts",
                StatusCodes.Status422UnprocessableEntity).ToResult();
        var target = query.Target(reference, model.Horizon);
        using var lease = await gate.EnterAsync(forecasts, cancellation);
        if (lease is { IsAcquired: false })
            return new ParameterProblem(PredictQuery.WindowKey,
                $"more than {LongWindowGate.MaxWaiting} windows of over {LongWindowGate.GatedAboveForecasts} forecasts are waiting; retry shortly",
                StatusCodes.Status429TooManyRequests).ToResult();
        Recommendation recommendation;
        try
        {
            recommendation = recommender.Recommend(model, provisioningMargin, target, query.WindowMinutes, observations);
        }
        catch (ForecastInputException e)
        {
            var parameter = observations is null ? PredictQuery.AtKey : ObservationsBody.Parameter;
            return new ParameterProblem(parameter, e.Message, StatusCodes.Status422UnprocessableEntity).ToResult();
        }
        catch (NonFiniteForecastException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The model gave no usable forecast");
        }
        metrics.PredictionServed(method, recommendation);
        return TypedResults.Ok(new PredictionResponse(
            Math.Round(recommendation.PredictedCpu, 2),
            recommendation.RecommendedReplicas,
            recommendation.Target.UtcDateTime,
            Math.Round(recommendation.PeakCpu, 2),
            Math.Round(recommendation.ProvisionedCpu, 2),
            recommendation.WindowMinutes,
            model.Horizon.TotalMinutes,
            model.Card.Version));
    }
}
