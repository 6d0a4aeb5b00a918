using LabA.Deployment.Images;

namespace LabA.Deployment.Settings;

/// <summary>
/// How the lab reaches a cluster it does not create. The kubeconfig (<c>lab-a:kubeconfig</c>) and the registry
/// password are secrets, so they are read apart from these settings; only whether they are set is known here.
/// </summary>
/// <param name="KubeContext">The kubeconfig context to use; null for the kubeconfig's current context, as kubectl takes it.</param>
/// <param name="KubeconfigSet">Whether <c>lab-a:kubeconfig</c> is set; if not, the provider reads kubectl's kubeconfig ($KUBECONFIG, else ~/.kube/config).</param>
/// <param name="Registry">Where the images are pushed and the cluster pulls them from.</param>
/// <param name="RegistryUsername">With <c>lab-a:registryPassword</c>, the push credentials; null to take them from the Docker config.</param>
/// <param name="ImagePullSecret">An existing Secret the pods pull with; null when the nodes can pull anonymously or are set up to.</param>
public sealed record ExistingClusterSettings(
    string? KubeContext,
    bool KubeconfigSet,
    RegistryReference Registry,
    string? RegistryUsername,
    string? ImagePullSecret)
{
    /// <summary>What the stack shows as the kubeconfig when it uses kubectl's own (it never copies that file into its state).</summary>
    public const string KubectlKubeconfig = "(kubectl's kubeconfig: $KUBECONFIG, else ~/.kube/config)";

    /// <summary>How the stack's outputs name the cluster: its context, as the kubeconfig calls it.</summary>
    public string ClusterName => KubeContext ?? "(the kubeconfig's current context)";
}
