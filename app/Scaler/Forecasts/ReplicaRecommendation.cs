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
}
