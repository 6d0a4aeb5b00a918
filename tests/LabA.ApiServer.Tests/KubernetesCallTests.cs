using k8s;
using k8s.Models;

using LabA.ApiServer.Tests.Fixture;
using LabA.KubernetesApi;

namespace LabA.ApiServer.Tests;

/// <summary>
/// LabA.KubernetesApi against kube-apiserver's own answers: its Status bodies become LabA's messages and exceptions,
/// and the Events LabA records pass the server's validation.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class KubernetesCallTests(ApiServerFixture server)
{
    private static readonly KubernetesCaller Caller = new("test", "labA-test");

    [Fact]
    public async Task An_Event_LabA_records_is_accepted_and_recording_it_again_counts_as_recorded()
    {
        const string Namespace = "events";
        await server.CreateNamespaceAsync(Namespace);
        var map = await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "store" } }, Namespace);
        var target = new KubernetesTarget("v1", "ConfigMap", "store", Namespace, "the test creates it");
        var now = DateTimeOffset.UtcNow;

        await ObjectEvents.RecordAsync(server.Admin, Caller, target, map.Metadata.Uid, "Normal", "Promoted", "a model", now, CancellationToken.None);
        // The same name again: the server's 409 AlreadyExists is an earlier attempt that did get through.
        await ObjectEvents.RecordAsync(server.Admin, Caller, target, map.Metadata.Uid, "Normal", "Promoted", "a model", now, CancellationToken.None);

        var recorded = Assert.Single((await server.Admin.CoreV1.ListNamespacedEventAsync(Namespace)).Items);
        Assert.Equal("Promoted", recorded.Reason);
        Assert.Equal(map.Metadata.Uid, recorded.InvolvedObject.Uid);
        Assert.Equal("labA-test", recorded.Source.Component);
    }

    [Fact]
    public async Task A_stale_write_becomes_a_conflict_exception()
    {
        const string Namespace = "call-conflict";
        await server.CreateNamespaceAsync(Namespace);
        var read = await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "state" } }, Namespace);
        // See ApiServerTests: KubernetesClient.Aot cannot serialize the managedFields a real server returns.
        read.Metadata.ManagedFields = null;
        // A change: an update that changes nothing keeps the resourceVersion, and the next write would not be stale.
        await server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = read.Metadata, Data = new Dictionary<string, string> { ["by"] = "another writer" } }, "state", Namespace);
        var target = new KubernetesTarget("v1", "ConfigMap", "state", Namespace, "the test creates it");

        await Assert.ThrowsAsync<KubernetesConflictException>(() => KubernetesCall.RunAsync(Caller, target, "update", "configmaps",
            () => server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(read, "state", Namespace), CancellationToken.None));
    }

    [Fact]
    public async Task Not_found_and_RBAC_refusals_are_told_with_the_servers_message()
    {
        const string Namespace = "call-errors";
        await server.CreateNamespaceAsync(Namespace);
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "reader" } }, Namespace);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.AdminKubeconfigPath)!, "reader.kubeconfig");
        await server.WriteTokenKubeconfigAsync(Namespace, "reader", kubeconfig);
        using var reader = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var target = new KubernetesTarget("v1", "ConfigMap", "absent", Namespace, "named by a test");

        var missing = await Assert.ThrowsAsync<KubernetesCallException>(() => KubernetesCall.RunAsync(Caller, target, "get", "configmaps",
            () => server.Admin.CoreV1.ReadNamespacedConfigMapAsync("absent", Namespace), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<KubernetesCallException>(() => KubernetesCall.RunAsync(Caller, target, "get", "configmaps",
            () => reader.CoreV1.ReadNamespacedConfigMapAsync("absent", Namespace), CancellationToken.None));

        Assert.Contains("configmaps \"absent\" not found", missing.Message, StringComparison.Ordinal);
        Assert.Contains("(403 Forbidden)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("User \"system:serviceaccount:call-errors:reader\" cannot get resource \"configmaps\"", refused.Message, StringComparison.Ordinal);
        Assert.False(missing.Transient || refused.Transient);
    }
}
