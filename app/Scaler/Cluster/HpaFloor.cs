using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// <c>hpa: floor</c>: the count a decision moves is the minReplicas of the HPA that scales the workload, so that capacity
/// the forecast asks for is there ahead of the load while the HPA keeps reacting above it. The Role allows get and patch
/// on that HPA by name alone; Events go on the workload, where the user looks.
/// </summary>
internal sealed class HpaFloor(IKubernetes client, WorkloadScale workload, string hpaName) : IScaleTarget
{
    private const string Resource = "horizontalpodautoscalers";

    private readonly KubernetesTarget _object = new("autoscaling/v1", "HorizontalPodAutoscaler", hpaName, workload.Namespace,
        $"the hpaName of {workload.Object.Kind} '{workload.Name}' in {ScalerCatalogue.WorkloadsFile.Env}");

    /// <summary>The workload's uid, which never changes: read once, for the Events, not on every read of the HPA.</summary>
    private string? _workloadUid;

    public string Name => workload.Name;
    public string Namespace => workload.Namespace;

    /// <summary>The HPA's minReplicas (1 when unset, as the API server defaults it) at its version; the uid is the workload's.</summary>
    public async Task<ScaleState> ReadAsync(CancellationToken cancellationToken)
    {
        var uid = _workloadUid ??= (await workload.ReadAsync(cancellationToken)).Uid;
        var hpa = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", Resource,
            () => client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync(hpaName, workload.Namespace, cancellationToken: cancellationToken),
            cancellationToken);
        if (string.IsNullOrEmpty(hpa.Metadata?.ResourceVersion))
            throw new KubernetesCallException($"the Kubernetes API answered 'get' on {Resource} for {_object} with no metadata.resourceVersion; nothing was changed");
        return new ScaleState(hpa.Spec?.MinReplicas ?? 1, hpa.Metadata.ResourceVersion, uid);
    }

    public async Task<bool> TryScaleAsync(int replicas, string resourceVersion, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["spec"] = new JsonObject { ["minReplicas"] = replicas },
        }.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", Resource,
                () => client.AutoscalingV1.PatchNamespacedHorizontalPodAutoscalerAsync(patch, hpaName, workload.Namespace,
                    fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
    }

    public Task RecordEventAsync(string type, string reason, string message, string? uid, DateTimeOffset now, CancellationToken cancellationToken) =>
        workload.RecordEventAsync(type, reason, message, uid, now, cancellationToken);
}
