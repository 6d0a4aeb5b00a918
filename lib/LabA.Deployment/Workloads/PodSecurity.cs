namespace LabA.Deployment.Workloads;

/// <summary>
/// The Pod Security "restricted" profile, as one pod and its container must set it. Every LabA pod carries one;
/// only the user differs, because each image has its own non-root user.
/// </summary>
public sealed record PodSecurity(long RunAsUser)
{
    public bool RunAsNonRoot => true;
    public long RunAsGroup => RunAsUser;
    /// <summary>Mounted Secrets' files belong to this group, so the container's user reads them with a mode that lets no other user.</summary>
    public long FsGroup => RunAsGroup;
    public string SeccompProfile => "RuntimeDefault";
    public bool AllowPrivilegeEscalation => false;
    public bool ReadOnlyRootFilesystem => true;
    public IReadOnlyList<string> DropCapabilities { get; } = ["ALL"];
}
