namespace LabA.Deployment.Workloads;

/// <summary>
/// The Pod Security "restricted" profile, as one pod and its container must set it. Every LabA pod carries one;
/// only the user differs, because each image has its own non-root user.
/// </summary>
public sealed record PodSecurity(long RunAsUser)
{
    public bool RunAsNonRoot => true;
    public long RunAsGroup => RunAsUser;
    public string SeccompProfile => "RuntimeDefault";
    public bool AllowPrivilegeEscalation => false;
    public bool ReadOnlyRootFilesystem => true;
    public IReadOnlyList<string> DropCapabilities { get; } = ["ALL"];
}

/// <summary>A writable or configured directory in an otherwise read-only container: an emptyDir, or a ConfigMap when <see cref="ConfigMap"/> is set.</summary>
public sealed record VolumeSpec(string Name, string MountPath, string? ConfigMap = null);

public sealed record HttpProbe(string Path, int Port, int InitialDelaySeconds, int PeriodSeconds, int TimeoutSeconds, int FailureThreshold);

public sealed record ComputeResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);

public sealed record ContainerSpec(
    string Name,
    string Image,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    int? Port,
    HttpProbe? Liveness,
    HttpProbe? Readiness,
    ComputeResources Resources,
    IReadOnlyList<VolumeSpec> Volumes)
{
    /// <summary>Images LabA builds exist only in the kind node (no registry), so they must never be pulled.</summary>
    public string ImagePullPolicy => "IfNotPresent";
}

/// <summary>Everything about one pod template; <see cref="ServiceAccount"/> null means no API token is mounted.</summary>
/// <param name="ImagePullSecrets">Existing Secrets the kubelet pulls the image with (an existing cluster's private registry); none for kind.</param>
public sealed record PodTemplateSpec(
    IReadOnlyDictionary<string, string> Labels,
    ContainerSpec Container,
    PodSecurity Security,
    string? ServiceAccount = null,
    IReadOnlyList<string>? ImagePullSecrets = null)
{
    public bool AutomountServiceAccountToken => ServiceAccount is not null;
}

public sealed record ServiceSpec(string Name, int Port, int TargetPort)
{
    public string Type => "ClusterIP";
}

/// <param name="ReplicasOwnedByScaler">The Scaler moves the replica count after creation; the program sets it once and then ignores it.</param>
/// <param name="Ingress">Who may reach the pods, and on which port.</param>
public sealed record DeploymentSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Selector,
    int Replicas,
    bool ReplicasOwnedByScaler,
    PodTemplateSpec Pod,
    ServiceSpec Service,
    NetworkPolicySpec Ingress);

public sealed record CronJobSpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Schedule,
    string ConcurrencyPolicy,
    int SuccessfulJobsHistoryLimit,
    int FailedJobsHistoryLimit,
    int StartingDeadlineSeconds,
    int ActiveDeadlineSeconds,
    int BackoffLimit,
    string RestartPolicy,
    PodTemplateSpec Pod);

public sealed record PolicyRuleSpec(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string>? ResourceNames = null);

public sealed record RbacSpec(string ServiceAccount, string Role, string RoleBinding, IReadOnlyList<PolicyRuleSpec> Rules);

/// <summary>A ConfigMap the program creates; <see cref="Data"/> is file name to content.</summary>
/// <param name="DataOwnedByScaler">The Scaler writes the data after creation; the program creates it once and then leaves it alone.</param>
public sealed record ConfigMapSpec(
    string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Data, bool DataOwnedByScaler = false);

/// <summary>Pods let in: those carrying all of <see cref="PodLabels"/>, in the policy's own namespace or, with <see cref="AnyNamespace"/>, in any.</summary>
public sealed record NetworkPeerSpec(IReadOnlyDictionary<string, string> PodLabels, bool AnyNamespace = false);

/// <summary>Traffic let in to the selected pods' TCP <see cref="Port"/> from <see cref="From"/>; an empty list lets in every source.</summary>
public sealed record NetworkIngressSpec(IReadOnlyList<NetworkPeerSpec> From, int Port);

/// <summary>
/// An ingress NetworkPolicy: once a pod is selected by one, only what its rules let in reaches it. Traffic from the
/// pod's own node (the kubelet's probes) is always allowed.
/// </summary>
public sealed record NetworkPolicySpec(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> PodSelector,
    IReadOnlyList<NetworkIngressSpec> Ingress)
{
    public IReadOnlyList<string> PolicyTypes { get; } = ["Ingress"];
}
