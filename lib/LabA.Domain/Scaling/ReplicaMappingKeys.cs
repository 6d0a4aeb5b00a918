using LabA.Domain.Wiring;

namespace LabA.Domain.Scaling;

/// <summary>The names the four mapping settings go by where they are read: env vars in the apps, stack config keys in infra.</summary>
public sealed record ReplicaMappingKeys(string MinReplicas, string MaxReplicas, string CpuLow, string CpuHigh)
{
    public static ReplicaMappingKeys Env { get; } = new(EnvVars.MinReplicas, EnvVars.MaxReplicas, EnvVars.CpuLow, EnvVars.CpuHigh);
}

/// <summary>The names of a per-replica mapping's three settings where they are read (a workload's JSON path).</summary>
public sealed record PerReplicaKeys(string MinReplicas, string MaxReplicas, string PerReplica);
