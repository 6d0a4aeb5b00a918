using k8s;
using k8s.Models;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// The Scaler's state between runs, in the <see cref="Names.ScalerState"/> ConfigMap the stack creates: read with get,
/// written with a merge patch of one workload's keys carrying the resourceVersion it was read at, so that of two
/// overlapping runs deciding the same workload the second gets 409 Conflict and must read again, and no write is ever
/// lost. The Scaler never creates it: RBAC cannot limit create to one name.
/// </summary>
/// <remarks>
/// Many workloads share the one ConfigMap. Their writes within a run take turns, each on the version the last one left,
/// and a 409 caused by a write to other keys only (another workload's, by another run) is not a reason to decide
/// again: the write is retried on the new version as long as this workload's own keys are as it read them.
/// </remarks>
internal sealed class ScalerStateStore(IKubernetes client, string @namespace)
{
    private const string ConfigMaps = "configmaps";

    /// <summary>How often a write is moved onto a newer version that others' keys made before the caller must decide again.</summary>
    public const int MaxRebases = 20;

    private readonly KubernetesTarget _object = new("v1", "ConfigMap", Names.ScalerState, @namespace,
        $"it holds the scaler's state and `pulumi up` creates it; by hand: kubectl create configmap {Names.ScalerState} -n {@namespace}");

    private readonly SemaphoreSlim _writing = new(1, 1);
    private V1ConfigMap? _latest;

    public string Name => Names.ScalerState;

    public string Namespace => @namespace;

    /// <summary>The ConfigMap as the API server has it now.</summary>
    public async Task<V1ConfigMap> ReadAsync(CancellationToken cancellationToken)
    {
        var configMap = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", ConfigMaps,
            () => client.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, @namespace, cancellationToken: cancellationToken), cancellationToken);
        // Without a version the patch would be unconditional, and a concurrent run's history could be overwritten.
        if (string.IsNullOrEmpty(configMap.Metadata?.ResourceVersion))
            throw new KubernetesCallException(
                $"the Kubernetes API answered 'get' on {ConfigMaps} for ConfigMap '{Names.ScalerState}' in namespace '{@namespace}' with no metadata.resourceVersion");
        _latest = configMap;
        return configMap;
    }

    /// <summary>
    /// The newest version this process has read or written, else read now: what a workload's first decision starts from,
    /// so that one run of many workloads reads the ConfigMap once rather than once a workload. Safe because every write
    /// carries the version: a stale one is refused and read again.
    /// </summary>
    public async Task<V1ConfigMap> ReadLatestAsync(CancellationToken cancellationToken) => _latest ?? await ReadAsync(cancellationToken);

    /// <summary>
    /// Writes <paramref name="entries"/> into the ConfigMap's data, leaving every other key alone, if none of those keys
    /// changed since <paramref name="read"/>. False when another writer changed them first (decide again on what is there now).
    /// </summary>
    public async Task<bool> TryUpdateAsync(V1ConfigMap read, IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var basis = _latest ?? read;
            for (var rebases = 0; ; rebases++)
            {
                if (!SameEntries(read, basis, entries.Keys)) return false;
                try
                {
                    _latest = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", ConfigMaps, () => client.CoreV1.PatchNamespacedConfigMapAsync(
                        ConfigMapPatch.Of(basis.Metadata.ResourceVersion, entries), Names.ScalerState, @namespace,
                        fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
                    return true;
                }
                catch (KubernetesConflictException)
                {
                    if (rebases >= MaxRebases) return false;
                    basis = await ReadAsync(cancellationToken);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private static bool SameEntries(V1ConfigMap read, V1ConfigMap now, IEnumerable<string> keys)
    {
        if (ReferenceEquals(read, now)) return true;
        foreach (var key in keys)
        {
            string? before = null, after = null;
            read.Data?.TryGetValue(key, out before);
            now.Data?.TryGetValue(key, out after);
            if (before != after) return false;
        }
        return true;
    }
}
