using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using LabA.Domain.Workloads;
using LabA.KubernetesApi;

namespace LabA.Scaler.Cluster;

/// <summary>
/// The HorizontalPodAutoscalers of the namespaces that hold workloads, listed once a run per namespace (list is the one
/// verb on HPAs the Role grants without names: which HPA targets a workload is only known by looking).
/// </summary>
internal sealed class HpaIndex(IKubernetes client)
{
    private const string Resource = "horizontalpodautoscalers";

    private readonly ConcurrentDictionary<string, Lazy<Task<IList<V1HorizontalPodAutoscaler>>>> _byNamespace = new();

    /// <summary>The HPA whose scaleTargetRef is <paramref name="workload"/>, or null when none is.</summary>
    public async Task<V1HorizontalPodAutoscaler?> TargetingAsync(Workload workload, CancellationToken cancellationToken)
    {
        var listed = _byNamespace.GetOrAdd(workload.Namespace, ns => new Lazy<Task<IList<V1HorizontalPodAutoscaler>>>(() => ListAsync(ns, cancellationToken)));
        var hpas = await listed.Value;
        return hpas.FirstOrDefault(hpa => hpa.Spec?.ScaleTargetRef is { } target
            && target.Name == workload.Name
            && string.Equals(target.Kind, workload.Kind.ToString(), StringComparison.Ordinal));
    }

    private async Task<IList<V1HorizontalPodAutoscaler>> ListAsync(string ns, CancellationToken cancellationToken)
    {
        var target = new KubernetesTarget("autoscaling/v1", "HorizontalPodAutoscaler", "(all)", ns, "");
        var list = await KubernetesCall.RunAsync(KubernetesCaller.Scaler, target, "list", Resource,
            () => client.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerAsync(ns, cancellationToken: cancellationToken), cancellationToken);
        return list.Items ?? [];
    }
}
