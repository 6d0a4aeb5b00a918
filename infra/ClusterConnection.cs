using Pulumi;

namespace LabA.Infra;

/// <summary>What the workloads need of the cluster they run on, whichever kind it is.</summary>
public interface IClusterConnection
{
    /// <summary>The explicit provider every Kubernetes resource uses, so nothing lands on whatever context is current by chance.</summary>
    Pulumi.Kubernetes.Provider Provider { get; }

    Output<string> ClusterName { get; }

    /// <summary>A secret.</summary>
    Output<string> Kubeconfig { get; }
}

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
