using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// The calls the Scaler makes on the Deployment it scales, each within the Role the infra grants: get on the
/// Deployment, patch on its scale subresource, create on events. No list, no watch, no write to the Deployment itself.
/// </summary>
internal sealed class TargetDeployment(IKubernetes client, string name, string @namespace)
{
    private const string Deployments = "deployments";
    private const string DeploymentsScale = "deployments/scale";

    private readonly KubernetesTarget _object = new("apps/v1", "Deployment", name, @namespace, $"{EnvVars.TargetDeployment}, {EnvVars.TargetNamespace}");

    public string Name => name;
    public string Namespace => @namespace;

    /// <summary>
    /// The count and version from the Deployment itself, not its scale subresource: autoscaling/v1 omits a zero count,
    /// so a Scale without spec.replicas could be 0 or broken, while the API server always fills in a Deployment's
    /// (defaulting it to 1). Both carry the same resourceVersion, the scale patch's precondition.
    /// </summary>
    public async Task<DeploymentState> ReadAsync(CancellationToken cancellationToken)
    {
        var deployment = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", Deployments,
            () => client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken), cancellationToken);
        // Anything else would be read as 0 replicas, or scaled with no precondition: refuse it, patch nothing.
        var refused = $"the Kubernetes API answered 'get' on {Deployments} for Deployment '{name}' in namespace '{@namespace}' with";
        if (string.IsNullOrEmpty(deployment.Metadata?.ResourceVersion))
            throw new KubernetesCallException($"{refused} no metadata.resourceVersion, so it cannot be scaled safely; nothing was changed");
        if (deployment.Spec?.Replicas is not { } replicas)
            throw new KubernetesCallException($"{refused} no spec.replicas; nothing was changed");
        if (replicas < 0)
            throw new KubernetesCallException($"{refused} spec.replicas {replicas}, which is negative; nothing was changed");
        return new DeploymentState(replicas, deployment.Metadata.ResourceVersion, deployment.Metadata.Uid);
    }

    /// <summary>
    /// Sets the replica count if the Deployment is still at <paramref name="resourceVersion"/>;
    /// false when someone changed it meanwhile (409 Conflict), so the caller can re-read and decide again.
    /// </summary>
    public async Task<bool> TryScaleAsync(int replicas, string resourceVersion, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
        try
        {
            await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", DeploymentsScale, () => client.AppsV1.PatchNamespacedDeploymentScaleAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, @namespace,
                fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
    }

    /// <summary>A core/v1 Event on the Deployment, as kubectl describe shows it; a retry after a lost answer counts as recorded.</summary>
    public Task RecordEventAsync(string type, string reason, string message, string? uid, DateTimeOffset now, CancellationToken cancellationToken) =>
        ObjectEvents.RecordAsync(client, KubernetesCaller.Scaler, _object, uid, type, reason, message, now, cancellationToken);
}
