using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LabA.Tests.Shared;

/// <summary>
/// A Kubernetes API server in miniature, on 127.0.0.1 over real HTTP, speaking the paths, content types, status
/// codes and Status bodies of the real one for what the Scaler touches: Deployments and their scale subresource,
/// ConfigMaps (get, update by PUT, merge patch) and core/v1 Events. Objects carry what a real server's do (uid,
/// creationTimestamp, generation, labels and managedFields from a server-side apply). Writes carry resourceVersion preconditions (409 on a stale
/// one), an object that is not stored is a 404, an Event created twice is a 409 AlreadyExists. RBAC is simulated two
/// ways: a Role (an allow-list of rules, as the API server's authorizer reads it) and single refused (verb, resource)
/// pairs; either answers 403 as the API server does.
/// </summary>
public sealed partial class KubernetesApiStandIn : IAsyncDisposable
{
    private const string MergePatch = "application/merge-patch+json";
    /// <summary>The API server's limit on a ConfigMap's data and binaryData together (etcd's value limit).</summary>
    public const int MaxConfigMapBytes = 1024 * 1024;
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _deployments = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _configMaps = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), JsonObject> _events = new();
    private readonly ConcurrentQueue<(string Request, int Status)> _faults = new();
    private readonly object _gate = new();
    private long _resourceVersion = 1000;
    private int _concurrentWrites;
    private int _concurrentReplicas;

    private KubernetesApiStandIn(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    /// <summary>
    /// Writes a kubeconfig naming this stand-in as the cluster (a bearer token, no TLS) to <paramref name="directory"/>,
    /// for a process that finds its cluster as kubectl does outside a pod; returns its path.
    /// </summary>
    public string WriteKubeconfig(string directory, string user = "test")
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: "{Url}"
            users:
            - name: {user}
              user:
                token: test
            contexts:
            - name: stand-in
              context:
                cluster: stand-in
                user: {user}
            current-context: stand-in
            """);
        return path;
    }

    /// <summary>Every request as "METHOD path", in order: what the Scaler asked for, and what it did not.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Events created, in order.</summary>
    public ConcurrentQueue<JsonObject> Events { get; } = new();

    /// <summary>The replica count of every scale patch that landed, in order.</summary>
    public ConcurrentQueue<int> ScaledTo { get; } = new();

    /// <summary>How long answers wait: an API server that hangs, or is slow.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Which requests ("METHOD path") wait <see cref="ResponseDelay"/>; all when null.</summary>
    public Func<string, bool>? Delayed { get; set; }

    /// <summary>Called with each request ("METHOD path"); its answer waits for the task returned: a test holds a write back.</summary>
    public Func<string, Task>? BeforeAnswer { get; set; }

    /// <summary>
    /// Called with each request ("METHOD path") after it was handled (a write applied) and before its answer goes out:
    /// the answer waits for the task returned, and when it returns false the connection is dropped instead. A write
    /// that landed but whose answer came late, or never.
    /// </summary>
    public Func<string, Task<bool>>? AfterApply { get; set; }

    /// <summary>When set, every request gets this HTML page with 200 OK, as from a web server that is not an API server.</summary>
    public string? NotAnApiServerPage { get; set; }

    /// <summary>(verb, resource) pairs the service account may not use, e.g. ("patch", "deployments/scale").</summary>
    public ConcurrentDictionary<(string Verb, string Resource), bool> Forbidden { get; } = new();

    /// <summary>When set, the service account's Role: anything no rule allows is refused with 403.</summary>
    public IReadOnlyList<RbacRule>? Role { get; set; }

    /// <summary>Changes what a 'get' on a Deployment answers (the stored object is left alone): an API server, or a proxy, sending a broken object.</summary>
    public Action<JsonObject>? CorruptDeploymentReads { get; set; }

    public static async Task<KubernetesApiStandIn> StartAsync()
    {
        var app = LoopbackApp.Build();
        var standIn = new KubernetesApiStandIn(app);
        standIn.Map(app);
        await app.StartAsync();
        return standIn;
    }

    public void AddDeployment(string @namespace, string name, int replicas)
    {
        _deployments[(@namespace, name)] = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = NewMetadata(@namespace, name, "apps/v1"),
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
    }

    public void AddConfigMap(
        string @namespace, string name, IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, byte[]>? binaryData = null)
    {
        var dataNode = new JsonObject();
        foreach (var (key, value) in data ?? new Dictionary<string, string>()) dataNode[key] = value;
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = NewMetadata(@namespace, name, "v1"),
            ["data"] = dataNode,
        };
        if (binaryData is not null)
        {
            // As in JSON: binaryData values are base64.
            var binaryNode = new JsonObject();
            foreach (var (key, value) in binaryData) binaryNode[key] = Convert.ToBase64String(value);
            configMap["binaryData"] = binaryNode;
        }
        _configMaps[(@namespace, name)] = configMap;
    }

    public int Replicas(string @namespace, string name) => (int)_deployments[(@namespace, name)]["spec"]!["replicas"]!;

    public IReadOnlyDictionary<string, string> ConfigMapData(string @namespace, string name)
    {
        lock (_gate)
            return _configMaps[(@namespace, name)]["data"] is JsonObject data
                ? data.ToDictionary(p => p.Key, p => (string)p.Value!)
                : new Dictionary<string, string>();
    }

    /// <summary>The ConfigMap's binaryData, decoded; empty when it has none.</summary>
    public IReadOnlyDictionary<string, byte[]> ConfigMapBinaryData(string @namespace, string name)
    {
        lock (_gate)
            return _configMaps[(@namespace, name)]["binaryData"] is JsonObject binary
                ? binary.ToDictionary(p => p.Key, p => Convert.FromBase64String((string)p.Value!))
                : new Dictionary<string, byte[]>();
    }

    /// <summary>
    /// Another writer changes the replica count (to <paramref name="replicas"/>) just before each of the next
    /// <paramref name="count"/> scale patches lands, so each of those arrives with a stale resourceVersion.
    /// </summary>
    public void InterleaveWrites(int count, int replicas)
    {
        _concurrentWrites = count;
        _concurrentReplicas = replicas;
    }

    /// <summary>The next <paramref name="times"/> requests "METHOD path" that start with <paramref name="request"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(string request, int status, int times = 1)
    {
        for (var i = 0; i < times; i++) _faults.Enqueue((request, status));
    }

    private string NextResourceVersion() => Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Metadata as a real API server returns it for an object created by server-side apply (as Pulumi creates them):
    /// uid, creationTimestamp, generation, and managedFields whose fieldsV1 is free-form JSON that a client must not
    /// send back blindly.
    /// </summary>
    private JsonObject NewMetadata(string @namespace, string name, string apiVersion) => new()
    {
        ["name"] = name,
        ["namespace"] = @namespace,
        ["uid"] = Guid.NewGuid().ToString(),
        ["resourceVersion"] = NextResourceVersion(),
        ["generation"] = 1,
        ["creationTimestamp"] = Timestamp(),
        ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "pulumi" },
        ["managedFields"] = new JsonArray(ManagedFieldsEntry("pulumi-kubernetes", "Apply", apiVersion)),
    };

    private static JsonObject ManagedFieldsEntry(string manager, string operation, string apiVersion) => new()
    {
        ["manager"] = manager,
        ["operation"] = operation,
        ["apiVersion"] = apiVersion,
        ["time"] = Timestamp(),
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = new JsonObject
        {
            ["f:metadata"] = new JsonObject { ["f:labels"] = new JsonObject { ["."] = new JsonObject() } },
            ["f:data"] = new JsonObject(),
        },
    };

    private static string Timestamp() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What every write does to the stored metadata: a new version, and the writer recorded as a field manager.</summary>
    private void Written(JsonObject stored, string? manager, string operation)
    {
        var metadata = (JsonObject)stored["metadata"]!;
        metadata["resourceVersion"] = NextResourceVersion();
        var managers = metadata["managedFields"] as JsonArray ?? [];
        var name = manager ?? "unknown";
        if (!managers.Any(entry => (string?)entry?["manager"] == name && (string?)entry?["operation"] == operation))
            managers.Add(ManagedFieldsEntry(name, operation, (string)stored["apiVersion"]!));
        metadata["managedFields"] = managers;
    }

    /// <summary>RFC 7386: objects merge key by key, null removes a key, anything else replaces.</summary>
    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject child && target[key] is JsonObject existing) MergeInto(existing, child);
            else target[key] = value.DeepClone();
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = $"{context.Request.Method} {context.Request.Path}";
            Requests.Enqueue(request);
            if (ResponseDelay > TimeSpan.Zero && Delayed?.Invoke(request) != false)
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
            if (BeforeAnswer is { } hold) await hold(request);
            if (NotAnApiServerPage is { } page)
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(page);
                return;
            }
            if (TakeFault(request) is { } status)
            {
                await Status(status, ((System.Net.HttpStatusCode)status).ToString(), $"injected fault: {status}").ExecuteAsync(context);
                return;
            }
            if (AfterApply is not { } after)
            {
                await next(context);
                return;
            }
            // The answer is kept back until the hook says whether it goes out at all.
            var body = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            await next(context);
            context.Response.Body = body;
            if (!await after(request))
            {
                context.Abort();
                return;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(body);
        });

        MapHpas(app);

        const string deployment = "/apis/apps/v1/namespaces/{ns}/deployments/{name}";
        app.MapGet(deployment, (string ns, string name) =>
            Guarded("get", "apps", "deployments", ns, name, _deployments, "deployments.apps", d =>
            {
                var answer = (JsonObject)d.DeepClone();
                CorruptDeploymentReads?.Invoke(answer);
                return Results.Json(answer);
            }));
        app.MapPatch(deployment + "/scale", async (string ns, string name, HttpRequest request) =>
        {
            var patch = await ReadMergePatch(request);
            return Guarded("patch", "apps", "deployments/scale", ns, name, _deployments, "deployments.apps", d =>
            {
                if (patch is null) return UnsupportedPatch();
                if (Interlocked.Decrement(ref _concurrentWrites) >= 0)
                {
                    d["spec"]!["replicas"] = _concurrentReplicas;
                    d["metadata"]!["resourceVersion"] = NextResourceVersion();
                }
                if (Stale(d, patch["metadata"]?["resourceVersion"]) is { } conflict) return conflict;
                // A scale patch may only touch spec.replicas.
                if (patch["spec"]?["replicas"] is not JsonValue replicas || !replicas.TryGetValue<int>(out var count))
                    return Status(422, "Invalid", "Scale.autoscaling is invalid: spec.replicas must be a whole number");
                d["spec"]!["replicas"] = count;
                Written(d, request.Query["fieldManager"], "Update");
                ScaledTo.Enqueue(count);
                return Results.Json(ScaleOf(d));
            });
        });

        const string configMap = "/api/v1/namespaces/{ns}/configmaps/{name}";
        app.MapGet(configMap, (string ns, string name) =>
            Guarded("get", "", "configmaps", ns, name, _configMaps, "configmaps", c => Results.Json(c.DeepClone())));
        app.MapPut(configMap, async (string ns, string name, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            return Guarded("update", "", "configmaps", ns, name, _configMaps, "configmaps", stored =>
            {
                if (body?["metadata"]?["name"]?.GetValue<string>() != name)
                    return Status(400, "BadRequest", "the name of the object does not match the name on the URL");
                // As the API server: an update without a resourceVersion is unconditional, one with a stale version a conflict.
                if (body["metadata"]!["resourceVersion"] is { } version && (string?)version is { Length: > 0 }
                    && Stale(stored, version) is { } conflict)
                    return conflict;
                if (ConfigMapBytes(body) > MaxConfigMapBytes)
                    return Status(422, "Invalid", $"ConfigMap \"{name}\" is invalid: []: Too long: must have at most {MaxConfigMapBytes} bytes");
                stored["data"] = body["data"]?.DeepClone() ?? new JsonObject();
                // An absent binaryData means none, as the API server stores what the update sends.
                if (body["binaryData"] is JsonObject binary) stored["binaryData"] = binary.DeepClone();
                else stored.Remove("binaryData");
                Written(stored, request.Query["fieldManager"], "Update");
                return Results.Json(stored.DeepClone());
            });
        });
        app.MapPatch(configMap, async (string ns, string name, HttpRequest request) =>
        {
            var patch = await ReadMergePatch(request);
            return Guarded("patch", "", "configmaps", ns, name, _configMaps, "configmaps", stored =>
            {
                if (patch is null) return UnsupportedPatch();
                if (Stale(stored, patch["metadata"]?["resourceVersion"]) is { } conflict) return conflict;
                var merged = (JsonObject)stored.DeepClone();
                MergeInto(merged, patch);
                if (merged["binaryData"] is JsonObject binary && binary.Any(entry => !IsBase64((string?)entry.Value)))
                    return Status(400, "BadRequest", "ConfigMap binaryData values must be base64");
                if (ConfigMapBytes(merged) > MaxConfigMapBytes)
                    return Status(422, "Invalid", $"ConfigMap \"{name}\" is invalid: []: Too long: must have at most {MaxConfigMapBytes} bytes");
                stored["data"] = merged["data"]?.DeepClone() ?? new JsonObject();
                if (merged["binaryData"] is JsonObject kept) stored["binaryData"] = kept.DeepClone();
                else stored.Remove("binaryData");
                Written(stored, request.Query["fieldManager"], "Update");
                return Results.Json(stored.DeepClone());
            });
        });

        app.MapPost("/api/v1/namespaces/{ns}/events", async (string ns, HttpRequest request) =>
        {
            if (Refused("create", "", "events", name: null) is { } refused)
                return Forbid("create", "", "events", ns, refused);
            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["involvedObject"]?["name"] is null || body["reason"] is null || body["metadata"]?["name"] is null)
                return Status(422, "Invalid", "Event is invalid: involvedObject.name, reason and metadata.name are required");
            var name = (string)body["metadata"]!["name"]!;
            var metadata = NewMetadata(ns, name, "v1");
            metadata.Remove("labels");
            metadata["managedFields"] = new JsonArray(ManagedFieldsEntry(request.Query["fieldManager"].FirstOrDefault() ?? "unknown", "Update", "v1"));
            body["metadata"] = metadata;
            if (!_events.TryAdd((ns, name), body))
                return Status(409, "AlreadyExists", $"events \"{name}\" already exists");
            Events.Enqueue(body);
            return Results.Json(body.DeepClone(), statusCode: 201);
        });
    }

    private int? TakeFault(string request)
    {
        lock (_gate)
        {
            var pending = _faults.ToList();
            var index = pending.FindIndex(f => request.StartsWith(f.Request, StringComparison.Ordinal));
            if (index < 0) return null;
            _faults.Clear();
            foreach (var fault in pending.Where((_, i) => i != index)) _faults.Enqueue(fault);
            return pending[index].Status;
        }
    }

    /// <summary>Why the service account may not do this, or null when it may.</summary>
    private string? Refused(string verb, string apiGroup, string resource, string? name)
    {
        if (Forbidden.ContainsKey((verb, resource))) return "forbidden by the test";
        if (Role is { } rules && !rules.Any(rule => rule.Allows(verb, apiGroup, resource, name))) return "no rule of the Role allows it";
        return null;
    }

    private static IResult Forbid(string verb, string apiGroup, string resource, string ns, string why) =>
        Status(403, "Forbidden",
            $"{resource}{(apiGroup.Length > 0 ? "." + apiGroup : "")} is forbidden: User \"system:serviceaccount:{ns}:autoscaler-sa\" "
            + $"cannot {verb} resource \"{resource}\" in API group \"{apiGroup}\" in the namespace \"{ns}\" ({why})");

    private IResult Guarded(
        string verb, string apiGroup, string resource, string ns, string name,
        ConcurrentDictionary<(string, string), JsonObject> store, string kind, Func<JsonObject, IResult> handle)
    {
        if (Refused(verb, apiGroup, resource, name) is { } why) return Forbid(verb, apiGroup, resource, ns, why);
        if (!store.TryGetValue((ns, name), out var stored))
            return Status(404, "NotFound", $"{kind} \"{name}\" not found");
        lock (_gate) return handle(stored);
    }

    /// <summary>The API server's optimistic concurrency: a write stating a version other than the stored one is a 409.</summary>
    private static IResult? Stale(JsonObject stored, JsonNode? wanted)
    {
        if (wanted is null || (string?)wanted == (string)stored["metadata"]!["resourceVersion"]!) return null;
        var kind = (string)stored["kind"]! == "Deployment" ? "deployments.apps" : "configmaps";
        return Status(409, "Conflict",
            $"Operation cannot be fulfilled on {kind} \"{(string)stored["metadata"]!["name"]!}\": the object has been modified; please apply your changes to the latest version and try again");
    }

    private static JsonObject ScaleOf(JsonObject deployment)
    {
        var metadata = deployment["metadata"]!;
        var replicas = (int)deployment["spec"]!["replicas"]!;
        var spec = new JsonObject();
        // As the real API server: autoscaling/v1 omits a zero count (omitempty).
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

    private static bool IsBase64(string? text)
    {
        if (text is null) return false;
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static IResult UnsupportedPatch() =>
        Status(415, "UnsupportedMediaType", "the stand-in accepts only " + MergePatch);

    /// <summary>What the API server counts against <see cref="MaxConfigMapBytes"/>: keys and values, binaryData decoded.</summary>
    private static long ConfigMapBytes(JsonObject configMap)
    {
        long bytes = 0;
        if (configMap["data"] is JsonObject data)
            foreach (var (key, value) in data) bytes += key.Length + System.Text.Encoding.UTF8.GetByteCount((string?)value ?? "");
        if (configMap["binaryData"] is JsonObject binary)
            foreach (var (key, value) in binary) bytes += key.Length + Convert.FromBase64String((string?)value ?? "").Length;
        return bytes;
    }

    private static IResult Status(int code, string reason, string message) => Results.Json(new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = new JsonObject(),
        ["code"] = code,
    }, statusCode: code);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
