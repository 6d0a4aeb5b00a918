namespace LabA.Deployment.Settings;

/// <summary>The stack config keys (<c>pulumi config set lab-a:&lt;key&gt; &lt;value&gt;</c>), as Pulumi.dev.yaml spells them.</summary>
public static class StackKeys
{
    /// <summary>The Pulumi project name, which is also the namespace of every key in the stack file.</summary>
    public const string Project = "lab-a";

    public const string ClusterName = "clusterName";
    public const string Namespace = "namespace";
    public const string MinReplicas = "minReplicas";
    public const string MaxReplicas = "maxReplicas";
    public const string CpuLow = "cpuLow";
    public const string CpuHigh = "cpuHigh";
    public const string Schedule = "schedule";
    public const string ScaleDownStabilization = "scaleDownStabilization";
    public const string SampleAppImage = "sampleAppImage";
    public const string ProvisionQuantile = "provisionQuantile";

    public static IReadOnlyList<string> All { get; } =
        [ClusterName, Namespace, MinReplicas, MaxReplicas, CpuLow, CpuHigh, Schedule, ScaleDownStabilization, SampleAppImage, ProvisionQuantile];

    /// <summary>The key as users type it in <c>pulumi config set</c>, which is how errors name it.</summary>
    public static string Qualified(string key) => $"{Project}:{key}";
}
