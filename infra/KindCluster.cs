using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;
using Pulumi;
using Pulumi.Command.Local;

namespace LabA.Infra;

/// <summary>
/// A single control-plane kind cluster, created on up and deleted on destroy. There is no official Pulumi kind
/// provider, so this wraps the kind CLI with Pulumi.Command. Its kubeconfig is a secret and feeds the explicit
/// Kubernetes provider every workload uses, so nothing lands on whatever kubectl context happens to be current.
/// </summary>
public sealed class KindCluster : ComponentResource
{
    public KindCluster(string name, StackSettings settings, ComponentResourceOptions? options = null)
        : base("lab-a:index:KindCluster", name, options)
    {
        var cluster = new Command($"{name}-kind", new CommandArgs
        {
            Create = KindCommands.Create(settings),
            Delete = KindCommands.Delete(settings),
        }, new CustomResourceOptions { Parent = this });

        var kubeconfig = new Command($"{name}-kubeconfig", new CommandArgs
        {
            Create = KindCommands.GetKubeconfig(settings),
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = { cluster },
            AdditionalSecretOutputs = { "stdout" },
        });

        ClusterName = cluster.Stdout.Apply(_ => settings.ClusterName);
        NodeContainer = cluster.Stdout.Apply(_ => settings.ControlPlaneContainer);
        Kubeconfig = Output.CreateSecret(kubeconfig.Stdout);
        Provider = new Pulumi.Kubernetes.Provider($"{name}-provider", new Pulumi.Kubernetes.ProviderArgs
        {
            KubeConfig = Kubeconfig,
        }, new CustomResourceOptions { Parent = this });

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["clusterName"] = ClusterName,
            ["kubeconfig"] = Kubeconfig,
        });
    }

    /// <summary>Known once the cluster exists, so what depends on it waits for it.</summary>
    public Output<string> ClusterName { get; }

    /// <summary>The node container images are loaded into, known once the cluster exists.</summary>
    public Output<string> NodeContainer { get; }

    public Output<string> Kubeconfig { get; }

    public Pulumi.Kubernetes.Provider Provider { get; }
}
