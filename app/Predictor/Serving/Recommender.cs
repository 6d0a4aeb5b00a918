using LabA.Domain.Predict;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Forecasting;
using LabA.Forecasting.Model;
using LabA.Forecasting.Series;
using LabA.Predictor.Models;

namespace LabA.Predictor.Serving;

/// <summary>Turns the served model's forecasts into the /predict answer: a replica recommendation with the shared mapping.</summary>
internal sealed class Recommender(ReplicaMapping mapping)
{
    /// <summary>A week at one-minute steps: bounds the work one request can ask for, whatever step a model card declares.</summary>
    public const long MaxWindowForecasts = Durations.MinutesPerWeek;

    /// <summary>How many forecasts a window takes at the model's step, beyond the one for the target itself.</summary>
    public static long WindowForecasts(ForecastModel model, int windowMinutes) =>
        TimeSpan.FromMinutes(windowMinutes).Ticks / model.Step.Ticks;

    /// <summary>
    /// Forecasts <paramref name="target"/> and, every model step up to <paramref name="windowMinutes"/> later (end
    /// included), the rest of the window; replicas follow the window's peak, as Crane's Effective HPA does, so capacity
    /// holds until the next decision takes effect. The replicas are for the peak plus the served model's provisioning margin,
    /// since the load is above a mean forecast about half the time. Loads are answered to two decimals. Forecasts are served as loads (see <see cref="Servable"/>).
    /// A recent model forecasts each instant from the observations up to one horizon before it (see <see cref="ForecastModel.Reachable"/>).
    /// Throws <see cref="ForecastInputException"/> for unusable observations and <see cref="NonFiniteForecastException"/>
    /// rather than hand out a number the model did not really produce.
    /// </summary>
    public PredictorAnswer Recommend(ServedModel served, DateTimeOffset target, int windowMinutes, IReadOnlyList<Observation>? observations)
    {
        var model = served.Model;
        var predicted = Forecast(model, target, observations);
        var peak = predicted;
        // Most questions have no window: answer them without building the window's enumeration.
        if (windowMinutes > 0)
            foreach (var t in ForecastWindow.Targets(target, TimeSpan.FromMinutes(windowMinutes), model.Step).Skip(1))
                peak = Math.Max(peak, Forecast(model, t, observations));
        var provisioned = peak + served.ProvisioningMargin;
        return new PredictorAnswer(
            Math.Round(predicted, 2), mapping.Recommend(provisioned), target, Math.Round(peak, 2), Math.Round(provisioned, 2),
            windowMinutes, model.Horizon.TotalMinutes, served.Version);
    }

    private static double Forecast(ForecastModel model, DateTimeOffset target, IReadOnlyList<Observation>? observations)
    {
        var reachable = model.Reachable(target, observations);
        return Servable(model.Predict(reachable, observations), reachable);
    }

    /// <summary>
    /// A forecast as a load: finite, and within <see cref="ModelLimits"/> (a regression can undershoot zero a little at an
    /// idle hour; no load is below none).
    /// </summary>
    private static double Servable(double forecast, DateTimeOffset at) => double.IsFinite(forecast)
        ? Math.Clamp(forecast, ModelLimits.MinValue, ModelLimits.MaxValue)
        : throw new NonFiniteForecastException(at, forecast);
}
