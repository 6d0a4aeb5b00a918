using LabA.Deployment.Settings;

namespace LabA.Deployment.Cluster;

/// <summary>
/// How the explicit Kubernetes provider every workload uses reaches its cluster.
/// </summary>
/// <param name="Context">The kubeconfig context; null for the kubeconfig's current one (kind's own kubeconfig sets it).</param>
/// <param name="UsesStackKubeconfig">The provider is handed a kubeconfig (kind's, or lab-a:kubeconfig); otherwise it reads kubectl's.</param>
/// <param name="DeleteUnreachable">
/// Whether resources on a cluster that no longer answers are dropped from the stack instead of failing. True for kind:
/// a kind cluster that is gone took its resources with it, so destroy and re-create must not wait on them. False for
/// an existing cluster: an API server that is only unreachable for a moment would otherwise make Pulumi forget
/// resources that still run there.
/// </param>
public sealed record KubernetesProviderSettings(string? Context, bool UsesStackKubeconfig, bool DeleteUnreachable)
{
    public static KubernetesProviderSettings For(StackSettings settings) => settings.Existing is { } existing
        ? new(existing.KubeContext, existing.KubeconfigSet, DeleteUnreachable: false)
        : new(Context: null, UsesStackKubeconfig: true, DeleteUnreachable: true);
}
