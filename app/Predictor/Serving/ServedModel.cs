using LabA.Domain.Settings;
using LabA.Forecasting;

namespace LabA.Predictor.Serving;

/// <summary>
/// The model this process serves, or why there is none. Loaded once at start through <see cref="ModelDirectory.Verify"/>;
/// a missing, mismatched or impossible model leaves the process up (so the reason can be read from /ready and the logs)
/// but never lets it answer with a made-up number.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private ServedModel(string directory, ForecastModel? model, double provisioningMargin, string? unavailableReason)
    {
        Directory = directory;
        Model = model;
        ProvisioningMargin = provisioningMargin;
        UnavailableReason = unavailableReason;
    }

    public string Directory { get; }
    public ForecastModel? Model { get; }
    /// <summary>What recommendations add to the forecast: the PROVISION_QUANTILE quantile of the model's validation errors.</summary>
    public double ProvisioningMargin { get; }
    /// <summary>Set exactly when <see cref="Model"/> is null.</summary>
    public string? UnavailableReason { get; }

    public static ServedModel Load(string directory, ProvisioningQuantile provisionQuantile)
    {
        var verification = ModelDirectory.Verify(directory);
        if (verification.Model is not { } model) return Failed(directory, verification.Reason!);
        try
        {
            return new ServedModel(directory, model, model.ProvisioningMargin(provisionQuantile), null);
        }
        catch (SettingsException e)
        {
            // A card without error quantiles cannot serve the quantile asked for: not ready, and /ready says why.
            model.Dispose();
            return Failed(directory, e.Message);
        }
    }

    /// <summary>503 with the reason: a forecast without a model would be a made-up number.</summary>
    public IResult Unavailable() => TypedResults.Problem(
        detail: UnavailableReason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No model loaded");

    private static ServedModel Failed(string directory, string reason) =>
        new(directory, null, 0, $"no model loaded from {directory}: {reason}");

    public void Dispose() => Model?.Dispose();
}
