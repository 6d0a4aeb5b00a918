using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Apps.V1;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Networking.V1;

namespace LabA.Infra;

/// <summary>One-to-one mapping of LabA.Deployment's plain specs onto Pulumi.Kubernetes input types; no decisions here.</summary>
internal static class KubernetesMapping
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

    public static PodTemplateSpecArgs PodTemplate(PodTemplateSpec pod) => new()
    {
        Metadata = new ObjectMetaArgs { Labels = Map(pod.Labels) },
        Spec = PodSpec(pod, restartPolicy: null),
    };

    public static PodSpecArgs PodSpec(PodTemplateSpec pod, string? restartPolicy)
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
            VolumeMounts = container.Volumes.Select(volume => new VolumeMountArgs { Name = volume.Name, MountPath = volume.MountPath }).ToList(),
        };
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

    private static VolumeArgs Volume(VolumeSpec volume) => volume.ConfigMap is { } configMap
        ? new VolumeArgs { Name = volume.Name, ConfigMap = new ConfigMapVolumeSourceArgs { Name = configMap } }
        : new VolumeArgs { Name = volume.Name, EmptyDir = new EmptyDirVolumeSourceArgs() };

    private static ProbeArgs Probe(HttpProbe probe) => new()
    {
        HttpGet = new HTTPGetActionArgs { Path = probe.Path, Port = probe.Port },
        InitialDelaySeconds = probe.InitialDelaySeconds,
        PeriodSeconds = probe.PeriodSeconds,
        TimeoutSeconds = probe.TimeoutSeconds,
        FailureThreshold = probe.FailureThreshold,
    };

    // Not "Deployment": that name is Pulumi's engine class in every file that imports Pulumi.
    public static DeploymentArgs DeploymentFor(DeploymentSpec deployment, string ns) => new()
    {
        Metadata = Metadata(deployment.Name, ns, deployment.Labels),
        Spec = new DeploymentSpecArgs
        {
            Replicas = deployment.Replicas,
            Selector = new LabelSelectorArgs { MatchLabels = Map(deployment.Selector) },
            Template = PodTemplate(deployment.Pod),
        },
    };

    public static ServiceArgs Service(DeploymentSpec deployment, string ns) => new()
    {
        Metadata = Metadata(deployment.Service.Name, ns, deployment.Labels),
        Spec = new ServiceSpecArgs
        {
            Type = deployment.Service.Type,
            Selector = Map(deployment.Selector),
            Ports = { new ServicePortArgs { Name = "http", Port = deployment.Service.Port, TargetPort = deployment.Service.TargetPort } },
        },
    };

    public static NetworkPolicyArgs NetworkPolicyFor(NetworkPolicySpec policy, string ns) => new()
    {
        Metadata = Metadata(policy.Name, ns, policy.Labels),
        Spec = new NetworkPolicySpecArgs
        {
            PodSelector = new LabelSelectorArgs { MatchLabels = Map(policy.PodSelector) },
            PolicyTypes = policy.PolicyTypes.ToList(),
            Ingress = policy.Ingress.Select(rule =>
            {
                var args = new NetworkPolicyIngressRuleArgs
                {
                    Ports = { new NetworkPolicyPortArgs { Protocol = "TCP", Port = rule.Port } },
                };
                // No "from" at all lets in every source; an empty list would let in none.
                if (rule.From.Count > 0) args.From = rule.From.Select(Peer).ToList();
                return args;
            }).ToList(),
        },
    };

    private static NetworkPolicyPeerArgs Peer(NetworkPeerSpec peer)
    {
        var args = new NetworkPolicyPeerArgs { PodSelector = new LabelSelectorArgs { MatchLabels = Map(peer.PodLabels) } };
        // An empty namespace selector matches every namespace; without one, only the policy's own.
        if (peer.AnyNamespace) args.NamespaceSelector = new LabelSelectorArgs();
        return args;
    }

    public static ConfigMapArgs ConfigMapFor(ConfigMapSpec configMap, string ns) => new()
    {
        Metadata = Metadata(configMap.Name, ns, configMap.Labels),
        Data = Map(configMap.Data),
    };
}
