using LabA.Domain.Scaling;
using LabA.Trainer.Backtest;

namespace LabA.Trainer.Tests.Backtest;

/// <summary>A policy that sets the counts it is told at the times it is told, to check the simulator's accounting alone.</summary>
internal sealed class ScriptedPolicy(int initial, params (int Second, int Replicas)[] script) : IReplicaPolicy
{
    public string Name => "scripted";

    public IEnumerable<DateTimeOffset> DecisionTimes(DateTimeOffset from, DateTimeOffset to) =>
        script.Select(step => from.AddSeconds(step.Second));

    public int InitialReplicas(int demandAtStart) => initial;

    public ScalingDecision Decide(DecisionContext context)
    {
        var desired = script.Single(step => BacktestFixtures.Start.AddSeconds(step.Second) == context.Now).Replicas;
        var action = desired > context.Current ? ScalingAction.ScaleUp : desired < context.Current ? ScalingAction.ScaleDown : ScalingAction.None;
        return new ScalingDecision(context.Current, desired, desired, action, "scripted", []);
    }
}
