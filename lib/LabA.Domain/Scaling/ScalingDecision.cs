namespace LabA.Domain.Scaling;

/// <summary>What to do, why, and the recommendation history to keep for the next run.</summary>
public sealed record ScalingDecision(
    int Current,
    int Recommended,
    int Desired,
    ScalingAction Action,
    string Reason,
    IReadOnlyList<StabilizationEntry> History);
