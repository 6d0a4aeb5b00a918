namespace LabA.Deployment.Workloads;

/// <summary>Everything about one pod template; <see cref="ServiceAccount"/> null means no API token is mounted.</summary>
/// <param name="ImagePullSecrets">Existing Secrets the kubelet pulls the image with (an existing cluster's private registry); none for kind.</param>
public sealed record PodPlan(
    IReadOnlyDictionary<string, string> Labels,
    ContainerPlan Container,
    PodSecurity Security,
    string? ServiceAccount = null,
    IReadOnlyList<string>? ImagePullSecrets = null)
{
    public bool AutomountServiceAccountToken => ServiceAccount is not null;
}
