namespace LabA.Deployment.Workloads;

public sealed record PolicyRuleSpec(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string>? ResourceNames = null);
