using k8s;
using k8s.Autorest;
using LabA.KubernetesApi;

namespace LabA.Scaler.Tests;

/// <summary>
/// The stand-in keeps ConfigMaps as the API server does: server-owned metadata and the size limit. Merge patches and their
/// precondition are checked against a real server side by side in LabA.ApiServer.Tests (ConfigMapContractTests).
/// </summary>
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
