using LabA.Forecasting;

namespace LabA.Predictor.Serving;

/// <summary>
/// The model this process serves, or why there is none. Loaded once at start; a missing or broken model leaves the
/// process up (so the reason can be read from /ready and the logs) but never lets it answer with a made-up number.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private ServedModel(string directory, ForecastModel? model, string? unavailableReason)
    {
        Directory = directory;
        Model = model;
        UnavailableReason = unavailableReason;
    }

    public string Directory { get; }
    public ForecastModel? Model { get; }
    /// <summary>Set exactly when <see cref="Model"/> is null.</summary>
    public string? UnavailableReason { get; }

    public static ServedModel Load(string directory)
    {
        try
        {
            return new ServedModel(directory, ForecastModel.Load(directory), null);
        }
        catch (ModelLoadException e)
        {
            return Failed(directory, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            // Load reports what it knows as ModelLoadException; these are the file system and format faults it may let through.
            return Failed(directory, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>503 with the reason: a forecast without a model would be a made-up number.</summary>
    public IResult Unavailable() => TypedResults.Problem(
        detail: UnavailableReason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model loaded");

    private static ServedModel Failed(string directory, string reason) =>
        new(directory, null, $"no model loaded from {directory}: {reason}");

    public void Dispose() => Model?.Dispose();
}
