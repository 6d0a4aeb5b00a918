using LabA.Domain.Scaling;

namespace LabA.Trainer.Backtest;

/// <summary>
/// One way of sizing the Deployment. Policies are stateless: what they remember between decisions (the stabilization
/// window) travels in <see cref="DecisionContext.History"/> and back in <see cref="ScalingDecision.History"/>.
/// </summary>
public interface IReplicaPolicy
{
    string Name { get; }

    /// <summary>The instants in [<paramref name="from"/>, <paramref name="to"/>) at which the policy decides.</summary>
    IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The replicas, all ready, at the start of the replay; dynamic policies start at the demand.</summary>
    int InitialReplicas(int demandAtStart);

    ScalingDecision Decide(DecisionContext context);
}
