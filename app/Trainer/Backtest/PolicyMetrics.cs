namespace LabA.Trainer.Backtest;

/// <summary>What one policy cost and how often it fell short, over a replay.</summary>
public sealed record PolicyMetrics(
    /// <summary>Time during which fewer pods were ready than the load needed.</summary>
    double UnderProvisionedMinutes,
    /// <summary>The pods that existed (starting ones included: they are paid for), integrated over time: the cost.</summary>
    double ReplicaMinutes,
    /// <summary>Ready pods beyond the demand, integrated over time: capacity paid for and idle.</summary>
    double OverProvisionedReplicaMinutes,
    /// <summary>Missing ready pods below the demand, integrated over time: how deep the shortfalls were.</summary>
    double ShortfallReplicaMinutes,
    /// <summary>Decisions that changed the replica count.</summary>
    int ScaleChanges);
