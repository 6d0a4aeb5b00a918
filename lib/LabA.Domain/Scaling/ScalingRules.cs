using LabA.Domain.Settings;

namespace LabA.Domain.Scaling;

/// <summary>How far and how fast the Scaler may move a Deployment; one set of rules for the Scaler and the backtest.</summary>
public sealed record ScalingRules(
    ReplicaMapping Mapping,
    int MaxScaleUpStep,
    int MaxScaleDownStep,
    TimeSpan ScaleDownStabilization)
{
    public static ScalingRules Default { get; } = new(
        ReplicaMapping.Default,
        ScalerCatalogue.MaxScaleUpStep.Default,
        ScalerCatalogue.MaxScaleDownStep.Default,
        ScalerCatalogue.ScaleDownStabilization.Default);
}
