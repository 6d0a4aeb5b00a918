namespace LabA.Deployment.Workloads;

/// <summary>
/// A writable or configured directory in an otherwise read-only container: an emptyDir, a ConfigMap when
/// <see cref="ConfigMap"/> is set, or a Secret (mounted read-only, readable by the pod's user alone) when <see cref="Secret"/> is.
/// </summary>
/// <param name="ReadOnlyConfig">A ConfigMap the pod only reads (the workloads list, a model store it serves), mounted read-only.</param>
public sealed record VolumePlan(string Name, string MountPath, string? ConfigMap = null, string? Secret = null, bool ReadOnlyConfig = false)
{
    /// <summary>0440: the file belongs to root and the pod's fsGroup (<see cref="PodSecurity.FsGroup"/>), the container user's group; no one else reads it.</summary>
    public const int SecretFileMode = 0b100_100_000;

    public bool ReadOnly => Secret is not null || ReadOnlyConfig && ConfigMap is not null;
}
