using System.Text.Json;
using LabA.Domain.Series;

namespace LabA.Predictor.Serving;

/// <summary>Reads the recent observations POSTed to /predict, refusing anything that is not a JSON array of points.</summary>
public static class ObservationsBody
{
    public const string Parameter = "body";
    /// <summary>About 15,000 points: a couple of weeks at one-minute resolution, far more than any feature looks back.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(IReadOnlyList<Observation> Observations, ParameterProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        ObservationJson[]? points;
        try
        {
            points = await JsonSerializer.DeserializeAsync(request.Body, PredictorJsonContext.Default.ObservationJsonArray, cancellation);
        }
        catch (JsonException e)
        {
            return ([], new ParameterProblem(Parameter, $"expected a JSON array like [{{\"timestamp\": \"2025-06-01T14:25:00Z\", \"value\": 58.1}}]; {e.Message}"));
        }
        catch (BadHttpRequestException e)
        {
            return ([], new ParameterProblem(Parameter, e.Message, e.StatusCode));
        }
        if (points is null)
            return ([], new ParameterProblem(Parameter, "is null; expected a JSON array of {\"timestamp\", \"value\"} objects"));

        var observations = new Observation[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i] is not { } point)
                return ([], new ParameterProblem(Parameter, $"item {i} is null; expected a {{\"timestamp\", \"value\"}} object"));
            observations[i] = new Observation(point.Timestamp, point.Value);
        }
        return (observations, null);
    }
}
