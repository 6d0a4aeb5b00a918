using System.Text.Json.Nodes;
using k8s.Models;

namespace LabA.KubernetesApi;

/// <summary>
/// A JSON merge patch of a ConfigMap that carries only the keys a job owns and the resourceVersion it read, which
/// the API server checks as a precondition (409 when another writer came first). Sending the object read back instead
/// would also send what the server owns (managedFields, whose fieldsV1 the AOT client cannot even serialize) and would
/// overwrite labels or keys others changed meanwhile.
/// </summary>
public static class ConfigMapPatch
{
    public static V1Patch Of(
        string resourceVersion, IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, byte[]>? binaryData = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceVersion);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion } };
        if (data is { Count: > 0 })
        {
            var node = new JsonObject();
            foreach (var (key, value) in data) node[key] = value;
            patch["data"] = node;
        }
        if (binaryData is { Count: > 0 })
        {
            var node = new JsonObject();
            foreach (var (key, value) in binaryData) node[key] = Convert.ToBase64String(value);
            patch["binaryData"] = node;
        }
        return new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
    }
}
