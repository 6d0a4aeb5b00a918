namespace LabA.Predictor.Serving;

/// <summary>
/// A forecast for one instant and the replica count that covers the whole window after it: replicas for the window's
/// peak forecast plus the provisioning margin.
/// </summary>
public sealed record Recommendation(
    DateTimeOffset Target, double PredictedCpu, double PeakCpu, double ProvisionedCpu, int WindowMinutes, int RecommendedReplicas);
