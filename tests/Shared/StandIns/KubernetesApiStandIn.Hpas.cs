using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>HorizontalPodAutoscalers (autoscaling/v1) as the Scaler uses them: listed per namespace, read and patched by name.</summary>
public sealed partial class KubernetesApiStandIn
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _hpas = new();

    public void AddHpa(string @namespace, string name, string targetKind, string targetName, int minReplicas, int maxReplicas)
    {
        _hpas[(@namespace, name)] = new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = NewMetadata(@namespace, name, "autoscaling/v1"),
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = targetKind, ["name"] = targetName },
                ["minReplicas"] = minReplicas,
                ["maxReplicas"] = maxReplicas,
            },
        };
    }

    public int HpaMinReplicas(string @namespace, string name) => (int)_hpas[(@namespace, name)]["spec"]!["minReplicas"]!;

    private void MapHpas(WebApplication app)
    {
        const string hpas = "/apis/autoscaling/v1/namespaces/{ns}/horizontalpodautoscalers";
        app.MapGet(hpas, (string ns) =>
        {
            if (Refused("list", "autoscaling", "horizontalpodautoscalers", null) is { } why) return Forbid("list", "autoscaling", "horizontalpodautoscalers", ns, why);
            lock (_gate)
            {
                var items = new JsonArray([.. _hpas.Where(pair => pair.Key.Namespace == ns).Select(pair => (JsonNode)pair.Value.DeepClone())]);
                return Results.Json(new JsonObject
                {
                    ["apiVersion"] = "autoscaling/v1",
                    ["kind"] = "HorizontalPodAutoscalerList",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = NextResourceVersion() },
                    ["items"] = items,
                });
            }
        });
        app.MapGet(hpas + "/{name}", (string ns, string name) =>
            Guarded("get", "autoscaling", "horizontalpodautoscalers", ns, name, _hpas, "horizontalpodautoscalers.autoscaling", h => Results.Json(h.DeepClone())));
        app.MapPatch(hpas + "/{name}", async (string ns, string name, HttpRequest request) =>
        {
            var patch = await ReadMergePatch(request);
            return Guarded("patch", "autoscaling", "horizontalpodautoscalers", ns, name, _hpas, "horizontalpodautoscalers.autoscaling", h =>
            {
                if (patch is null) return UnsupportedPatch();
                if (Stale(h, patch["metadata"]?["resourceVersion"]) is { } conflict) return conflict;
                if (patch["spec"] is JsonObject spec) MergeInto((JsonObject)h["spec"]!, spec);
                Written(h, request.Query["fieldManager"], "Update");
                return Results.Json(h.DeepClone());
            });
        });
    }
}
