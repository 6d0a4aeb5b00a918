namespace LabA.Deployment.Workloads;

public sealed record RbacSpec(string ServiceAccount, string Role, string RoleBinding, IReadOnlyList<PolicyRuleSpec> Rules);
