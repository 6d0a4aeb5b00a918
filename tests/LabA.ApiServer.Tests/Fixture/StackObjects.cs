using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;

namespace LabA.ApiServer.Tests.Fixture;

/// <summary>
/// What `pulumi up` puts into a namespace for a job to act on, made on the real server as Pulumi makes it: the stack's
/// plan for that namespace (its Roles, names and env come from lib/LabA.Deployment, not a copy), objects created by
/// server-side apply, and a ServiceAccount whose TokenRequest token the job authenticates with.
/// </summary>
public sealed class StackObjects(ApiServerFixture server, string @namespace)
{
    /// <summary>The field manager Pulumi's Kubernetes provider applies with.</summary>
    public const string PulumiManager = "pulumi-kubernetes";

    public string Namespace => @namespace;

    public WorkloadPlan Plan { get; } = LabWorkloads.Plan(StackSettings.Bind(key => key == "namespace" ? @namespace : null),
        new LabImageReferences("predictor:test", "scaler:test", "trainer:test"));

    public static async Task<StackObjects> CreateAsync(ApiServerFixture server, string @namespace)
    {
        await server.CreateNamespaceAsync(@namespace);
        return new StackObjects(server, @namespace);
    }

    /// <summary>The ServiceAccount, Role and RoleBinding of <paramref name="rbac"/>; returns a kubeconfig authenticating as that account.</summary>
    public async Task<string> GrantAsync(RbacSpec rbac, string directory)
    {
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = Meta(rbac.ServiceAccount) }, @namespace);
        await BindAsync(new NamespaceRbac(@namespace, @namespace, rbac));
        return await KubeconfigAsync(rbac.ServiceAccount, directory);
    }

    /// <summary>
    /// The Scaler's account and every Role of <paramref name="plan"/>'s Scaler: the stack namespace's and one in each
    /// other namespace of listed workloads, bound to the account. Returns a kubeconfig authenticating as it.
    /// </summary>
    public async Task<string> GrantScalerAsync(WorkloadPlan plan, string directory)
    {
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = Meta(plan.ScalerRbac.ServiceAccount) }, @namespace);
        foreach (var role in plan.ScalerRoles) await BindAsync(role);
        return await KubeconfigAsync(plan.ScalerRbac.ServiceAccount, directory);
    }

    private async Task BindAsync(NamespaceRbac role)
    {
        var rbac = role.Rbac;
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = rbac.Role, NamespaceProperty = role.Namespace },
            Rules = rbac.Rules.Select(rule => new V1PolicyRule
            {
                ApiGroups = [.. rule.ApiGroups],
                Resources = [.. rule.Resources],
                Verbs = [.. rule.Verbs],
                ResourceNames = rule.ResourceNames is { } names ? [.. names] : null,
            }).ToList(),
        }, role.Namespace);
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = rbac.RoleBinding, NamespaceProperty = role.Namespace },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = rbac.Role },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = rbac.ServiceAccount, NamespaceProperty = role.ServiceAccountNamespace }],
        }, role.Namespace);
    }

    private async Task<string> KubeconfigAsync(string serviceAccount, string directory)
    {
        var path = Path.Combine(directory, serviceAccount + ".kubeconfig");
        await server.WriteTokenKubeconfigAsync(@namespace, serviceAccount, path);
        return path;
    }

    /// <summary>A Deployment at <paramref name="replicas"/>, server-side applied (with no controller-manager it never gets pods).</summary>
    public Task ApplyDeploymentAsync(string name, int replicas) => ApplyWorkloadAsync(server.Admin, @namespace, "Deployment", name, replicas);

    /// <summary>
    /// A Deployment or StatefulSet at <paramref name="replicas"/> in <paramref name="namespace"/>, server-side applied as
    /// Pulumi applies it (with no controller-manager it never gets pods).
    /// </summary>
    public static Task ApplyWorkloadAsync(IKubernetes admin, string @namespace, string kind, string name, int replicas)
    {
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx:test" }) },
            },
        };
        if (kind == "StatefulSet") spec["serviceName"] = name;
        var body = Apply(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = spec,
        });
        return kind == "StatefulSet"
            ? admin.AppsV1.PatchNamespacedStatefulSetAsync(body, name, @namespace, fieldManager: PulumiManager, force: true)
            : admin.AppsV1.PatchNamespacedDeploymentAsync(body, name, @namespace, fieldManager: PulumiManager, force: true);
    }

    /// <summary>The ConfigMap <paramref name="plan"/> declares, server-side applied with its labels and data.</summary>
    public Task ApplyConfigMapAsync(ConfigMapPlan plan)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in plan.Labels) labels[key] = value;
        var data = new JsonObject();
        foreach (var (key, value) in plan.Data) data[key] = value;
        return server.Admin.CoreV1.PatchNamespacedConfigMapAsync(Apply(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = plan.Name, ["labels"] = labels },
            ["data"] = data,
        }), plan.Name, @namespace, fieldManager: PulumiManager, force: true);
    }

    public async Task<int> ReplicasAsync(string deployment) =>
        (await server.Admin.AppsV1.ReadNamespacedDeploymentAsync(deployment, @namespace)).Spec.Replicas ?? -1;

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync() => (await server.Admin.CoreV1.ListNamespacedEventAsync(@namespace)).Items.ToList();

    private V1ObjectMeta Meta(string name) => new() { Name = name, NamespaceProperty = @namespace };

    private static V1Patch Apply(JsonObject body) => new(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
}
