using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using k8s.Autorest;

namespace LabA.KubernetesApi;

/// <summary>The one place a failed Kubernetes call becomes a message that names the verb, the resource and the object.</summary>
public static class KubernetesCall
{
    public static async Task<T> RunAsync<T>(
        KubernetesCaller caller, KubernetesTarget target, string verb, string resource, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var where = target.ToString();
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
                HttpStatusCode.Conflict => new KubernetesConflictException(),
                HttpStatusCode.NotFound => new KubernetesCallException(
                    $"{target.Kind} '{target.Name}' not found in namespace '{target.Namespace}' ({target.NotFoundHint}): {detail}"),
                HttpStatusCode.Forbidden => new KubernetesCallException(
                    $"Kubernetes RBAC refused '{verb}' on {resource} for {where} (403 Forbidden); "
                    + $"the {caller.Name}'s Role must allow {verb} on {resource}: {detail}"),
                HttpStatusCode.Unauthorized => new KubernetesCallException(
                    $"Kubernetes rejected the {caller.Name}'s credentials (401 Unauthorized) on '{verb}' {resource}: {detail}"),
                _ => new KubernetesCallException(
                    $"Kubernetes answered {(int)status} {status} to '{verb}' on {resource} for {where}: {detail}",
                    transient: (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException tls)
        {
            // .NET's own words say only "see inner exception", and the inner ones not what the check was.
            throw new KubernetesCallException(
                $"the TLS handshake with the Kubernetes API failed ('{verb}' {resource}): {tls.Message.TrimEnd('.')}. The {caller.Name} trusts "
                + "only the cluster CA (in a pod, the service account's ca.crt; else the kubeconfig's certificate-authority): a server "
                + $"certificate that is not signed by it, or that does not name the address the {caller.Name} connected to, is rejected");
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesCallException($"cannot reach the Kubernetes API ('{verb}' {resource}): {e.Message}", transient: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the run being stopped: the client's own per-call timeout.
            throw new KubernetesCallException($"the Kubernetes API did not answer '{verb}' on {resource} in time", transient: true);
        }
        catch (JsonException e)
        {
            // A 2xx that is not the object asked for: the server in the kubeconfig is not an API server (a web page, a proxy).
            throw new KubernetesCallException($"the Kubernetes API answered '{verb}' on {resource} with a body that is not Kubernetes JSON: {e.Message}");
        }
        catch (Exception e) when (e is not (OperationCanceledException or KubernetesCallException or KubernetesConflictException))
        {
            // The client library itself failed (a serializer, a handler): still one line naming the call, never a stack trace.
            throw new KubernetesCallException($"the Kubernetes client failed on '{verb}' {resource} for {where}: {e.GetType().Name}: {e.Message}");
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
