namespace LabA.Deployment.Workloads;

/// <summary>
/// One destination a pod may reach: pods carrying <see cref="PodLabels"/> (in the policy's namespace, or in
/// <see cref="Namespace"/>), or, for what is not a pod, the addresses of <see cref="Cidr"/>; only on <see cref="Ports"/>
/// (empty: any port of those pods). <see cref="Purpose"/> says why, for people reading the plan and its tests.
/// </summary>
public sealed record EgressPeer(string Purpose, IReadOnlyDictionary<string, string>? PodLabels, string? Namespace, string? Cidr, IReadOnlyList<NetworkPort> Ports);
