using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>
/// A job's own identity: its ServiceAccount, the Role of an <see cref="RbacSpec"/>, and the binding of the two; and the
/// Scaler's Roles in the other namespaces of listed workloads, bound to that same account.
/// </summary>
internal static class RbacObjects
{
    /// <summary>Creates the three under <paramref name="parent"/>; the binding is returned, for the job that must wait for it.</summary>
    public static Pulumi.Kubernetes.Rbac.V1.RoleBinding Create(
        string name, RbacSpec rbac, string ns, IReadOnlyDictionary<string, string> labels, Resource parent)
    {
        var serviceAccount = new Pulumi.Kubernetes.Core.V1.ServiceAccount($"{name}-sa", new ServiceAccountArgs
        {
            Metadata = Metadata(rbac.ServiceAccount, ns, labels),
        }, new CustomResourceOptions { Parent = parent });
        return RoleAndBinding($"{name}-role", $"{name}-rolebinding", rbac, ns, ns, labels, parent, serviceAccount);
    }

    /// <summary>
    /// The Role and RoleBinding of <paramref name="grant"/> in its namespace, for the account of another (the Scaler's,
    /// created by <see cref="Create"/>); the binding is returned, for the job that must wait for it.
    /// </summary>
    public static Pulumi.Kubernetes.Rbac.V1.RoleBinding Grant(
        string name, NamespaceRbac grant, IReadOnlyDictionary<string, string> labels, Resource parent, Resource serviceAccountBinding) =>
        // Resource names carry the namespace: one Role per namespace of listed workloads.
        RoleAndBinding($"{name}-role-{grant.Namespace}", $"{name}-rolebinding-{grant.Namespace}", grant.Rbac, grant.Namespace, grant.ServiceAccountNamespace,
            labels, parent, serviceAccountBinding);

    private static Pulumi.Kubernetes.Rbac.V1.RoleBinding RoleAndBinding(
        string roleResource, string bindingResource, RbacSpec rbac, string ns, string accountNamespace, IReadOnlyDictionary<string, string> labels,
        Resource parent, Resource account)
    {
        var role = new Pulumi.Kubernetes.Rbac.V1.Role(roleResource, new RoleArgs
        {
            Metadata = Metadata(rbac.Role, ns, labels),
            Rules = rbac.Rules.Select(PolicyRule).ToList(),
        }, new CustomResourceOptions { Parent = parent });
        return new Pulumi.Kubernetes.Rbac.V1.RoleBinding(bindingResource, new RoleBindingArgs
        {
            Metadata = Metadata(rbac.RoleBinding, ns, labels),
            RoleRef = new RoleRefArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = rbac.Role },
            Subjects = { new SubjectArgs { Kind = "ServiceAccount", Name = rbac.ServiceAccount, Namespace = accountNamespace } },
        }, new CustomResourceOptions { Parent = parent, DependsOn = { account, role } });
    }

    private static PolicyRuleArgs PolicyRule(PolicyRuleSpec rule)
    {
        var args = new PolicyRuleArgs { ApiGroups = rule.ApiGroups.ToList(), Resources = rule.Resources.ToList(), Verbs = rule.Verbs.ToList() };
        if (rule.ResourceNames is { } names) args.ResourceNames = names.ToList();
        return args;
    }
}
