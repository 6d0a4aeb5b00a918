using LabA.Deployment.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;

namespace LabA.Deployment.Workloads;

/// <summary>
/// What the Scaler may do to the user's workloads, namespace by namespace, every rule on named objects but the two RBAC
/// cannot limit by name (list HPAs, create Events): a workload outside the list cannot be read, scaled or patched.
/// </summary>
public static class WorkloadAccess
{
    /// <summary>The API groups and resources of a workload kind, as RBAC names them.</summary>
    private static readonly (WorkloadKind Kind, string Resource)[] Kinds = [(WorkloadKind.Deployment, "deployments"), (WorkloadKind.StatefulSet, "statefulsets")];

    /// <summary>
    /// The rules for the workloads of one namespace: read each (its version and count) and read and patch its scale
    /// subresource (the count only, nothing else of it); list HPAs, to see whether one targets a workload (list cannot be
    /// limited to names); read and patch only the HPAs of <c>hpa: floor</c> workloads, whose minReplicas it raises.
    /// </summary>
    public static IReadOnlyList<PolicyRuleSpec> RulesFor(IReadOnlyList<Workload> inNamespace)
    {
        var rules = new List<PolicyRuleSpec>();
        foreach (var (kind, resource) in Kinds)
        {
            var names = Distinct(inNamespace.Where(workload => workload.Kind == kind).Select(workload => workload.Name));
            if (names.Count == 0) continue;
            rules.Add(new PolicyRuleSpec(["apps"], [resource], ["get"], names));
            rules.Add(new PolicyRuleSpec(["apps"], [$"{resource}/scale"], ["get", "patch"], names));
        }
        rules.Add(new PolicyRuleSpec(["autoscaling"], ["horizontalpodautoscalers"], ["list"]));
        var floors = Distinct(inNamespace.Where(workload => workload.Hpa == HpaMode.Floor).Select(workload => workload.HpaName!));
        if (floors.Count > 0) rules.Add(new PolicyRuleSpec(["autoscaling"], ["horizontalpodautoscalers"], ["get", "patch"], floors));
        return rules;
    }

    /// <summary>The Scaler's Role in each namespace of listed workloads but the stack's (whose rules join the Scaler's own Role), in list order.</summary>
    public static IReadOnlyList<NamespaceRbac> OtherNamespaces(StackSettings settings) =>
    [
        .. settings.Workloads.GroupBy(workload => workload.Namespace, StringComparer.Ordinal)
            .Where(group => group.Key != settings.Namespace)
            .Select(group => new NamespaceRbac(group.Key, settings.Namespace, new RbacSpec(
                Names.ServiceAccount,
                // Named after the stack's namespace too: two stacks may scale workloads of one namespace.
                Role: RoleName(settings),
                RoleBinding: RoleName(settings),
                [.. RulesFor([.. group]), Events]))),
    ];

    /// <summary>The workloads of the stack's own namespace, whose rules join the Scaler's Role there.</summary>
    public static IReadOnlyList<Workload> InStackNamespace(StackSettings settings) =>
        [.. settings.Workloads.Where(workload => workload.Namespace == settings.Namespace)];

    /// <summary>The Scaler records an Event on each workload it decides, in the workload's namespace (create cannot be limited to names).</summary>
    public static PolicyRuleSpec Events { get; } = new([""], ["events"], ["create"]);

    /// <summary>The Role (and RoleBinding) in another namespace: <c>lab-a-scaler-&lt;stack namespace&gt;</c>.</summary>
    public static string RoleName(StackSettings settings) => $"{Names.Project}-{Names.Scaler}-{settings.Namespace}";

    private static List<string> Distinct(IEnumerable<string> names) => [.. names.Distinct(StringComparer.Ordinal)];
}
