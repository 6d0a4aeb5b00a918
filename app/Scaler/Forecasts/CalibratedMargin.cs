using System.Globalization;
using LabA.Domain.Scaling;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Forecasts;

/// <summary>
/// Applies the margin calibration to a closed-loop recommendation, where the observations are: count the windows earlier
/// runs provisioned for that the load now reaches, then provision this run for the Predictor's peak plus the calibrated
/// margin, and floor that as before. In the order the backtest replays it (ForecastPolicy), so both learn alike.
/// </summary>
/// <remarks>
/// The Scaler applies the margin itself rather than asking the Predictor for another quantile: the answer already
/// carries the peak and the training-time margin (ProvisionedCpu - PeakCpu), the calibrated margin may leave the card's
/// 0.5..0.99 grid, and the Predictor stays stateless. Open loop (no observations) and degraded runs keep the Predictor's
/// answer and leave the stored calibration as it is.
/// </remarks>
internal static class CalibratedMargin
{
    public static string KeyFor(string deployment, bool dryRun) => ScalerStateKeys.PrefixFor(deployment, dryRun) + ScalerStateKeys.MarginCalibration;

    /// <param name="stored">The calibration text in the state, or null when there is none yet.</param>
    /// <param name="first">The first instant this run's forecast covers (pods started now are ready).</param>
    /// <param name="last">The last: the end of its window.</param>
    /// <returns>The recommendation to decide on, and a warning when the stored calibration was unreadable and started over.</returns>
    public static (ReplicaRecommendation Recommendation, string? Warning) Apply(
        ScalerSettings settings, ReplicaRecommendation recommendation, string? stored, DateTimeOffset first, DateTimeOffset last, string key)
    {
        if (settings.ProvisionQuantile.Level is not { } coverage
            || recommendation is not { Forecast: { } answer, Floor: { } floor, Degradation: null, Observations: { Count: > 0 } observations })
            return (recommendation, null);
        var trainingMargin = answer.ProvisionedCpu - answer.PeakCpu;
        string? warning = null;
        var calibration = stored is null ? null : MarginCalibration.TryParse(stored, coverage, trainingMargin);
        if (stored is not null && calibration is null)
            warning = $"state key {key} in ConfigMap {Names.ScalerState} was unreadable, so the margin calibration started over from the Predictor's margin";
        calibration ??= MarginCalibration.Start(coverage, trainingMargin);

        var byTime = new Dictionary<DateTimeOffset, double>();
        foreach (var observation in observations) byTime[observation.Timestamp] = observation.Value;
        calibration = calibration.Resolve(at => byTime.TryGetValue(at, out var value) ? value : null, observations[^1].Timestamp, recommendation.Step);
        var mapping = settings.Rules.Mapping;
        var provisioned = Math.Clamp(answer.PeakCpu + calibration.Margin, 0, mapping.MaxLoad);
        var floored = ReactiveFloor.Apply(mapping, mapping.Recommend(provisioned), floor.ObservedLoad);
        return (recommendation with { Floor = floored, Calibration = calibration.Provision(first, last, provisioned) }, warning);
    }

    /// <summary>For the log and the Event: "margin +3.2 CPU% (Predictor's +8, calibrated to 0.95, covered 94.1% of 120 windows)".</summary>
    public static string Describe(MarginCalibration calibration)
    {
        var coverage = calibration.ObservedCoverage is { } covered
            ? string.Create(CultureInfo.InvariantCulture, $"covered {covered:0.0%} of {calibration.Resolved} windows")
            : "no window observed yet";
        return string.Create(CultureInfo.InvariantCulture,
            $"margin {calibration.Margin:+0.##;-0.##;0} CPU% (Predictor's {calibration.TrainingMargin:+0.##;-0.##;0}, calibrated to {calibration.Coverage:0.0##}, {coverage})");
    }
}
