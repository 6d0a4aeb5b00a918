namespace LabA.Deployment.Workloads;

/// <summary>
/// Pods let in: those carrying all of <see cref="PodLabels"/>, in the policy's own namespace (<see cref="Namespace"/>
/// null) or in the namespace named, selected by <see cref="NetworkPort.NamespaceNameLabel"/>, which Kubernetes sets
/// and nobody can change, so a pod elsewhere cannot pass for the peer by copying its labels.
/// </summary>
public sealed record IngressPeer(IReadOnlyDictionary<string, string> PodLabels, string? Namespace = null)
{
    /// <summary>Prometheus, as its operator and the prometheus Helm chart label its pods, in the namespace it runs in.</summary>
    public static IngressPeer PrometheusIn(string @namespace) =>
        new(new Dictionary<string, string> { [Domain.Wiring.Labels.Name] = Domain.Wiring.Names.Prometheus }, @namespace);
}
