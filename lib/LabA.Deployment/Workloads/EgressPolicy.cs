namespace LabA.Deployment.Workloads;

/// <summary>The egress NetworkPolicy of one workload's pods: once selected, they reach only <see cref="To"/> (empty: nothing).</summary>
public sealed record EgressPolicy(string Name, IReadOnlyDictionary<string, string> PodSelector, IReadOnlyList<EgressPeer> To)
{
    public IReadOnlyList<string> PolicyTypes { get; } = ["Egress"];
}
