using LabA.Deployment.Settings;

namespace LabA.Deployment.Cluster;

/// <summary>
/// The kind CLI calls the program wraps (there is no official Pulumi kind provider). Names are validated DNS
/// labels, so they need no shell quoting.
/// </summary>
public static class KindCommands
{
    /// <summary>Creates the single-node cluster unless it already exists, so a retried <c>pulumi up</c> does not fail on it.</summary>
    public static string Create(StackSettings settings) =>
        $"kind get clusters 2>/dev/null | grep -qx '{settings.ClusterName}' || kind create cluster --name {settings.ClusterName} --wait 120s";

    public static string Delete(StackSettings settings) => $"kind delete cluster --name {settings.ClusterName}";

    public static string GetKubeconfig(StackSettings settings) => $"kind get kubeconfig --name {settings.ClusterName}";
}

/// <summary>Commands that show the lab working, with the context named so they never act on another cluster.</summary>
public static class WatchCommands
{
    public static IReadOnlyDictionary<string, string> For(StackSettings settings)
    {
        var kubectl = $"kubectl --context {settings.KubeContext} --namespace {settings.Namespace}";
        return new Dictionary<string, string>
        {
            ["replicas"] = $"{kubectl} get deployment {Domain.Wiring.Names.SampleApp} -w",
            ["latestScalerRun"] =
                $"{kubectl} logs job/$({kubectl} get jobs -l {Domain.Wiring.Labels.App}={Domain.Wiring.Names.Scaler} --sort-by=.metadata.creationTimestamp -o jsonpath='{{.items[-1:].metadata.name}}')",
            ["scalerEvents"] = $"{kubectl} get events --field-selector involvedObject.name={Domain.Wiring.Names.SampleApp} -w",
            ["predictor"] = $"{kubectl} port-forward service/{Domain.Wiring.Names.Predictor} 8080:{Domain.Wiring.Defaults.PredictorServicePort}",
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
