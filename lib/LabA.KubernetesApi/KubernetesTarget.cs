namespace LabA.KubernetesApi;

/// <summary>The object a Kubernetes call is about, as its error messages and Events name it.</summary>
/// <param name="ApiVersion">Its group and version, as an Event's involvedObject names it: "apps/v1", "v1".</param>
/// <param name="Kind">As people say it: "Deployment", "ConfigMap".</param>
/// <param name="NotFoundHint">What to tell when it does not exist: which setting named it, or who creates it.</param>
public sealed record KubernetesTarget(string ApiVersion, string Kind, string Name, string Namespace, string NotFoundHint)
{
    public override string ToString() => $"{Kind} '{Name}' in namespace '{Namespace}'";
}
