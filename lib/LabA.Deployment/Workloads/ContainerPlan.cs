namespace LabA.Deployment.Workloads;

/// <summary>The one container of a LabA pod.</summary>
/// <param name="Args">Arguments after the image's entrypoint; empty for the image's own.</param>
public sealed record ContainerPlan(
    string Name,
    string Image,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    int? Port,
    HttpProbe? Liveness,
    HttpProbe? Readiness,
    ComputeResources Resources,
    IReadOnlyList<VolumePlan> Volumes,
    IReadOnlyList<string>? Args = null)
{
    /// <summary>Images LabA builds exist only in the kind node (no registry), so they must never be pulled.</summary>
    public string ImagePullPolicy => "IfNotPresent";
}
