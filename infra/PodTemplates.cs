using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Batch.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;

namespace LabA.Infra;

/// <summary>
/// What every component maps the same way: metadata, label maps, pod templates, CronJobs and ConfigMaps, one to one from
/// LabA.Deployment's plans onto Pulumi.Kubernetes input types; no decisions here.
/// </summary>
internal static class PodTemplates
{
    public static ObjectMetaArgs Metadata(string name, string ns, IReadOnlyDictionary<string, string> labels) => new()
    {
        Name = name,
        Namespace = ns,
        Labels = Map(labels),
    };

    public static InputMap<string> Map(IReadOnlyDictionary<string, string> values)
    {
        var map = new InputMap<string>();
        foreach (var (key, value) in values) map.Add(key, value);
        return map;
    }

    public static PodTemplateSpecArgs PodTemplate(PodPlan pod) => new()
    {
        Metadata = new ObjectMetaArgs { Labels = Map(pod.Labels) },
        Spec = PodSpec(pod, restartPolicy: null),
    };

    public static PodSpecArgs PodSpec(PodPlan pod, string? restartPolicy)
    {
        var container = pod.Container;
        var security = pod.Security;
        var containerArgs = new ContainerArgs
        {
            Name = container.Name,
            Image = container.Image,
            ImagePullPolicy = container.ImagePullPolicy,
            Env = container.Env.Select(variable => new EnvVarArgs { Name = variable.Key, Value = variable.Value }).ToList(),
            Resources = new ResourceRequirementsArgs
            {
                Requests = { { "cpu", container.Resources.CpuRequest }, { "memory", container.Resources.MemoryRequest } },
                Limits = { { "cpu", container.Resources.CpuLimit }, { "memory", container.Resources.MemoryLimit } },
            },
            SecurityContext = new SecurityContextArgs
            {
                RunAsNonRoot = security.RunAsNonRoot,
                AllowPrivilegeEscalation = security.AllowPrivilegeEscalation,
                ReadOnlyRootFilesystem = security.ReadOnlyRootFilesystem,
                Capabilities = new CapabilitiesArgs { Drop = security.DropCapabilities.ToList() },
                SeccompProfile = new SeccompProfileArgs { Type = security.SeccompProfile },
            },
            VolumeMounts = container.Volumes.Select(volume => new VolumeMountArgs { Name = volume.Name, MountPath = volume.MountPath, ReadOnly = volume.ReadOnly }).ToList(),
        };
        if (container.Args is { Count: > 0 } arguments) containerArgs.Args = arguments.ToList();
        if (container.Port is { } port) containerArgs.Ports = new List<ContainerPortArgs> { new() { Name = "http", ContainerPortValue = port } };
        if (container.Liveness is { } liveness) containerArgs.LivenessProbe = Probe(liveness);
        if (container.Readiness is { } readiness) containerArgs.ReadinessProbe = Probe(readiness);

        var spec = new PodSpecArgs
        {
            AutomountServiceAccountToken = pod.AutomountServiceAccountToken,
            SecurityContext = new PodSecurityContextArgs
            {
                RunAsNonRoot = security.RunAsNonRoot,
                RunAsUser = (int)security.RunAsUser,
                RunAsGroup = (int)security.RunAsGroup,
                FsGroup = (int)security.FsGroup,
                SeccompProfile = new SeccompProfileArgs { Type = security.SeccompProfile },
            },
            Containers = { containerArgs },
            Volumes = container.Volumes.Select(Volume).ToList(),
        };
        if (pod.ServiceAccount is { } serviceAccount) spec.ServiceAccountName = serviceAccount;
        if (pod.ImagePullSecrets is { Count: > 0 } pullSecrets)
            spec.ImagePullSecrets = pullSecrets.Select(secret => new LocalObjectReferenceArgs { Name = secret }).ToList();
        if (restartPolicy is not null) spec.RestartPolicy = restartPolicy;
        return spec;
    }

    private static VolumeArgs Volume(VolumePlan volume) => volume switch
    {
        { ConfigMap: { } configMap } => new VolumeArgs { Name = volume.Name, ConfigMap = new ConfigMapVolumeSourceArgs { Name = configMap } },
        { Secret: { } secret } => new VolumeArgs
        {
            Name = volume.Name,
            Secret = new SecretVolumeSourceArgs { SecretName = secret, DefaultMode = VolumePlan.SecretFileMode },
        },
        _ => new VolumeArgs { Name = volume.Name, EmptyDir = new EmptyDirVolumeSourceArgs() },
    };

