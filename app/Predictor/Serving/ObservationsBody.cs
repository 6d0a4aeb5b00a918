using System.Text.Json;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;

namespace LabA.Predictor.Serving;

/// <summary>
/// Reads the recent observations POSTed to /predict, refusing anything that is not a JSON array of points in time
/// order on the model's step grid, at times and with values in <see cref="ModelLimits"/>. A refusal names the item
/// (<c>body[3].timestamp</c>), so that a client can find the point at fault in what it sent.
/// </summary>
internal static class ObservationsBody
{
    public const string Parameter = "body";
    /// <summary>About 15,000 points: a couple of weeks at one-minute resolution, far more than any feature looks back.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(IReadOnlyList<Observation> Observations, ParameterProblem? Problem)> ReadAsync(
        HttpRequest request, TimeSpan step, DateTimeOffset now, CancellationToken cancellation)
    {
        ObservationItem[]? points;
        try
        {
            points = await JsonSerializer.DeserializeAsync(request.Body, PredictJson.Default.ObservationItemArray, cancellation);
        }
        catch (JsonException e)
        {
            return ([], new ParameterProblem(Parameter, $"expected a JSON array like [{{\"timestamp\": \"{PredictTimestamp.Example}\", \"value\": 58.1}}]; {e.Message}"));
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
            if (Problem(i, point, i > 0 ? observations[i - 1].Timestamp : null, step, now) is { } problem) return ([], problem);
            observations[i] = new Observation(point.Timestamp, point.Value);
        }
        return (observations, null);
    }

    private static ParameterProblem? Problem(int index, ObservationItem point, DateTimeOffset? previous, TimeSpan step, DateTimeOffset now)
    {
        if (ModelLimits.ObservationTimeProblem(point.Timestamp, now) is { } time) return new ParameterProblem(Item(index, "timestamp"), time);
        if (ModelLimits.ValueProblem(point.Value) is { } value) return new ParameterProblem(Item(index, "value"), value);
        if (previous is not { } before) return null;
        if (point.Timestamp <= before)
            return new ParameterProblem(Item(index, "timestamp"), $"{point.Timestamp:O} is not after the previous item's {before:O}; observations go oldest first, one per time");
        if ((point.Timestamp - before).Ticks % step.Ticks != 0)
            return new ParameterProblem(Item(index, "timestamp"),
                $"{point.Timestamp:O} is {Durations.Format(point.Timestamp - before)} after the previous item, not a multiple of the model's step {Durations.Format(step)}");
        return null;
    }

    private static string Item(int index, string field) => $"{Parameter}[{index}].{field}";
}
