using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using Pulumi;
using Pulumi.Testing;

// Pulumi's test engine is process-wide (one Deployment at a time, config from PULUMI_CONFIG): run serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LabA.Infra.Tests;

/// <summary>One resource as the program registered it with the engine.</summary>
public sealed record RegisteredResource(string Type, string Name, ImmutableDictionary<string, object> Inputs, string? Provider);

/// <summary>Answers the engine's calls as a real update would and records every resource the program registers.</summary>
public sealed class RecordingMocks : IMocks
{
    public const string Kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";

    /// <summary>What the cluster Command's ensure prints: the node container's ID.</summary>
    public const string NodeId = "0123456789abcdef-node";

    public ConcurrentQueue<RegisteredResource> Resources { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var type = args.Type ?? "";
        var name = args.Name ?? "";
        Resources.Enqueue(new RegisteredResource(type, name, args.Inputs, args.Provider));
        var outputs = args.Inputs.ToBuilder();
        if (type == "command:local:Command")
            outputs["stdout"] = name.EndsWith("-kubeconfig", StringComparison.Ordinal) ? Kubeconfig : NodeId;
        return Task.FromResult<(string?, object)>(($"{name}-id", outputs.ToImmutable()));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}

/// <summary>
/// Stands in for Docker in the mock runs (the real pipeline is tested against a real engine in LabA.Deployment.Tests):
/// it plans fixed references and records what it was asked to build and where to load it.
/// </summary>
public sealed class RecordingImagePipeline : IImagePipeline
{
    public static readonly LabImageReferences Planned = new("lab-a/predictor:aaaaaaaaaaaa", "lab-a/scaler:bbbbbbbbbbbb", "lab-a/trainer:eeeeeeeeeeee");
    public static readonly LabImageReferences Built = new("lab-a/predictor:cccccccccccc", "lab-a/scaler:dddddddddddd", "lab-a/trainer:ffffffffffff");

    public ConcurrentQueue<string> LoadedInto { get; } = new();

    public ConcurrentQueue<(RegistryReference Registry, RegistryCredentials? Credentials)> PushedTo { get; } = new();

    /// <summary>When set, building fails as Docker reports a failed build.</summary>
    public string? BuildError { get; init; }

    public LabImageReferences Plan() => Planned;

    public Task<LabImageReferences> BuildAndLoadAsync(string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        LoadedInto.Enqueue(nodeContainer);
        return BuildError is null ? Task.FromResult(Built) : Task.FromException<LabImageReferences>(new DockerOperationException(BuildError));
    }

    public Task<LabImageReferences> BuildAndPushAsync(RegistryReference registry, RegistryCredentials? credentials, Action<string> log, CancellationToken cancellationToken)
    {
        PushedTo.Enqueue((registry, credentials));
        return BuildError is null ? Task.FromResult(Built.In(registry)) : Task.FromException<LabImageReferences>(new DockerOperationException(BuildError));
    }
}

/// <summary>Plays the Docker engine's answer about the kind node: the container ID it has, or none.</summary>
public sealed class FixedKindNodes(string? nodeId) : IKindNodeObserver
{
    public ConcurrentQueue<string> AskedFor { get; } = new();

    public Task<string?> NodeContainerIdAsync(string nodeContainer, CancellationToken cancellationToken)
    {
        AskedFor.Enqueue(nodeContainer);
        return Task.FromResult(nodeId);
    }
}

public sealed record StackRun(IReadOnlyList<RegisteredResource> Resources, IDictionary<string, object?> Outputs, RecordingImagePipeline Images)
{
    public IEnumerable<RegisteredResource> OfType(string type) => Resources.Where(r => r.Type == type);

    public RegisteredResource Single(string type, string name) => Assert.Single(Resources, r => r.Type == type && r.Name == name);

    /// <summary>The Helm v4 Chart: a remote component, rendered by the provider into objects the test engine never sees.</summary>
    public const string HelmChart = "kubernetes:helm.sh/v4:Chart";

    /// <summary>
    /// Every Kubernetes object the program itself declares. The chart is left out: a component's provider travels in
    /// the request's providers map, which the test engine does not hand to mocks.
    /// </summary>
    public IEnumerable<RegisteredResource> KubernetesObjects =>
        Resources.Where(r => r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Type != HelmChart);
}

internal static class LabStackRun
{
    /// <summary>A Docker config that has no entry for any registry the tests use.</summary>
    public static string NoDockerConfig { get; } = Path.Combine(Path.GetTempPath(), $"laba-no-docker-config-{Guid.NewGuid():N}.json");

    /// <summary>
    /// Runs the program against the mocks with the given stack config (short keys, as in Pulumi.dev.yaml). Keys in
    /// <paramref name="secrets"/> are set as secrets, as <c>pulumi config set --secret</c> does.
    /// </summary>
    public static async Task<StackRun> RunAsync(
        IReadOnlyDictionary<string, string>? config = null, bool preview = false, RecordingImagePipeline? images = null,
        IReadOnlyDictionary<string, string>? secrets = null, IKindNodeObserver? kindNodes = null, string? dockerConfig = null)
    {
        var mocks = new RecordingMocks();
        images ??= new RecordingImagePipeline();
        var host = new LabStackHost(images, kindNodes ?? new FixedKindNodes(null), dockerConfig ?? NoDockerConfig);
        var values = (config ?? new Dictionary<string, string>()).Concat(secrets ?? new Dictionary<string, string>())
            .ToDictionary(c => $"lab-a:{c.Key}", c => c.Value);
        var previous = (Environment.GetEnvironmentVariable("PULUMI_CONFIG"), Environment.GetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS"));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(values));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize((secrets?.Keys ?? []).Select(key => $"lab-a:{key}")));
        try
        {
            var (_, outputs) = await Pulumi.Deployment.TestAsync(mocks,
                new TestOptions { IsPreview = preview, ProjectName = "lab-a", StackName = "dev" },
                () => LabStack.DefineAsync(host));
            return new StackRun(mocks.Resources.ToList(), outputs, images);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", previous.Item1);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", previous.Item2);
        }
    }

    /// <summary>Walks nested inputs: dictionaries by key, lists by index.</summary>
    public static object? At(this object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (IReadOnlyDictionary<string, object> map, string key) => map.TryGetValue(key, out var next) ? next : null,
                (IImmutableList<object> list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    public static IEnumerable<object> Items(this object? node) => node as IEnumerable<object> ?? [];

    public static IReadOnlyList<string> Strings(this object? node) => node.Items().Select(i => (string)i).ToList();

    public static IReadOnlyDictionary<string, string> EnvOf(this object? container) =>
        container.At("env").Items().ToDictionary(e => (string)e.At("name")!, e => (string)e.At("value")!);
}
