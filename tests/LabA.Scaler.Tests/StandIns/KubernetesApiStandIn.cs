using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Scaler.Tests.StandIns;

/// <summary>
/// A Kubernetes API server in miniature, on 127.0.0.1 over real HTTP, speaking the paths, content types, status
/// codes and Status bodies of the real one for what the Scaler touches: Deployments, their scale subresource
/// (with resourceVersion preconditions: 409 on a stale one) and core/v1 Events. RBAC refusals (403) are set per
/// verb and resource; a Deployment that is not stored is a 404.
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private const string MergePatch = "application/merge-patch+json";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _deployments = new();
    private readonly object _gate = new();
    private long _resourceVersion = 1000;
    private int _concurrentWrites;
    private int _concurrentReplicas;

    private KubernetesApiStandIn(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    /// <summary>Every request as "METHOD path", in order: what the Scaler asked for, and what it did not.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<JsonObject> Events { get; } = new();

    /// <summary>The bodies of PATCH requests on Deployments themselves (not their scale), in order.</summary>
    public ConcurrentQueue<JsonObject> DeploymentPatches { get; } = new();

    /// <summary>How long every answer waits: an API server that hangs.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>When set, every request gets this HTML page with 200 OK, as from a web server that is not an API server.</summary>
    public string? NotAnApiServerPage { get; set; }

    /// <summary>(verb, resource) pairs the service account may not use, e.g. ("patch", "deployments/scale").</summary>
    public ConcurrentDictionary<(string Verb, string Resource), bool> Forbidden { get; } = new();

    public static async Task<KubernetesApiStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new KubernetesApiStandIn(app);
        standIn.Map(app);
        await app.StartAsync();
        return standIn;
    }

    public void AddDeployment(string @namespace, string name, int replicas, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var annotationsNode = new JsonObject();
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>()) annotationsNode[key] = value;
        _deployments[(@namespace, name)] = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["uid"] = Guid.NewGuid().ToString(),
                ["resourceVersion"] = NextResourceVersion(),
                ["annotations"] = annotationsNode,
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
    }

    public int Replicas(string @namespace, string name) => (int)_deployments[(@namespace, name)]["spec"]!["replicas"]!;

    public IReadOnlyDictionary<string, string> Annotations(string @namespace, string name) =>
        _deployments[(@namespace, name)]["metadata"]!["annotations"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!);

    /// <summary>
    /// Another writer changes the replica count (to <paramref name="replicas"/>) just before each of the next
    /// <paramref name="count"/> scale patches lands, so each of those arrives with a stale resourceVersion.
    /// </summary>
    public void InterleaveWrites(int count, int replicas)
    {
        _concurrentWrites = count;
        _concurrentReplicas = replicas;
    }

    private string NextResourceVersion() => Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (ResponseDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(ResponseDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            if (NotAnApiServerPage is { } page)
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(page);
                return;
            }
            await next(context);
        });

        const string deployment = "/apis/apps/v1/namespaces/{ns}/deployments/{name}";
        app.MapGet(deployment, (string ns, string name) =>
            Guarded("get", "deployments", ns, name, d => Results.Json(d)));
        app.MapGet(deployment + "/scale", (string ns, string name) =>
            Guarded("get", "deployments/scale", ns, name, d => Results.Json(ScaleOf(d))));
        app.MapPatch(deployment, async (string ns, string name, HttpRequest request) =>
        {
            var patch = await ReadMergePatch(request);
            if (patch is not null) DeploymentPatches.Enqueue((JsonObject)patch.DeepClone());
            return Guarded("patch", "deployments", ns, name, d => patch is null ? UnsupportedPatch() : Apply(d, patch, _ => Results.Json(d)));
        });
        app.MapPatch(deployment + "/scale", async (string ns, string name, HttpRequest request) =>
        {
            var patch = await ReadMergePatch(request);
            return Guarded("patch", "deployments/scale", ns, name, d =>
            {
                if (patch is null) return UnsupportedPatch();
                if (Interlocked.Decrement(ref _concurrentWrites) >= 0)
                {
                    d["spec"]!["replicas"] = _concurrentReplicas;
                    d["metadata"]!["resourceVersion"] = NextResourceVersion();
                }
                // A scale patch may only touch spec.replicas (and state the version it read).
                var scalePatch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = patch["spec"]?["replicas"]?.DeepClone() } };
                if (patch["metadata"]?["resourceVersion"] is { } version)
                    scalePatch["metadata"] = new JsonObject { ["resourceVersion"] = version.DeepClone() };
                return Apply(d, scalePatch, _ => Results.Json(ScaleOf(d)));
            });
        });
        app.MapPost("/api/v1/namespaces/{ns}/events", async (string ns, HttpRequest request) =>
        {
            if (Forbidden.ContainsKey(("create", "events")))
                return Status(403, "Forbidden", $"events is forbidden: User \"system:serviceaccount:{ns}:autoscaler-sa\" cannot create resource \"events\" in API group \"\" in the namespace \"{ns}\"");
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["involvedObject"]?["name"] is null || body["reason"] is null || body["metadata"]?["name"] is null)
                return Status(422, "Invalid", "Event is invalid: involvedObject.name, reason and metadata.name are required");
            Events.Enqueue(body);
            return Results.Json(body, statusCode: 201);
        });
    }

    private IResult Guarded(string verb, string resource, string ns, string name, Func<JsonObject, IResult> handle)
    {
        if (Forbidden.ContainsKey((verb, resource)))
            return Status(403, "Forbidden",
                $"deployments.apps \"{name}\" is forbidden: User \"system:serviceaccount:{ns}:autoscaler-sa\" cannot {verb} resource \"{resource}\" in API group \"apps\" in the namespace \"{ns}\"");
        if (!_deployments.TryGetValue((ns, name), out var stored))
            return Status(404, "NotFound", $"deployments.apps \"{name}\" not found");
        lock (_gate) return handle(stored);
    }

    /// <summary>RFC 7386 merge patch, with the API server's optimistic concurrency on metadata.resourceVersion.</summary>
    private IResult Apply(JsonObject stored, JsonObject patch, Func<JsonObject, IResult> respond)
    {
        var name = (string)stored["metadata"]!["name"]!;
        if (patch["metadata"]?["resourceVersion"] is { } wanted && (string)wanted! != (string)stored["metadata"]!["resourceVersion"]!)
            return Status(409, "Conflict",
                $"Operation cannot be fulfilled on deployments.apps \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
        Merge(stored, patch);
        stored["metadata"]!["resourceVersion"] = NextResourceVersion();
        return respond(stored);
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject) Merge(targetObject, patchObject);
            else target[key] = value.DeepClone();
        }
    }

    private static JsonObject ScaleOf(JsonObject deployment)
    {
        var metadata = deployment["metadata"]!;
        var replicas = (int)deployment["spec"]!["replicas"]!;
        var spec = new JsonObject();
        // As the real API server: a zero count is omitted (omitempty).
        if (replicas != 0) spec["replicas"] = replicas;
        return new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]!.DeepClone(),
                ["namespace"] = metadata["namespace"]!.DeepClone(),
                ["uid"] = metadata["uid"]!.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]!.DeepClone(),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject { ["replicas"] = replicas },
        };
    }

    private static async Task<JsonObject?> ReadMergePatch(HttpRequest request) =>
        request.ContentType?.StartsWith(MergePatch, StringComparison.Ordinal) == true
            ? await JsonNode.ParseAsync(request.Body) as JsonObject
            : null;

    private static IResult UnsupportedPatch() =>
        Status(415, "UnsupportedMediaType", "the stand-in accepts only " + MergePatch);

    private static IResult Status(int code, string reason, string message) => Results.Json(new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    }, statusCode: code);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
