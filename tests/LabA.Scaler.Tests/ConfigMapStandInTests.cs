using k8s;
using k8s.Autorest;
using LabA.KubernetesApi;
using LabA.Scaler.Tests.StandIns;

namespace LabA.Scaler.Tests;

/// <summary>The stand-in keeps ConfigMaps as the API server does: server-owned metadata, merge patches with a precondition, the size limit.</summary>
public class ConfigMapStandInTests
{
    [Fact]
    public async Task A_read_carries_the_metadata_a_real_server_owns_and_cannot_be_sent_back_whole()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });

        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");
        Assert.NotEmpty(read.Metadata.ManagedFields);
        Assert.NotNull(read.Metadata.ManagedFields[0].FieldsV1);
        Assert.True(Guid.TryParse(read.Metadata.Uid, out _));
        Assert.NotNull(read.Metadata.CreationTimestamp);
        // Why every write sends only its own keys: the AOT client cannot serialize fieldsV1 back.
        await Assert.ThrowsAsync<NotSupportedException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "model", "ops"));
    }

    [Fact]
    public async Task A_merge_patch_sets_its_keys_keeps_the_others_and_records_its_manager()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model", data: new Dictionary<string, string> { ["keep"] = "k" },
            binaryData: new Dictionary<string, byte[]> { ["old.zip"] = [9] });
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");

        var written = await client.CoreV1.PatchNamespacedConfigMapAsync(ConfigMapPatch.Of(read.Metadata.ResourceVersion,
            new Dictionary<string, string> { ["mine"] = "m" }, new Dictionary<string, byte[]> { ["model.zip"] = [1, 2, 3] }),
            "model", "ops", fieldManager: "lab-a-test");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "k", ["mine"] = "m" }, api.ConfigMapData("ops", "model"));
        Assert.Equal([9], api.ConfigMapBinaryData("ops", "model")["old.zip"]);
        Assert.Equal([1, 2, 3], api.ConfigMapBinaryData("ops", "model")["model.zip"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
        Assert.Contains(written.Metadata.ManagedFields, entry => entry.Manager == "lab-a-test");
    }

    [Fact]
    public async Task A_merge_patch_at_a_stale_version_is_a_conflict_with_a_Status_body()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");
        await client.CoreV1.PatchNamespacedConfigMapAsync(
            ConfigMapPatch.Of(read.Metadata.ResourceVersion, new Dictionary<string, string> { ["first"] = "1" }), "model", "ops");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(
            ConfigMapPatch.Of(read.Metadata.ResourceVersion, new Dictionary<string, string> { ["second"] = "2" }), "model", "ops"));
        Assert.Equal(409, (int)refused.Response.StatusCode);
        Assert.Contains("\"kind\":\"Status\"", refused.Response.Content);
        Assert.Contains("the object has been modified", refused.Response.Content);
        Assert.False(api.ConfigMapData("ops", "model").ContainsKey("second"));
    }

    [Fact]
    public async Task More_than_one_MiB_of_data_and_binaryData_together_is_refused_as_the_API_server_does()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(ConfigMapPatch.Of(
            read.Metadata.ResourceVersion, new Dictionary<string, string> { ["model.json"] = new('x', 1000) },
            new Dictionary<string, byte[]> { ["model.zip"] = new byte[KubernetesApiStandIn.MaxConfigMapBytes - 1000] }), "model", "ops"));
        Assert.Equal(422, (int)refused.Response.StatusCode);
        Assert.Contains("""ConfigMap \"model\" is invalid: []: Too long: must have at most 1048576 bytes""", refused.Response.Content);
        Assert.Empty(api.ConfigMapBinaryData("ops", "model"));
    }
}
