namespace LabA.Deployment.Workloads;

/// <summary>A port a NetworkPolicy rule allows: the pod's port, since policies see traffic after a Service's translation.</summary>
public sealed record NetworkPort(int Port, string Protocol = "TCP")
{
    /// <summary>The label Kubernetes puts on every namespace with its own name; immutable, unlike any label of a pod.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";
}
