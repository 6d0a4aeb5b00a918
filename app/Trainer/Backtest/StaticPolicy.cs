using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>A fixed replica count, as a team without an autoscaler would run: sized for the peak or for the average.</summary>
public sealed class StaticPolicy(string name, int replicas) : IReplicaPolicy
{
    public string Name { get; } = name;
    public int Replicas { get; } = replicas;

    public IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to) => [];

    public int InitialReplicas(int demandAtStart) => Replicas;

    public ScalingDecision Decide(DecisionContext context) =>
        throw new InvalidOperationException($"{Name} has a fixed size and makes no decisions");
}
