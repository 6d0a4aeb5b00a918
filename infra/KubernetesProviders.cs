using Pulumi;

namespace LabA.Infra;

internal static class KubernetesProviders
{
    /// <summary>Maps <see cref="Deployment.Cluster.KubernetesProviderSettings"/> one to one onto the provider's arguments.</summary>
    public static Pulumi.Kubernetes.Provider Create(
        string name, Deployment.Cluster.KubernetesProviderSettings settings, Output<string>? kubeconfig, Resource parent)
    {
        var args = new Pulumi.Kubernetes.ProviderArgs { DeleteUnreachable = settings.DeleteUnreachable };
        if (settings.UsesStackKubeconfig && kubeconfig is not null) args.KubeConfig = kubeconfig;
        if (settings.Context is { } context) args.Context = context;
        return new Pulumi.Kubernetes.Provider(name, args, new CustomResourceOptions { Parent = parent });
    }
}
