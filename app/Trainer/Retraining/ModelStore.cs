using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Retraining;

/// <summary>
/// The model store: one ConfigMap whose binaryData holds the serving model (model.zip, model.json) and the one it
/// replaced (previous.model.zip, previous.model.json). A publish is one PUT of the whole object carrying the
/// resourceVersion it was read at, so the Predictor's volume swaps both files at once and of two writers the second gets
/// 409 and must decide again. The job never creates the object (RBAC cannot limit create to one name): the stack does.
/// </summary>
public sealed class ModelStore(IKubernetes client, ModelStoreAddress address)
{
    private const string ConfigMaps = "configmaps";
    private const string Events = "events";
    /// <summary>The API server accepts longer Event messages, but kubectl and dashboards show about this much.</summary>
    private const int EventMessageLimit = 1024;

    public ModelStoreAddress Address => address;

    public async Task<StoredModels> ReadAsync(CancellationToken cancellationToken)
    {
        var configMap = await CallAsync("get", ConfigMaps,
            () => client.CoreV1.ReadNamespacedConfigMapAsync(address.Name, address.Namespace, cancellationToken: cancellationToken));
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

        var binaryData = new Dictionary<string, byte[]>(read.ConfigMap.BinaryData ?? new Dictionary<string, byte[]>());
        if (keepCurrent && read.Current is { } current)
        {
            binaryData[ModelStoreKeys.PreviousArchive] = current.Archive;
            binaryData[ModelStoreKeys.PreviousCard] = current.Card;
        }
        binaryData[ModelStoreKeys.Archive] = promoted.Archive;
        binaryData[ModelStoreKeys.Card] = promoted.Card;
        CheckSize(read.ConfigMap.Data, binaryData);

        var updated = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = read.ConfigMap.Metadata,
            Data = read.ConfigMap.Data,
            BinaryData = binaryData,
        };
        try
        {
            await CallAsync("update", ConfigMaps, () => client.CoreV1.ReplaceNamespacedConfigMapAsync(
                updated, address.Name, address.Namespace, fieldManager: Names.RetrainFieldManager, cancellationToken: cancellationToken));
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>An Event on the store's ConfigMap: what <c>kubectl describe configmap</c> and <c>kubectl get events</c> show.</summary>
    public async Task RecordAsync(string reason, string type, string message, StoredModels? read, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var time = now.UtcDateTime;
        var @event = new Corev1Event
        {
            // client-go names events the same way: object name, then the time in hex nanoseconds.
            Metadata = new V1ObjectMeta { Name = $"{address.Name}.{(time.Ticks - DateTime.UnixEpoch.Ticks) * 100:x}", NamespaceProperty = address.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Name = address.Name,
                NamespaceProperty = address.Namespace,
                Uid = read?.ConfigMap.Metadata?.Uid,
            },
            Reason = reason,
            Message = message.Length <= EventMessageLimit ? message : message[..(EventMessageLimit - 3)] + "...",
            Type = type,
            Source = new V1EventSource { Component = Names.RetrainFieldManager },
            ReportingComponent = Names.RetrainFieldManager,
            ReportingInstance = Environment.MachineName,
            Action = reason,
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
        };
        await CallAsync("create", Events, () => client.CoreV1.CreateNamespacedEventAsync(@event, address.Namespace, cancellationToken: cancellationToken));
    }

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

    private async Task<T> CallAsync<T>(string verb, string resource, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode != HttpStatusCode.Conflict || verb != "update")
        {
            var status = e.Response.StatusCode;
            var detail = StatusMessage(e.Response.Content);
            throw new ModelStoreException(status switch
            {
                HttpStatusCode.NotFound => $"{address} not found ({resource}): the stack creates it (pulumi up), by hand: kubectl create configmap {address.Name} -n {address.Namespace}; {detail}",
                HttpStatusCode.Forbidden => $"Kubernetes RBAC refused '{verb}' on {resource} for {address} (403 Forbidden); " +
                    $"the retrain job's Role must allow get and update on it and create on events: {detail}",
                HttpStatusCode.Unauthorized => $"Kubernetes rejected the retrain job's credentials (401 Unauthorized) on '{verb}' {resource}: {detail}",
                _ => $"Kubernetes answered {(int)status} {status} to '{verb}' on {resource} for {address}: {detail}",
            });
        }
        catch (HttpRequestException e)
        {
            throw new ModelStoreException($"cannot reach the Kubernetes API ('{verb}' {resource} for {address}): {e.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new ModelStoreException($"the Kubernetes API did not answer '{verb}' on {resource} for {address} within {Defaults.KubernetesCallTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The human part of a metav1.Status body; the raw text (shortened) when it is not one.</summary>
    private static string StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "(no message)";
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
            // Not a Status: a proxy answered; its text is the best there is.
        }
        var flat = content.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }
}
