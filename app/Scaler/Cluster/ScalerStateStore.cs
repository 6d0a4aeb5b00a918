using k8s;
using k8s.Models;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// The Scaler's state between runs, in the <see cref="Names.ScalerState"/> ConfigMap the stack creates: read with
/// get, written with a merge patch of its own keys carrying the resourceVersion it was read at, so that of two overlapping runs
/// the second gets 409 Conflict and must read again, and no write is ever lost. The Scaler never creates it: RBAC
/// cannot limit create to one name.
/// </summary>
internal sealed class ScalerStateStore(IKubernetes client, string @namespace)
{
    private const string ConfigMaps = "configmaps";

    private readonly KubernetesTarget _object = new("v1", "ConfigMap", Names.ScalerState, @namespace,
        $"it holds the scaler's state and `pulumi up` creates it; by hand: kubectl create configmap {Names.ScalerState} -n {@namespace}");

    public string Name => Names.ScalerState;

    public async Task<V1ConfigMap> ReadAsync(CancellationToken cancellationToken)
    {
        var configMap = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", ConfigMaps,
            () => client.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, @namespace, cancellationToken: cancellationToken), cancellationToken);
        // Without a version the patch would be unconditional, and a concurrent run's history could be overwritten.
        if (string.IsNullOrEmpty(configMap.Metadata?.ResourceVersion))
            throw new KubernetesCallException(
                $"the Kubernetes API answered 'get' on {ConfigMaps} for ConfigMap '{Names.ScalerState}' in namespace '{@namespace}' with no metadata.resourceVersion");
        return configMap;
    }

    /// <summary>
    /// Writes <paramref name="entries"/> into the ConfigMap's data, leaving every other key alone, if the
    /// ConfigMap is still at the version it was read at. False when another writer came first (409 Conflict).
    /// </summary>
    public async Task<bool> TryUpdateAsync(V1ConfigMap read, IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        try
        {
            await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", ConfigMaps, () => client.CoreV1.PatchNamespacedConfigMapAsync(
                ConfigMapPatch.Of(read.Metadata.ResourceVersion, entries), Names.ScalerState, @namespace,
                fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
    }
}
