using LabA.Domain.Wiring;

namespace LabA.Domain.Scaling;

/// <summary>The names the four mapping settings go by where they are read: env vars in the apps, stack config keys in infra.</summary>
public sealed record ReplicaMappingKeys(string MinReplicas, string MaxReplicas, string CpuLow, string CpuHigh)
{
    public static ReplicaMappingKeys Env { get; } = new(EnvVars.MinReplicas, EnvVars.MaxReplicas, EnvVars.CpuLow, EnvVars.CpuHigh);
}
