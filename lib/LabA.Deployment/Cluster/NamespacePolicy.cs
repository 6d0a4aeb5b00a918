namespace LabA.Deployment.Cluster;

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
