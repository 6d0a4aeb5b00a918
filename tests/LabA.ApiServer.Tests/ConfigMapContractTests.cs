using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabA.ApiServer.Tests.Fixture;
using LabA.KubernetesApi;

namespace LabA.ApiServer.Tests;

/// <summary>
/// The same client calls against the in-process stand-in the unit tests use and against the real server: where they
/// answer differently, the stand-in has drifted from the API it imitates, and the unit tests built on it would lie.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class ConfigMapContractTests(ApiServerFixture server) : IAsyncLifetime
{
    private KubernetesApiStandIn? _standIn;

    public async Task InitializeAsync() => _standIn = await KubernetesApiStandIn.StartAsync();

    public async Task DisposeAsync() => await _standIn!.DisposeAsync();

    /// <summary>A client on <paramref name="target"/> and a namespace there holding a ConfigMap "store" made as the stack makes it.</summary>
    private async Task<(IKubernetes Client, string Namespace)> StoreOnAsync(string target)
    {
        var ns = $"contract-{target}-{Guid.NewGuid().ToString("N")[..8]}";
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "pulumi" };
        if (target == "stand-in")
        {
            _standIn!.AddConfigMap(ns, "store", new Dictionary<string, string> { ["keep"] = "k" });
            return (new Kubernetes(new KubernetesClientConfiguration { Host = _standIn.Url }), ns);
        }
        var stack = await StackObjects.CreateAsync(server, ns);
        await stack.ApplyConfigMapAsync(new Deployment.Workloads.ConfigMapPlan("store", labels, new Dictionary<string, string> { ["keep"] = "k" }));
        return (server.Admin, ns);
    }

    [Theory]
    [InlineData("stand-in")]
    [InlineData("real")]
    public async Task A_read_carries_server_metadata_that_cannot_be_sent_back_whole(string target)
    {
        var (client, ns) = await StoreOnAsync(target);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("store", ns);

        Assert.True(Guid.TryParse(read.Metadata.Uid, out _));
        Assert.NotNull(read.Metadata.CreationTimestamp);
        Assert.False(string.IsNullOrEmpty(read.Metadata.ResourceVersion));
        Assert.Contains(read.Metadata.ManagedFields, entry => entry.Operation == "Apply" && entry.FieldsType == "FieldsV1");
        await Assert.ThrowsAsync<NotSupportedException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "store", ns));
    }

    [Theory]
    [InlineData("stand-in")]
    [InlineData("real")]
    public async Task A_merge_patch_at_the_read_version_sets_its_keys_keeps_the_rest_and_adds_its_manager(string target)
    {
        var (client, ns) = await StoreOnAsync(target);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("store", ns);

        var written = await client.CoreV1.PatchNamespacedConfigMapAsync(ConfigMapPatch.Of(read.Metadata.ResourceVersion,
            new Dictionary<string, string> { ["mine"] = "m" }, new Dictionary<string, byte[]> { ["model.zip"] = [1, 2, 3] }), "store", ns,
            fieldManager: "lab-a-contract");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "k", ["mine"] = "m" }, written.Data);
        Assert.Equal([1, 2, 3], written.BinaryData["model.zip"]);
        Assert.Equal(read.Metadata.Labels, written.Metadata.Labels);
        Assert.NotEqual(read.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
        Assert.Contains(written.Metadata.ManagedFields, entry => entry.Manager == "lab-a-contract" && entry.Operation == "Update");
    }

    [Theory]
    [InlineData("stand-in")]
    [InlineData("real")]
    public async Task A_merge_patch_at_a_stale_version_is_a_409_Status_and_changes_nothing(string target)
    {
        var (client, ns) = await StoreOnAsync(target);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("store", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(
            ConfigMapPatch.Of(read.Metadata.ResourceVersion, new Dictionary<string, string> { ["first"] = "1" }), "store", ns);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            ConfigMapPatch.Of(read.Metadata.ResourceVersion, new Dictionary<string, string> { ["second"] = "2" }), "store", ns));

        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        using var status = JsonDocument.Parse(refused.Response.Content);
        Assert.Equal(("Status", "Conflict", 409), (status.RootElement.GetProperty("kind").GetString(),
            status.RootElement.GetProperty("reason").GetString(), status.RootElement.GetProperty("code").GetInt32()));
        Assert.Contains("the object has been modified", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("second", (await client.CoreV1.ReadNamespacedConfigMapAsync("store", ns)).Data.Keys);
    }

    [Theory]
    [InlineData("stand-in")]
    [InlineData("real")]
    public async Task A_missing_object_is_a_404_Status_naming_it(string target)
    {
        var (client, ns) = await StoreOnAsync(target);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("nothing-here", ns));

        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        using var status = JsonDocument.Parse(missing.Response.Content);
        Assert.Equal(("Status", "NotFound"), (status.RootElement.GetProperty("kind").GetString(), status.RootElement.GetProperty("reason").GetString()));
        Assert.Equal("configmaps \"nothing-here\" not found", status.RootElement.GetProperty("message").GetString());
    }
}
