using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabA.Domain.Wiring;

namespace LabA.Scaler.Cluster;

/// <summary>The Deployment as one run sees it: the scale subresource's count and version, and the Deployment's annotations.</summary>
public sealed record DeploymentState(int Replicas, string ResourceVersion, string? Uid, IReadOnlyDictionary<string, string> Annotations);

/// <summary>A Kubernetes call failed; the message names the verb, the resource and the object.</summary>
public sealed class KubernetesCallException(string message) : Exception(message);

/// <summary>
/// The only calls the Scaler makes, each within the Role the infra grants: get and patch on the Deployment and
/// its scale subresource (by name), create on events. No list, no watch.
/// </summary>
public sealed class TargetDeployment(IKubernetes client, string name, string @namespace)
{
    private const string Deployments = "deployments";
    private const string DeploymentsScale = "deployments/scale";
    private const string Events = "events";

    public string Name => name;
    public string Namespace => @namespace;

    public async Task<DeploymentState> ReadAsync(CancellationToken cancellationToken)
    {
        var deployment = await CallAsync("get", Deployments,
            () => client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken), cancellationToken);
        var scale = await CallAsync("get", DeploymentsScale,
            () => client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, @namespace, cancellationToken: cancellationToken), cancellationToken);
        return new DeploymentState(
            // The API server omits a zero count (omitempty), so an absent one is 0.
            scale.Spec?.Replicas ?? 0,
            scale.Metadata?.ResourceVersion ?? "",
            deployment.Metadata?.Uid,
            deployment.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : new Dictionary<string, string>());
    }

    /// <summary>
    /// Sets the replica count if the scale subresource is still at <paramref name="resourceVersion"/>;
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
            await CallAsync("patch", DeploymentsScale, () => client.AppsV1.PatchNamespacedDeploymentScaleAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, @namespace,
                fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }

    /// <summary>Merges <paramref name="annotations"/> into the Deployment's; a merge patch, so no version is needed.</summary>
    public Task AnnotateAsync(IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        var values = new JsonObject();
        foreach (var (key, value) in annotations) values[key] = value;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = values } };
        return CallAsync("patch", Deployments, () => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, @namespace,
            fieldManager: Names.FieldManager, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>A core/v1 Event on the Deployment, as kubectl describe shows it.</summary>
    public Task RecordEventAsync(string reason, string message, DeploymentState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var time = now.UtcDateTime;
        var @event = new Corev1Event
        {
            // client-go names events the same way: object name, then the time in hex nanoseconds.
            Metadata = new V1ObjectMeta { Name = $"{name}.{(time.Ticks - DateTime.UnixEpoch.Ticks) * 100:x}", NamespaceProperty = @namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "apps/v1",
                Kind = "Deployment",
                Name = name,
                NamespaceProperty = @namespace,
                Uid = state.Uid,
            },
            Reason = reason,
            Message = message,
            Type = "Normal",
            Source = new V1EventSource { Component = Names.FieldManager },
            ReportingComponent = Names.FieldManager,
            ReportingInstance = Environment.MachineName,
            Action = reason,
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
        };
        return CallAsync("create", Events, () => client.CoreV1.CreateNamespacedEventAsync(@event, @namespace, cancellationToken: cancellationToken), cancellationToken);
    }

    private sealed class ConflictException : Exception;

    private async Task<T> CallAsync<T>(string verb, string resource, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            var status = e.Response.StatusCode;
            var detail = StatusMessage(e.Response.Content);
            throw status switch
            {
                HttpStatusCode.Conflict when verb == "patch" && resource == DeploymentsScale => new ConflictException(),
                HttpStatusCode.NotFound when resource != Events => new KubernetesCallException(
                    $"Deployment '{name}' not found in namespace '{@namespace}' ({EnvVars.TargetDeployment}, {EnvVars.TargetNamespace}): {detail}"),
                HttpStatusCode.Forbidden => new KubernetesCallException(
                    $"Kubernetes RBAC refused '{verb}' on {resource}{(resource == Events ? "" : $" '{name}'")} in namespace '{@namespace}' (403 Forbidden); "
                    + $"the scaler's Role must allow {verb} on {resource}: {detail}"),
                HttpStatusCode.Unauthorized => new KubernetesCallException(
                    $"Kubernetes rejected the scaler's credentials (401 Unauthorized) on '{verb}' {resource}: {detail}"),
                _ => new KubernetesCallException(
                    $"Kubernetes answered {(int)status} {status} to '{verb}' on {resource} '{name}' in namespace '{@namespace}': {detail}"),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            // .NET's own words say only "see inner exception", and the inner ones not what the check was.
            throw new KubernetesCallException(
                $"the TLS handshake with the Kubernetes API failed ('{verb}' {resource}): {tls.Message.TrimEnd('.')}. The scaler trusts "
                + "only the cluster CA (in a pod, the service account's ca.crt; else the kubeconfig's certificate-authority): a server "
                + "certificate that is not signed by it, or that does not name the address the scaler connected to, is rejected");
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesCallException($"cannot reach the Kubernetes API ('{verb}' {resource}): {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the run being stopped: the client's own per-call timeout.
            throw new KubernetesCallException($"the Kubernetes API did not answer '{verb}' on {resource} in time");
        }
        catch (JsonException e)
        {
            // A 2xx that is not the object asked for: the server in the kubeconfig is not an API server (a web page, a proxy).
            throw new KubernetesCallException($"the Kubernetes API answered '{verb}' on {resource} with a body that is not Kubernetes JSON: {e.Message}");
        }
    }

    /// <summary>The human part of a metav1.Status body; the raw text when it is not one.</summary>
    private static string StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "(no message)";
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
            // Not a Status: a proxy or load balancer answered. Its text is the best there is.
        }
        var flat = content.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }
}
