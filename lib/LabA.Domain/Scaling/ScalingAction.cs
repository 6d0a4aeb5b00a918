namespace LabA.Domain.Scaling;

/// <summary>Which way a decision moves the replica count.</summary>
public enum ScalingAction
{
    None,
    ScaleUp,
    ScaleDown,
}
