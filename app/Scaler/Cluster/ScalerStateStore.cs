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
/// Many workloads share the one ConfigMap. Their writes within a run go out together, each on the version the last one
/// left, and a 409 caused by a write to other keys only (another workload's, by another run) is not a reason to decide
/// again: the write is retried on the new version as long as this workload's own keys are as it read them.
/// </remarks>
internal sealed class ScalerStateStore(IKubernetes client, string @namespace)
{
    private const string ConfigMaps = "configmaps";

    /// <summary>How often a write is moved onto a newer version that others' keys made before the caller must decide again.</summary>
    public const int MaxRebases = 20;

    private readonly KubernetesTarget _object = new("v1", "ConfigMap", Names.ScalerState, @namespace,
        $"it holds the scaler's state and `pulumi up` creates it; by hand: kubectl create configmap {Names.ScalerState} -n {@namespace}");

    private readonly object _gate = new();
    private readonly List<PendingWrite> _pending = [];
    private bool _flushing;
    private V1ConfigMap? _latest;
    private Task<V1ConfigMap>? _reading;
    private Task<V1ConfigMap>? _nextRead;

    /// <summary>One workload's entries waiting to be written, with the version of the state it decided on.</summary>
    private sealed record PendingWrite(V1ConfigMap Read, IReadOnlyDictionary<string, string> Entries, TaskCompletionSource<bool> Written);

    public string Name => Names.ScalerState;

    public string Namespace => @namespace;

    /// <summary>
    /// The ConfigMap as the API server has it now: a read that starts after the call. Callers that ask while a read is
    /// in flight share the one that starts when it ends (many workloads checking at once make one read, not many).
    /// </summary>
    /// <remarks>Shared calls run without any one caller's token (each waits with its own); the client's per-call timeout bounds them.</remarks>
    public Task<V1ConfigMap> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_nextRead is { } queued) return queued.WaitAsync(cancellationToken);
            if (_reading is { IsCompleted: false } inFlight)
            {
                _nextRead = ReadAfterAsync(inFlight);
                return _nextRead.WaitAsync(cancellationToken);
            }
            _reading = GetAsync();
            return _reading.WaitAsync(cancellationToken);
        }
    }

    private async Task<V1ConfigMap> ReadAfterAsync(Task previous)
    {
        await previous.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Task<V1ConfigMap> read;
        lock (_gate)
        {
            read = GetAsync();
            _reading = read;
            _nextRead = null;
        }
        return await read;
    }

    private async Task<V1ConfigMap> GetAsync()
    {
        var configMap = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "get", ConfigMaps,
            () => client.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, @namespace), CancellationToken.None);
        // Without a version the patch would be unconditional, and a concurrent run's history could be overwritten.
        if (string.IsNullOrEmpty(configMap.Metadata?.ResourceVersion))
            throw new KubernetesCallException(
                $"the Kubernetes API answered 'get' on {ConfigMaps} for ConfigMap '{Names.ScalerState}' in namespace '{@namespace}' with no metadata.resourceVersion");
        lock (_gate) _latest = configMap;
        return configMap;
    }

    /// <summary>
    /// The newest version this process has read or written, else read now: what a workload's first decision starts from,
    /// so that one run of many workloads reads the ConfigMap once rather than once a workload. Safe because every write
    /// carries the version: a stale one is refused and read again.
    /// </summary>
    public async Task<V1ConfigMap> ReadLatestAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_latest is { } latest) return latest;
        return await ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="entries"/> into the ConfigMap's data, leaving every other key alone, if none of those keys
    /// changed since <paramref name="read"/>. False when another writer changed them first (decide again on what is there now).
    /// </summary>
    /// <remarks>
    /// Writes that arrive while one is being sent are sent together as one patch when it is done (group commit): a
    /// ConfigMap of hundreds of workloads is then written tens of times a run, not hundreds. Each is still judged on its
    /// own keys alone.
    /// </remarks>
    public Task<bool> TryUpdateAsync(V1ConfigMap read, IReadOnlyDictionary<string, string> entries, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(read, entries, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_gate)
        {
            _pending.Add(write);
            lead = !_flushing;
            _flushing = true;
        }
        if (lead) _ = FlushAsync();
        return write.Written.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<PendingWrite> batch;
            V1ConfigMap basis;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                batch = [.. _pending];
                _pending.Clear();
                basis = _latest ?? batch[0].Read;
            }
            try
            {
                await WriteBatchAsync(batch, basis);
            }
            catch (Exception e)
            {
                foreach (var write in batch) write.Written.TrySetException(e);
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch, V1ConfigMap basis)
    {
        for (var rebases = 0; ; rebases++)
        {
            foreach (var write in batch.Where(write => !SameEntries(write.Read, basis, write.Entries.Keys)).ToList())
            {
                write.Written.TrySetResult(false);
                batch.Remove(write);
            }
            if (batch.Count == 0) return;
            var merged = new Dictionary<string, string>();
            foreach (var write in batch)
                foreach (var (key, value) in write.Entries) merged[key] = value;
            try
            {
                var written = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, _object, "patch", ConfigMaps, () => client.CoreV1.PatchNamespacedConfigMapAsync(
                    ConfigMapPatch.Of(basis.Metadata.ResourceVersion, merged), Names.ScalerState, @namespace,
                    fieldManager: Names.FieldManager), CancellationToken.None);
                lock (_gate) _latest = written;
                foreach (var write in batch) write.Written.TrySetResult(true);
                return;
            }
            catch (KubernetesConflictException)
            {
                if (rebases >= MaxRebases)
                {
                    foreach (var write in batch) write.Written.TrySetResult(false);
                    return;
                }
                basis = await GetAsync();
            }
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
