using k8s;
using k8s.Models;

namespace LabA.KubernetesApi;

/// <summary>Events on the object a job acts on: what <c>kubectl describe</c> and <c>kubectl get events</c> show.</summary>
public static class ObjectEvents
{
    /// <summary>The API server accepts longer messages, but kubectl and dashboards show about this much.</summary>
    public const int MessageLimit = 1024;
    private const string Events = "events";

    /// <summary>
    /// A core/v1 Event on <paramref name="target"/>. Its name is fixed by <paramref name="now"/>, as client-go names
    /// events, so a retry after an answer that was lost finds it already there (409) and counts it as recorded.
    /// </summary>
    public static async Task RecordAsync(IKubernetes client, KubernetesCaller caller, KubernetesTarget target, string? uid,
        string type, string reason, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var @event = For(caller, target, uid, type, reason, message, now);
        try
        {
            await KubernetesCall.RunAsync(caller, target, "create", Events,
                () => client.CoreV1.CreateNamespacedEventAsync(@event, target.Namespace, cancellationToken: cancellationToken), cancellationToken);
        }
        catch (KubernetesConflictException)
        {
            // AlreadyExists: an earlier attempt did create it.
        }
    }

    public static Corev1Event For(KubernetesCaller caller, KubernetesTarget target, string? uid, string type, string reason, string message, DateTimeOffset now)
    {
        var time = now.UtcDateTime;
        return new Corev1Event
        {
            // client-go names events the same way: object name, then the time in hex nanoseconds.
            Metadata = new V1ObjectMeta { Name = $"{target.Name}.{(time.Ticks - DateTime.UnixEpoch.Ticks) * 100:x}", NamespaceProperty = target.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = target.ApiVersion,
                Kind = target.Kind,
                Name = target.Name,
                NamespaceProperty = target.Namespace,
                Uid = uid,
            },
            Reason = reason,
            Message = message.Length <= MessageLimit ? message : message[..(MessageLimit - 3)] + "...",
            Type = type,
            Source = new V1EventSource { Component = caller.Component },
            ReportingComponent = caller.Component,
            ReportingInstance = Environment.MachineName,
            Action = reason,
            FirstTimestamp = time,
            LastTimestamp = time,
            Count = 1,
        };
    }
}
