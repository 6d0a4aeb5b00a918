using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;
using Pulumi;
using Pulumi.Command.Local;

namespace LabA.Infra;

/// <summary>
/// A single control-plane kind cluster, created on up and deleted on destroy. There is no official Pulumi kind
/// provider, so this wraps the kind CLI with Pulumi.Command (see <see cref="KindCommands"/> for how a cluster deleted
/// behind the stack's back is noticed and re-created). Its kubeconfig is a secret and feeds the explicit Kubernetes
/// provider every workload uses.
/// </summary>
public sealed class KindCluster : ComponentResource, IClusterConnection
{
    /// <param name="observedNodeId">The node container's ID as the program found it before this run; null when there was none.</param>
    public KindCluster(string name, StackSettings settings, string? observedNodeId, ComponentResourceOptions? options = null)
        : base("lab-a:index:KindCluster", name, options)
    {
        var ensure = KindCommands.Ensure(settings);
        var cluster = new Command($"{name}-kind", new CommandArgs
        {
            Create = ensure,
            Update = ensure,
            Delete = KindCommands.Delete(settings),
            Environment = { { KindCommands.ObservedNodeVariable, KindCommands.ObservedNode(observedNodeId) } },
        }, new CustomResourceOptions { Parent = this });

        var kubeconfig = new Command($"{name}-kubeconfig", new CommandArgs
        {
            Create = KindCommands.GetKubeconfig(settings),
            // A new node (stdout is its container ID) is a new cluster, with a new API server port and certificates.
            Triggers = { (Input<object>)cluster.Stdout.Apply(object (id) => id) },
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = { cluster },
            AdditionalSecretOutputs = { "stdout" },
        });

        ClusterName = cluster.Stdout.Apply(_ => settings.ClusterName);
        NodeContainer = cluster.Stdout.Apply(_ => settings.ControlPlaneContainer);
        Kubeconfig = Output.CreateSecret(kubeconfig.Stdout);
        Provider = KubernetesProviders.Create($"{name}-provider", KubernetesProviderSettings.For(settings), Kubeconfig, this);

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
