namespace LabA.Deployment.Workloads;

/// <summary>
/// The ingress NetworkPolicy of one service's pods: once a pod is selected by one, only <see cref="From"/> reaches it,
/// and only on its container port. An empty <see cref="From"/> lets in every source, unless <see cref="Closed"/>: then
/// none. Traffic from the pod's own node (the kubelet's probes) is always allowed.
/// </summary>
public sealed record IngressPolicy(IReadOnlyList<IngressPeer> From, bool Closed = false)
{
    public IReadOnlyList<string> PolicyTypes { get; } = ["Ingress"];

    public static IngressPolicy FromAnywhere { get; } = new([]);

    /// <summary>Only <paramref name="peers"/>; none at all when there are none, never "anywhere" by accident.</summary>
    public static IngressPolicy Only(IReadOnlyList<IngressPeer> peers) => new(peers, Closed: peers.Count == 0);
}
