namespace LabA.Deployment.Workloads;

/// <summary>
/// A Secret with one key whose value is the Pulumi secret <see cref="StackKey"/> (read with <c>Config.RequireSecret</c>,
/// so it stays encrypted in the state and masked in outputs); pods take it as a mounted file, never as env.
/// </summary>
public sealed record SecretPlan(string Name, IReadOnlyDictionary<string, string> Labels, string Key, string StackKey);
