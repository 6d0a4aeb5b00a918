using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using LabA.Domain.Wiring;
using LabA.KubernetesApi;

namespace LabA.Trainer.Retraining;

/// <summary>
/// The model store: one ConfigMap whose binaryData holds the serving model (model.zip, model.json) and the one it
/// replaced (previous.model.zip, previous.model.json). A publish is one merge patch of the model keys carrying
/// the resourceVersion it was read at, so the Predictor's volume swaps both files at once and of two writers the second gets
/// 409 and must decide again. The job never creates the object (RBAC cannot limit create to one name): the stack does.
/// </summary>
public sealed class ModelStore(IKubernetes client, ModelStoreAddress address)
{
    private const string ConfigMaps = "configmaps";

    private readonly KubernetesTarget _object = new("v1", "ConfigMap", address.Name, address.Namespace,
        $"the stack creates it (pulumi up), by hand: kubectl create configmap {address.Name} -n {address.Namespace}");

    public ModelStoreAddress Address => address;

    public async Task<StoredModels> ReadAsync(CancellationToken cancellationToken)
    {
        var configMap = await KubernetesCall.RunAsync(KubernetesCaller.RetrainJob, _object, "get", ConfigMaps,
            () => client.CoreV1.ReadNamespacedConfigMapAsync(address.Name, address.Namespace, cancellationToken: cancellationToken), cancellationToken);
        if (string.IsNullOrEmpty(configMap.Metadata?.ResourceVersion))
            throw new ModelStoreException($"the Kubernetes API answered 'get' on {address} with no metadata.resourceVersion, so an update could not be made conditional");
        return new StoredModels(configMap);
    }

    /// <summary>
    /// Writes <paramref name="promoted"/> as the serving model if the store is still at the version of <paramref name="read"/>;
    /// false when another writer came first (409). The serving model moves to the previous.* keys when
    /// <paramref name="keepCurrent"/> (it verified); otherwise the previous.* keys stay as they were, so a broken model is
    /// never what a rollback returns to. Refuses, before any write, bytes that do not verify as one model or an object
    /// over the API server's size limit.
    /// </summary>
    public async Task<bool> TryPublishAsync(StoredModels read, ModelUnit promoted, bool keepCurrent, CancellationToken cancellationToken)
    {
        var verification = promoted.Verify();
        verification.Model?.Dispose();
        if (verification.Reason is { } refused) throw new ModelStoreException($"refused to publish into {address}: {refused}");

        var written = new Dictionary<string, byte[]>
        {
            [ModelStoreKeys.Archive] = promoted.Archive,
            [ModelStoreKeys.Card] = promoted.Card,
        };
        if (keepCurrent && read.Current is { } current)
        {
            written[ModelStoreKeys.PreviousArchive] = current.Archive;
            written[ModelStoreKeys.PreviousCard] = current.Card;
        }
        var binaryData = new Dictionary<string, byte[]>(read.ConfigMap.BinaryData ?? new Dictionary<string, byte[]>());
        foreach (var (key, value) in written) binaryData[key] = value;
        CheckSize(read.ConfigMap.Data, binaryData);

        try
        {
            await KubernetesCall.RunAsync(KubernetesCaller.RetrainJob, _object, "patch", ConfigMaps, () => client.CoreV1.PatchNamespacedConfigMapAsync(
                ConfigMapPatch.Of(read.ConfigMap.Metadata.ResourceVersion, binaryData: written), address.Name, address.Namespace,
                fieldManager: KubernetesCaller.RetrainJob.Component, cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
        catch (Exception e) when (e is KubernetesCallException { Transient: true } or OperationCanceledException)
        {
            // The answer was lost (a timeout, a dropped connection, SIGTERM after the patch was sent), not necessarily
            // the write: what the store holds now says whether it was published.
            if (await HoldsAsync(promoted, cancellationToken)) return true;
            throw;
        }
    }

    /// <summary>After a stop signal, the read-back gets this much of the 5 s grace the process has.</summary>
    private static readonly TimeSpan ReadBackGrace = TimeSpan.FromSeconds(3);

    /// <summary>Whether the store serves exactly <paramref name="promoted"/>'s bytes; false when that cannot be read either.</summary>
    private async Task<bool> HoldsAsync(ModelUnit promoted, CancellationToken cancellationToken)
    {
        using var grace = cancellationToken.IsCancellationRequested ? new CancellationTokenSource(ReadBackGrace) : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var binary = (await ReadAsync(grace.Token)).ConfigMap.BinaryData;
            return binary is not null
                   && binary.TryGetValue(ModelStoreKeys.Archive, out var archive) && archive.AsSpan().SequenceEqual(promoted.Archive)
                   && binary.TryGetValue(ModelStoreKeys.Card, out var card) && card.AsSpan().SequenceEqual(promoted.Card);
        }
        catch (Exception e) when (e is KubernetesCallException or ModelStoreException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>An Event on the store's ConfigMap: what <c>kubectl describe configmap</c> and <c>kubectl get events</c> show.</summary>
    public Task RecordAsync(string reason, string type, string message, StoredModels? read, DateTimeOffset now, CancellationToken cancellationToken) =>
        ObjectEvents.RecordAsync(client, KubernetesCaller.RetrainJob, _object, read?.ConfigMap.Metadata?.Uid, type, reason, message, now, cancellationToken);

    /// <summary>As the API server counts a ConfigMap: every key and value of data and binaryData (decoded).</summary>
    private void CheckSize(IDictionary<string, string>? data, IReadOnlyDictionary<string, byte[]> binaryData)
    {
        long Kib(long bytes) => (bytes + 1023) / 1024;
        var total = (data ?? new Dictionary<string, string>()).Sum(entry => (long)entry.Key.Length + Encoding.UTF8.GetByteCount(entry.Value))
                    + binaryData.Sum(entry => (long)entry.Key.Length + entry.Value.LongLength);
        if (total <= Defaults.ConfigMapSizeLimit) return;
        var parts = string.Join(", ", binaryData.Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {Kib(entry.Value.LongLength)} KiB")));
        var size = string.Create(CultureInfo.InvariantCulture, $"{Kib(total)} KiB ({parts}), over the {Defaults.ConfigMapSizeLimit / 1024} KiB");
        throw new ModelStoreException(
            $"refused to publish into {address}: the object would hold {size} the API server accepts for one ConfigMap; " +
            "the model and the previous one kept for rollback must fit together (train a smaller model, e.g. with fewer trees)");
    }
}
