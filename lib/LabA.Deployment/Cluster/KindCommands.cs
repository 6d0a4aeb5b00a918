using LabA.Deployment.Settings;

namespace LabA.Deployment.Cluster;

/// <summary>
/// The kind CLI calls the program wraps (there is no official Pulumi kind provider). Names are validated DNS
/// labels, so they need no shell quoting.
/// </summary>
/// <remarks>
/// A kind cluster can vanish behind Pulumi's back (<c>kind delete cluster</c>, a Docker reset), and a Command is
/// not refreshed, so the stack would go on believing in it. The program therefore looks for the node container
/// each time it runs and hands what it saw to the cluster Command as <see cref="ObservedNodeVariable"/>. A change
/// there is an in-place update, which runs <see cref="Ensure"/>: it creates the cluster if it is missing and prints
/// the node's container ID, which triggers a fresh kubeconfig. Triggers are not used for this: they replace the
/// Command, and a replacement runs the old instance's delete after the new one's create, deleting the cluster just
/// made. Ensure and <see cref="Delete"/> both tolerate a cluster that is already there or already gone.
/// </remarks>
public static class KindCommands
{
    /// <summary>The environment variable of the cluster Command that carries <see cref="ObservedNode"/>.</summary>
    public const string ObservedNodeVariable = "LABA_OBSERVED_KIND_NODE";

    /// <summary>What the program saw of the node before the update: its container ID, or that there was none.</summary>
    public static string ObservedNode(string? nodeContainerId) => nodeContainerId ?? "absent";

    /// <summary>
    /// Creates the single-node cluster unless it exists (so a retried or re-run up does not fail on it), then prints
    /// the node container's ID and nothing else: the Command's stdout is the cluster's identity.
    /// </summary>
    public static string Ensure(StackSettings settings) =>
        $"clusters=$(kind get clusters) || exit 1; " +
        $"printf '%s\\n' \"$clusters\" | grep -qx '{settings.ClusterName}' || kind create cluster --name {settings.ClusterName} --wait 120s >&2 || exit 1; " +
        $"docker inspect --format '{{{{.Id}}}}' {settings.ControlPlaneContainer}";

    /// <summary>Deletes the cluster; one that is already gone (deleted by hand) is not an error, so destroy completes.</summary>
    public static string Delete(StackSettings settings) =>
        $"clusters=$(kind get clusters) || exit 1; " +
        $"printf '%s\\n' \"$clusters\" | grep -qx '{settings.ClusterName}' || {{ echo 'kind cluster {settings.ClusterName} is already gone' >&2; exit 0; }}; " +
        $"kind delete cluster --name {settings.ClusterName}";

    public static string GetKubeconfig(StackSettings settings) => $"kind get kubeconfig --name {settings.ClusterName}";
}
