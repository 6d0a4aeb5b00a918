using LabA.Domain.Predict;

namespace LabA.Scaler.Forecasts;

/// <summary>What this run recommends before the scaling rules: the predictor's checked answer.</summary>
public sealed record ReplicaRecommendation(PredictorAnswer Forecast)
{
    public int Replicas => Forecast.RecommendedReplicas;
}
