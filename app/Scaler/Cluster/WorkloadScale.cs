using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// The calls the Scaler makes on a Deployment or StatefulSet it scales, each within the Role the stack grants for that
/// name: get on the object, patch on its scale subresource, create on events. No list, no watch, no write to the object itself.
/// </summary>
internal sealed class WorkloadScale(IKubernetes client, WorkloadKind kind, string name, string @namespace, string notFoundHint) : IScaleTarget
{
    private readonly string _resource = kind == WorkloadKind.StatefulSet ? "statefulsets" : "deployments";
    private readonly KubernetesTarget _object = new("apps/v1", kind.ToString(), name, @namespace, notFoundHint);

    /// <summary>The single target of TARGET_DEPLOYMENT and TARGET_NAMESPACE.</summary>
    public static WorkloadScale Deployment(IKubernetes client, string name, string @namespace) =>
        new(client, WorkloadKind.Deployment, name, @namespace, $"{ScalerCatalogue.TargetDeployment.Env}, {ScalerCatalogue.TargetNamespace.Env}");

    public string Name => name;
    public string Namespace => @namespace;
    public KubernetesTarget Object => _object;

    /// <summary>
    /// The count and version from the object itself, not its scale subresource: autoscaling/v1 omits a zero count,
    /// so a Scale without spec.replicas could be 0 or broken, while the API server always fills in the object's
    /// (defaulting it to 1). Both carry the same resourceVersion, the scale patch's precondition.
    /// </summary>
    public async Task<ScaleState> ReadAsync(CancellationToken cancellationToken)
    {
        var (metadata, replicas) = kind == WorkloadKind.StatefulSet
            ? await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", _resource, async () =>
            {
                var set = await client.AppsV1.ReadNamespacedStatefulSetAsync(name, @namespace, cancellationToken: cancellationToken);
                return (set.Metadata, set.Spec?.Replicas);
            }, cancellationToken)
            : await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", _resource, async () =>
            {
                var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken);
                return (deployment.Metadata, deployment.Spec?.Replicas);
            }, cancellationToken);
        // Anything else would be read as 0 replicas, or scaled with no precondition: refuse it, patch nothing.
        var refused = $"the Kubernetes API answered 'get' on {_resource} for {_object} with";
        if (string.IsNullOrEmpty(metadata?.ResourceVersion))
            throw new KubernetesCallException($"{refused} no metadata.resourceVersion, so it cannot be scaled safely; nothing was changed");
        if (replicas is not { } count)
            throw new KubernetesCallException($"{refused} no spec.replicas; nothing was changed");
        if (count < 0)
            throw new KubernetesCallException($"{refused} spec.replicas {count}, which is negative; nothing was changed");
        return new ScaleState(count, metadata.ResourceVersion, metadata.Uid);
    }

    public async Task<bool> TryScaleAsync(int replicas, string resourceVersion, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        }.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", $"{_resource}/scale", () => kind == WorkloadKind.StatefulSet
                ? client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, name, @namespace, fieldManager: Names.FieldManager, cancellationToken: cancellationToken)
                : client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, name, @namespace, fieldManager: Names.FieldManager, cancellationToken: cancellationToken),
                cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
    }

    public Task RecordEventAsync(string type, string reason, string message, string? uid, DateTimeOffset now, CancellationToken cancellationToken) =>
        ObjectEvents.RecordAsync(client, KubernetesCaller.Scaler, _object, uid, type, reason, message, now, cancellationToken);
}
