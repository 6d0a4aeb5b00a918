using LabA.Deployment.Workloads;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using static LabA.Infra.PodTemplates;

namespace LabA.Infra;

/// <summary>A job's own identity: its ServiceAccount, the Role of an <see cref="RbacSpec"/>, and the binding of the two.</summary>
internal static class RbacObjects
{
    /// <summary>Creates the three under <paramref name="parent"/>; the binding is returned, for the job that must wait for it.</summary>
    public static Pulumi.Kubernetes.Rbac.V1.RoleBinding Create(
        string name, RbacSpec rbac, string ns, IReadOnlyDictionary<string, string> labels, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };
        var serviceAccount = new Pulumi.Kubernetes.Core.V1.ServiceAccount($"{name}-sa", new ServiceAccountArgs
        {
            Metadata = Metadata(rbac.ServiceAccount, ns, labels),
        }, child);
        var role = new Pulumi.Kubernetes.Rbac.V1.Role($"{name}-role", new RoleArgs
        {
            Metadata = Metadata(rbac.Role, ns, labels),
            Rules = rbac.Rules.Select(PolicyRule).ToList(),
        }, child);
        return new Pulumi.Kubernetes.Rbac.V1.RoleBinding($"{name}-rolebinding", new RoleBindingArgs
        {
            Metadata = Metadata(rbac.RoleBinding, ns, labels),
            RoleRef = new RoleRefArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = rbac.Role },
            Subjects = { new SubjectArgs { Kind = "ServiceAccount", Name = rbac.ServiceAccount, Namespace = ns } },
        }, new CustomResourceOptions { Parent = parent, DependsOn = { serviceAccount, role } });
    }

    private static PolicyRuleArgs PolicyRule(PolicyRuleSpec rule)
    {
        var args = new PolicyRuleArgs { ApiGroups = rule.ApiGroups.ToList(), Resources = rule.Resources.ToList(), Verbs = rule.Verbs.ToList() };
        if (rule.ResourceNames is { } names) args.ResourceNames = names.ToList();
        return args;
    }
}
