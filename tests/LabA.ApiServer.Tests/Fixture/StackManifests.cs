using System.Text.Json.Nodes;
using LabA.Deployment.Cluster;
using LabA.Deployment.Workloads;

namespace LabA.ApiServer.Tests.Fixture;

/// <summary>
/// The stack's objects as the API server receives them: lib/LabA.Deployment's plans mapped field for field the way
/// infra/ maps them onto Pulumi's input types (infra/PodTemplates.cs, ServiceDeployment.cs, RbacObjects.cs, LabStack.cs), so the
/// server's own validation and admission can judge every value the plans decide.
/// </summary>
public static class StackManifests
{
    /// <summary>One object to send: where it is posted, and the body.</summary>
    public sealed record Manifest(string Kind, string Name, string CollectionPath, JsonObject Body);

    public static JsonObject Namespace(string name) => Object("v1", "Namespace", Meta(name, null, NamespacePolicy.RestrictedLabels));

    /// <param name="cronJobVersion">batch/v1 where the server serves it (1.21 and later), else batch/v1beta1, whose spec is the same.</param>
    public static IEnumerable<Manifest> Of(WorkloadPlan plan, string cronJobVersion)
    {
        var ns = plan.Namespace;
        foreach (var service in plan.Services)
        {
            foreach (var config in service.ConfigMaps) yield return ConfigMap(config, ns);
            yield return Namespaced("apps/v1", "Deployment", service.Name, ns, new JsonObject
            {
                ["replicas"] = service.Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = Map(service.Selector) },
                ["template"] = PodTemplate(service.Pod, restartPolicy: null),
            }, service.Labels);
            yield return Namespaced("v1", "Service", service.Name, ns, new JsonObject
            {
                ["type"] = service.ServiceType,
                ["selector"] = Map(service.Selector),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = service.ServicePort, ["targetPort"] = service.TargetPort }),
            }, service.Labels);
            var rule = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["protocol"] = "TCP", ["port"] = service.TargetPort }) };
            if (service.Ingress.From.Count > 0) rule["from"] = new JsonArray([.. service.Ingress.From.Select(Peer)]);
            yield return Namespaced("networking.k8s.io/v1", "NetworkPolicy", service.Name, ns, new JsonObject
            {
                ["podSelector"] = new JsonObject { ["matchLabels"] = Map(service.Selector) },
                ["policyTypes"] = Strings(service.Ingress.PolicyTypes),
                // A closed policy has no rule at all: it admits nothing but the kubelet's probes.
                ["ingress"] = service.Ingress.Closed ? new JsonArray() : new JsonArray(rule),
            }, service.Labels);
        }
        foreach (var egress in plan.Egress)
            yield return Namespaced("networking.k8s.io/v1", "NetworkPolicy", egress.Name, ns, new JsonObject
            {
                ["podSelector"] = new JsonObject { ["matchLabels"] = Map(egress.PodSelector) },
                ["policyTypes"] = Strings(egress.PolicyTypes),
                ["egress"] = new JsonArray([.. egress.To.Select(EgressRule)]),
            }, LabWorkloads.LabelsOf(Domain.Wiring.Names.Project, "network"));
        yield return ConfigMap(plan.ScalerState, ns);
        if (plan.WorkloadsList is { } list) yield return ConfigMap(list, ns);
        if (plan.PrometheusCredentials is { } credentials)
        {
            var secret = Object("v1", "Secret", Meta(credentials.Name, ns, credentials.Labels));
            // The value is a Pulumi secret: any text stands for it here.
            secret["stringData"] = new JsonObject { [credentials.Key] = "a-password" };
            yield return new Manifest("Secret", credentials.Name, Collection("v1", ns, "secrets"), secret);
        }
        foreach (var manifest in Rbac(plan.ScalerRbac, ns)) yield return manifest;
        // The Scaler's Roles in the workloads' other namespaces, bound to its account in the stack's: no account there.
        foreach (var grant in plan.WorkloadRbac ?? [])
            foreach (var manifest in RoleAndBinding(grant.Rbac, grant.Namespace, grant.ServiceAccountNamespace)) yield return manifest;
        if (plan.Retrain is { } retrain)
            foreach (var manifest in Rbac(retrain.Rbac, ns)) yield return manifest;
        foreach (var cronJob in plan.CronJobs) yield return CronJob(cronJob, ns, cronJobVersion);
    }

    private static Manifest ConfigMap(ConfigMapPlan plan, string ns)
    {
        var body = Object("v1", "ConfigMap", Meta(plan.Name, ns, plan.Labels));
        body["data"] = Map(plan.Data);
        return new Manifest("ConfigMap", plan.Name, Collection("v1", ns, "configmaps"), body);
    }

    private static IEnumerable<Manifest> Rbac(RbacSpec rbac, string ns)
    {
        yield return new Manifest("ServiceAccount", rbac.ServiceAccount, Collection("v1", ns, "serviceaccounts"),
            Object("v1", "ServiceAccount", Meta(rbac.ServiceAccount, ns, null)));
        foreach (var manifest in RoleAndBinding(rbac, ns, ns)) yield return manifest;
    }

    private static IEnumerable<Manifest> RoleAndBinding(RbacSpec rbac, string ns, string accountNamespace)
    {
        var role = Object("rbac.authorization.k8s.io/v1", "Role", Meta(rbac.Role, ns, null));
        role["rules"] = new JsonArray([.. rbac.Rules.Select(rule =>
        {
            var node = new JsonObject { ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources), ["verbs"] = Strings(rule.Verbs) };
            if (rule.ResourceNames is { } names) node["resourceNames"] = Strings(names);
            return (JsonNode)node;
        })]);
        yield return new Manifest("Role", rbac.Role, Collection("rbac.authorization.k8s.io/v1", ns, "roles"), role);
        var binding = Object("rbac.authorization.k8s.io/v1", "RoleBinding", Meta(rbac.RoleBinding, ns, null));
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = rbac.Role };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = rbac.ServiceAccount, ["namespace"] = accountNamespace });
        yield return new Manifest("RoleBinding", rbac.RoleBinding, Collection("rbac.authorization.k8s.io/v1", ns, "rolebindings"), binding);
    }

    private static Manifest CronJob(CronJobPlan plan, string ns, string apiVersion) => Namespaced(apiVersion, "CronJob", plan.Name, ns, new JsonObject
    {
        ["schedule"] = plan.Schedule,
        ["concurrencyPolicy"] = plan.ConcurrencyPolicy,
        ["successfulJobsHistoryLimit"] = plan.SuccessfulJobsHistoryLimit,
        ["failedJobsHistoryLimit"] = plan.FailedJobsHistoryLimit,
        ["startingDeadlineSeconds"] = plan.StartingDeadlineSeconds,
        ["jobTemplate"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = Map(plan.Labels) },
            ["spec"] = new JsonObject
            {
                ["activeDeadlineSeconds"] = plan.ActiveDeadlineSeconds,
                ["backoffLimit"] = plan.BackoffLimit,
                ["template"] = PodTemplate(plan.Pod, plan.RestartPolicy),
            },
        },
    }, plan.Labels);

    private static JsonObject PodTemplate(PodPlan pod, string? restartPolicy)
    {
        var container = pod.Container;
        var security = pod.Security;
        var containerNode = new JsonObject
        {
            ["name"] = container.Name,
            ["image"] = container.Image,
            ["imagePullPolicy"] = container.ImagePullPolicy,
            ["env"] = new JsonArray([.. container.Env.Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["value"] = v.Value })]),
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = container.Resources.CpuRequest, ["memory"] = container.Resources.MemoryRequest },
                ["limits"] = new JsonObject { ["cpu"] = container.Resources.CpuLimit, ["memory"] = container.Resources.MemoryLimit },
            },
            ["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = security.RunAsNonRoot,
                ["allowPrivilegeEscalation"] = security.AllowPrivilegeEscalation,
                ["readOnlyRootFilesystem"] = security.ReadOnlyRootFilesystem,
                ["capabilities"] = new JsonObject { ["drop"] = Strings(security.DropCapabilities) },
                ["seccompProfile"] = new JsonObject { ["type"] = security.SeccompProfile },
            },
            ["volumeMounts"] = new JsonArray([.. container.Volumes.Select(v =>
                (JsonNode)new JsonObject { ["name"] = v.Name, ["mountPath"] = v.MountPath, ["readOnly"] = v.ReadOnly })]),
        };
        if (container.Args is { Count: > 0 } arguments) containerNode["args"] = Strings(arguments);
        if (container.Port is { } port) containerNode["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port });
        if (container.Liveness is { } liveness) containerNode["livenessProbe"] = Probe(liveness);
        if (container.Readiness is { } readiness) containerNode["readinessProbe"] = Probe(readiness);
        var spec = new JsonObject
        {
            ["automountServiceAccountToken"] = pod.AutomountServiceAccountToken,
            ["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = security.RunAsNonRoot,
                ["runAsUser"] = security.RunAsUser,
                ["runAsGroup"] = security.RunAsGroup,
                ["fsGroup"] = security.FsGroup,
                ["seccompProfile"] = new JsonObject { ["type"] = security.SeccompProfile },
            },
            ["containers"] = new JsonArray(containerNode),
            ["volumes"] = new JsonArray([.. container.Volumes.Select(Volume)]),
        };
        if (pod.ServiceAccount is { } serviceAccount) spec["serviceAccountName"] = serviceAccount;
        if (pod.ImagePullSecrets is { Count: > 0 } secrets)
            spec["imagePullSecrets"] = new JsonArray([.. secrets.Select(s => (JsonNode)new JsonObject { ["name"] = s })]);
        if (restartPolicy is not null) spec["restartPolicy"] = restartPolicy;
        return new JsonObject { ["metadata"] = new JsonObject { ["labels"] = Map(pod.Labels) }, ["spec"] = spec };
    }

    private static JsonNode Volume(VolumePlan volume) => volume switch
    {
        { ConfigMap: { } configMap } => new JsonObject { ["name"] = volume.Name, ["configMap"] = new JsonObject { ["name"] = configMap } },
        { Secret: { } secret } => new JsonObject
        {
            ["name"] = volume.Name,
            ["secret"] = new JsonObject { ["secretName"] = secret, ["defaultMode"] = VolumePlan.SecretFileMode },
        },
        _ => new JsonObject { ["name"] = volume.Name, ["emptyDir"] = new JsonObject() },
    };

    private static JsonObject Probe(HttpProbe probe) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = probe.Path, ["port"] = probe.Port },
        ["initialDelaySeconds"] = probe.InitialDelaySeconds,
        ["periodSeconds"] = probe.PeriodSeconds,
        ["timeoutSeconds"] = probe.TimeoutSeconds,
        ["failureThreshold"] = probe.FailureThreshold,
    };

    private static JsonObject Peer(IngressPeer peer)
    {
        var node = new JsonObject { ["podSelector"] = new JsonObject { ["matchLabels"] = Map(peer.PodLabels) } };
        if (peer.Namespace is { } ns) node["namespaceSelector"] = NamespaceNamed(ns);
        return node;
    }

    private static JsonNode EgressRule(EgressPeer peer)
    {
        var to = new JsonObject();
        if (peer.Cidr is { } cidr) to["ipBlock"] = new JsonObject { ["cidr"] = cidr };
        if (peer.PodLabels is { } podLabels) to["podSelector"] = new JsonObject { ["matchLabels"] = Map(podLabels) };
        if (peer.Namespace is { } ns) to["namespaceSelector"] = NamespaceNamed(ns);
        var rule = new JsonObject { ["to"] = new JsonArray(to) };
        if (peer.Ports.Count > 0)
            rule["ports"] = new JsonArray([.. peer.Ports.Select(port => (JsonNode)new JsonObject { ["protocol"] = port.Protocol, ["port"] = port.Port })]);
        return rule;
    }

    private static JsonObject NamespaceNamed(string ns) =>
        new() { ["matchLabels"] = new JsonObject { [NetworkPort.NamespaceNameLabel] = ns } };

    private static Manifest Namespaced(
        string apiVersion, string kind, string name, string ns, JsonObject spec, IReadOnlyDictionary<string, string> labels)
    {
        var body = Object(apiVersion, kind, Meta(name, ns, labels));
        body["spec"] = spec;
        var resource = kind == "NetworkPolicy" ? "networkpolicies" : kind.ToLowerInvariant() + "s";
        return new Manifest(kind, name, Collection(apiVersion, ns, resource), body);
    }

    private static string Collection(string apiVersion, string ns, string resource) =>
        (apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}") + $"/namespaces/{ns}/{resource}";

    private static JsonObject Object(string apiVersion, string kind, JsonObject metadata) =>
        new() { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };

    private static JsonObject Meta(string name, string? ns, IReadOnlyDictionary<string, string>? labels)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null) metadata["namespace"] = ns;
        if (labels is not null) metadata["labels"] = Map(labels);
        return metadata;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var node = new JsonObject();
        foreach (var (key, value) in values) node[key] = value;
        return node;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
