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

/// <summary>Commands that show the lab working, with the context named so they never act on another cluster.</summary>
public static class WatchCommands
{
    public static IReadOnlyDictionary<string, string> For(StackSettings settings)
    {
        // Without a configured context (an existing cluster on kubectl's current one), kubectl picks the same one the stack used.
        var context = settings.KubeContext is { } name ? $"--context {name} " : "";
        var kubectl = $"kubectl {context}--namespace {settings.Namespace}";
        return new Dictionary<string, string>
        {
            ["replicas"] = $"{kubectl} get deployment {Domain.Wiring.Names.SampleApp} -w",
            ["latestScalerRun"] =
                $"{kubectl} logs job/$({kubectl} get jobs -l {Domain.Wiring.Labels.App}={Domain.Wiring.Names.Scaler} --sort-by=.metadata.creationTimestamp " +
                $"-o jsonpath='{{.items[-1:].metadata.name}}')",
            ["scalerEvents"] = $"{kubectl} get events --field-selector involvedObject.name={Domain.Wiring.Names.SampleApp} -w",
            ["predictor"] = $"{kubectl} port-forward service/{Domain.Wiring.Names.Predictor} 8080:{Domain.Wiring.Defaults.PredictorServicePort}",
            // The retrain job records each decision (promoted, kept, skipped) as an Event on the model store.
            ["modelEvents"] = $"{kubectl} get events --field-selector involvedObject.name={Domain.Wiring.Names.ModelStore} -w",
        };
    }
}

/// <summary>
/// Labels that make the API server enforce the Pod Security "restricted" profile in the lab's namespace, so a
/// pod that does not meet it is refused at admission instead of running quietly.
/// </summary>
public static class NamespacePolicy
{
    public static IReadOnlyDictionary<string, string> RestrictedLabels { get; } = new Dictionary<string, string>
    {
        ["pod-security.kubernetes.io/enforce"] = "restricted",
        ["pod-security.kubernetes.io/enforce-version"] = "latest",
        ["pod-security.kubernetes.io/warn"] = "restricted",
    };

    /// <summary>The namespace every cluster has; the program labels it rather than creating (or, on destroy, deleting) it.</summary>
    public static bool IsBuiltIn(string name) => name == "default";
}
