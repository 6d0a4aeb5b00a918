using LabA.Domain.Predict;
using LabA.Domain.Scaling;

namespace LabA.Scaler.Forecasts;

/// <summary>
/// What this run recommends before the scaling rules: the predictor's checked answer and, in closed loop, the reactive
/// floor from the load observed now. <see cref="Degradation"/> says why a closed-loop run decided on the forecast alone,
/// or, without a <see cref="Forecast"/>, on the observed load's floor alone.
/// </summary>
internal sealed record ReplicaRecommendation(PredictorAnswer? Forecast, FlooredRecommendation? Floor = null, string? Degradation = null)
{
    public int Replicas => Floor?.Replicas ?? Forecast!.RecommendedReplicas;

    /// <summary>Closed loop with a forecast: the load observed, oldest first, on the model's grid of <see cref="Step"/>; what the margin calibration counts.</summary>
    public IReadOnlyList<ObservationItem>? Observations { get; init; }

    public TimeSpan Step { get; init; }

    /// <summary>The margin calibration this recommendation was provisioned with (<see cref="CalibratedMargin"/>); null: the Predictor's margin as it is.</summary>
    public MarginCalibration? Calibration { get; init; }
}