    private static ProbeArgs Probe(HttpProbe probe) => new()
    {
        HttpGet = new HTTPGetActionArgs { Path = probe.Path, Port = probe.Port },
        InitialDelaySeconds = probe.InitialDelaySeconds,
        PeriodSeconds = probe.PeriodSeconds,
        TimeoutSeconds = probe.TimeoutSeconds,
        FailureThreshold = probe.FailureThreshold,
    };

    public static CronJobArgs CronJobFor(CronJobPlan spec, string ns) => new()
    {
        Metadata = Metadata(spec.Name, ns, spec.Labels),
        Spec = new CronJobSpecArgs
        {
            Schedule = spec.Schedule,
            ConcurrencyPolicy = spec.ConcurrencyPolicy,
            SuccessfulJobsHistoryLimit = spec.SuccessfulJobsHistoryLimit,
            FailedJobsHistoryLimit = spec.FailedJobsHistoryLimit,
            StartingDeadlineSeconds = spec.StartingDeadlineSeconds,
            JobTemplate = new JobTemplateSpecArgs
            {
                Metadata = new ObjectMetaArgs { Labels = Map(spec.Labels) },
                Spec = new JobSpecArgs
                {
                    ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds,
                    BackoffLimit = spec.BackoffLimit,
                    Template = new PodTemplateSpecArgs
                    {
                        Metadata = new ObjectMetaArgs { Labels = Map(spec.Pod.Labels) },
                        Spec = PodSpec(spec.Pod, spec.RestartPolicy),
                    },
                },
            },
        },
    };

    /// <summary>The Secret's one key from the Pulumi secret the plan names: encrypted in the state, never a plain value here.</summary>
    public static SecretArgs SecretFor(SecretPlan secret, string ns, Config config) => new()
    {
        Metadata = Metadata(secret.Name, ns, secret.Labels),
        Type = "Opaque",
        StringData = { { secret.Key, config.RequireSecret(secret.StackKey) } },
    };

    /// <summary>A namespace by the name label Kubernetes sets on it, which no one can put on another namespace.</summary>
    public static LabelSelectorArgs NamespaceNamed(string ns) =>
        new() { MatchLabels = Map(new Dictionary<string, string> { [NetworkPort.NamespaceNameLabel] = ns }) };

    public static Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicyArgs EgressPolicyFor(EgressPolicy policy, string ns, IReadOnlyDictionary<string, string> labels) => new()
    {
        Metadata = Metadata(policy.Name, ns, labels),
        Spec = new Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicySpecArgs
        {
            PodSelector = new LabelSelectorArgs { MatchLabels = Map(policy.PodSelector) },
            PolicyTypes = policy.PolicyTypes.ToList(),
            Egress = policy.To.Select(EgressRule).ToList(),
        },
    };

    private static Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicyEgressRuleArgs EgressRule(EgressPeer peer)
    {
        var to = new Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicyPeerArgs();
        if (peer.Cidr is { } cidr) to.IpBlock = new Pulumi.Kubernetes.Types.Inputs.Networking.V1.IPBlockArgs { Cidr = cidr };
        if (peer.PodLabels is { } podLabels) to.PodSelector = new LabelSelectorArgs { MatchLabels = Map(podLabels) };
        if (peer.Namespace is { } peerNamespace) to.NamespaceSelector = NamespaceNamed(peerNamespace);
        var rule = new Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicyEgressRuleArgs { To = { to } };
        // No ports: every port of those pods.
        if (peer.Ports.Count > 0)
            rule.Ports = peer.Ports.Select(port => new Pulumi.Kubernetes.Types.Inputs.Networking.V1.NetworkPolicyPortArgs { Protocol = port.Protocol, Port = port.Port }).ToList();
        return rule;
    }

    public static ConfigMapArgs ConfigMapFor(ConfigMapPlan configMap, string ns) => new()
    {
        Metadata = Metadata(configMap.Name, ns, configMap.Labels),
        Data = Map(configMap.Data),
    };
}
