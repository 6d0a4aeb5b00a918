namespace LabA.Deployment.Workloads;

/// <summary>Pods let in: those carrying all of <see cref="PodLabels"/>, in the policy's own namespace or, with <see cref="AnyNamespace"/>, in any.</summary>
public sealed record IngressPeer(IReadOnlyDictionary<string, string> PodLabels, bool AnyNamespace = false)
{
    /// <summary>Prometheus, as its operator and the prometheus Helm chart label its pods, from whichever namespace it runs in.</summary>
    public static IngressPeer Prometheus { get; } =
        new(new Dictionary<string, string> { [Domain.Wiring.Labels.Name] = Domain.Wiring.Names.Prometheus }, AnyNamespace: true);
}
