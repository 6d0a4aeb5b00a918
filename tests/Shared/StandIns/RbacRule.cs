namespace LabA.Tests.Shared;

/// <summary>One rule of a Role, as the API server's authorizer reads it: an empty <see cref="ResourceNames"/> means any name.</summary>
public sealed record RbacRule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, IReadOnlyList<string>? ResourceNames = null)
{
    public bool Allows(string verb, string apiGroup, string resource, string? name) =>
        Verbs.Contains(verb) && ApiGroups.Contains(apiGroup) && Resources.Contains(resource)
        && (ResourceNames is not { Count: > 0 } names || (name is not null && names.Contains(name)));
}
