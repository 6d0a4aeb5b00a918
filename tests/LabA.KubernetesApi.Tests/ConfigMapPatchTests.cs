using System.Text.Json;
using k8s.Models;

namespace LabA.KubernetesApi.Tests;

public class ConfigMapPatchTests
{
    [Fact]
    public void A_patch_carries_the_version_and_only_the_keys_given_with_binary_values_in_base64()
    {
        var patch = ConfigMapPatch.Of("42", new Dictionary<string, string> { ["a"] = "1" }, new Dictionary<string, byte[]> { ["m.zip"] = [1, 2, 3] });

        Assert.Equal(V1Patch.PatchType.MergePatch, patch.Type);
        using var body = JsonDocument.Parse((string)patch.Content);
        var root = body.RootElement;
        Assert.Equal(["metadata", "data", "binaryData"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["resourceVersion"], root.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
        Assert.Equal("42", root.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("1", root.GetProperty("data").GetProperty("a").GetString());
        Assert.Equal([1, 2, 3], Convert.FromBase64String(root.GetProperty("binaryData").GetProperty("m.zip").GetString()!));
    }

    [Fact]
    public void No_keys_means_no_data_section_so_nothing_of_the_object_is_replaced()
    {
        using var body = JsonDocument.Parse((string)ConfigMapPatch.Of("7").Content);
        Assert.Equal(["metadata"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_patch_without_a_version_is_refused_since_it_would_be_unconditional() =>
        Assert.Throws<ArgumentException>(() => ConfigMapPatch.Of(""));
}
