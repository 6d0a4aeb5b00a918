using k8s;
using k8s.Autorest;
using LabA.Scaler.Tests.StandIns;

namespace LabA.Scaler.Tests;

/// <summary>The stand-in keeps ConfigMaps as the API server does, binaryData and its size limit included.</summary>
public class ConfigMapStandInTests
{
    [Fact]
    public async Task An_update_stores_binaryData_as_sent_and_one_without_it_has_none()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model", binaryData: new Dictionary<string, byte[]> { ["old.zip"] = [9] });
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });

        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");
        Assert.Equal([9], read.BinaryData["old.zip"]);
        read.BinaryData = new Dictionary<string, byte[]> { ["model.zip"] = [1, 2, 3] };
        var written = await client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "model", "ops");
        Assert.Equal([1, 2, 3], Assert.Single(api.ConfigMapBinaryData("ops", "model")).Value);

        written.BinaryData = null;
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(written, "model", "ops");
        Assert.Empty(api.ConfigMapBinaryData("ops", "model"));
    }

    [Fact]
    public async Task More_than_one_MiB_of_data_and_binaryData_together_is_refused_as_the_API_server_does()
    {
        await using var api = await KubernetesApiStandIn.StartAsync();
        api.AddConfigMap("ops", "model");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Url });
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("model", "ops");
        read.Data = new Dictionary<string, string> { ["model.json"] = new('x', 1000) };
        read.BinaryData = new Dictionary<string, byte[]> { ["model.zip"] = new byte[KubernetesApiStandIn.MaxConfigMapBytes - 1000] };

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "model", "ops"));
        Assert.Equal(422, (int)refused.Response.StatusCode);
        Assert.Contains("""ConfigMap \"model\" is invalid: []: Too long: must have at most 1048576 bytes""", refused.Response.Content);
        Assert.Empty(api.ConfigMapBinaryData("ops", "model"));
    }
}
