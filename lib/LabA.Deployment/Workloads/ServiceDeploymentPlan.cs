using LabA.Domain.Wiring;

namespace LabA.Deployment.Workloads;

/// <summary>
/// One long-running service of the lab, as the <c>ServiceDeployment</c> component creates it: a Deployment of
/// <see cref="Pod"/>, a ClusterIP Service from <see cref="ServicePort"/> to the container's port, the ingress policy
/// of its pods, and the ConfigMaps its pods mount. Names, labels and selectors all follow from <see cref="Name"/>.
/// </summary>
/// <param name="Component">The <c>app.kubernetes.io/component</c> label: what the service is to the lab.</param>
/// <param name="ReplicasOwnedByScaler">The Scaler moves the replica count after creation; the program sets it once and then ignores it.</param>
public sealed record ServiceDeploymentPlan(
    string Name,
    string Component,
    int Replicas,
    bool ReplicasOwnedByScaler,
    PodPlan Pod,
    int ServicePort,
    IngressPolicy Ingress,
    IReadOnlyList<ConfigMapPlan> ConfigMaps)
{
    /// <summary>The one ConfigMap its pods mount (the sample app's nginx config, the demo's model store); null with none or several.</summary>
    public ConfigMapPlan? Config => ConfigMaps is [var only] ? only : null;

    public IReadOnlyDictionary<string, string> Labels => LabWorkloads.LabelsOf(Name, Component);

    public IReadOnlyDictionary<string, string> Selector => LabWorkloads.SelectorOf(Name);

    public int TargetPort => Pod.Container.Port ?? throw new InvalidOperationException($"{Name}'s container has no port for its Service");

    public string ServiceType => "ClusterIP";

    /// <summary>The cluster DNS name of the Service, in <paramref name="namespace"/>.</summary>
    public string HostIn(string @namespace) => KubernetesNames.ServiceHost(Name, @namespace);
}
