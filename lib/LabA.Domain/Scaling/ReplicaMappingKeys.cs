using LabA.Domain.Settings;

namespace LabA.Domain.Scaling;

/// <summary>The names the four mapping settings go by where they are read: env vars in the apps, stack config keys in infra.</summary>
public sealed record ReplicaMappingKeys(string MinReplicas, string MaxReplicas, string CpuLow, string CpuHigh)
{
    /// <summary>The environment variables.</summary>
    public static ReplicaMappingKeys Env { get; } = Of(SettingReader.Environment(EnvReader.Empty));

    /// <summary>The names <paramref name="settings"/> reads the mapping's declarations under.</summary>
    public static ReplicaMappingKeys Of(SettingReader settings) => new(
        settings.KeyOf(RecommendationCatalogue.MinReplicas),
        settings.KeyOf(RecommendationCatalogue.MaxReplicas),
        settings.KeyOf(RecommendationCatalogue.CpuLow),
        settings.KeyOf(RecommendationCatalogue.CpuHigh));
}

/// <summary>The names of a per-replica mapping's three settings where they are read (a workload's JSON path).</summary>
public sealed record PerReplicaKeys(string MinReplicas, string MaxReplicas, string PerReplica);
