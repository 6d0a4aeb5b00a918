using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;
using Pulumi;

namespace LabA.Infra;

/// <summary>
/// A cluster the stack neither creates nor deletes: only a provider for it, from <c>lab-a:kubeconfig</c> (a secret)
/// or, when that is unset, kubectl's kubeconfig, on <c>lab-a:kubeContext</c> or the current context.
/// </summary>
public sealed class ExistingCluster : ComponentResource, IClusterConnection
{
    /// <param name="kubeconfig">The secret <c>lab-a:kubeconfig</c>; null when unset.</param>
    public ExistingCluster(string name, StackSettings settings, Output<string>? kubeconfig, ComponentResourceOptions? options = null)
        : base("lab-a:index:ExistingCluster", name, options)
    {
        var existing = settings.Existing ?? throw new ArgumentException("not an existing-cluster stack", nameof(settings));
        ClusterName = Output.Create(existing.ClusterName);
        Kubeconfig = Output.CreateSecret(kubeconfig ?? Output.Create(ExistingClusterSettings.KubectlKubeconfig));
        Provider = KubernetesProviders.Create($"{name}-provider", KubernetesProviderSettings.For(settings), kubeconfig, this);
        RegisterOutputs(new Dictionary<string, object?> { ["clusterName"] = ClusterName });
    }

    public Output<string> ClusterName { get; }

    public Output<string> Kubeconfig { get; }

    public Pulumi.Kubernetes.Provider Provider { get; }
}
