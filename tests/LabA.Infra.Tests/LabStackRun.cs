using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
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

    public ConcurrentQueue<RegisteredResource> Resources { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var type = args.Type ?? "";
        var name = args.Name ?? "";
        Resources.Enqueue(new RegisteredResource(type, name, args.Inputs, args.Provider));
        var outputs = args.Inputs.ToBuilder();
        if (type == "command:local:Command")
            outputs["stdout"] = name.EndsWith("-kubeconfig", StringComparison.Ordinal) ? Kubeconfig : "";
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
    public static readonly LabImageReferences Planned = new("lab-a/predictor:aaaaaaaaaaaa", "lab-a/scaler:bbbbbbbbbbbb");
    public static readonly LabImageReferences Built = new("lab-a/predictor:cccccccccccc", "lab-a/scaler:dddddddddddd");

    public ConcurrentQueue<string> LoadedInto { get; } = new();

    /// <summary>When set, building fails as Docker reports a failed build.</summary>
    public string? BuildError { get; init; }

    public LabImageReferences Plan() => Planned;

    public Task<LabImageReferences> BuildAndLoadAsync(string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        LoadedInto.Enqueue(nodeContainer);
        return BuildError is null ? Task.FromResult(Built) : Task.FromException<LabImageReferences>(new DockerOperationException(BuildError));
    }
}

public sealed record StackRun(IReadOnlyList<RegisteredResource> Resources, IDictionary<string, object?> Outputs, RecordingImagePipeline Images)
{
    public IEnumerable<RegisteredResource> OfType(string type) => Resources.Where(r => r.Type == type);

    public RegisteredResource Single(string type, string name) => Assert.Single(Resources, r => r.Type == type && r.Name == name);
}

internal static class LabStackRun
{
    /// <summary>Runs the program against the mocks with the given stack config (short keys, as in Pulumi.dev.yaml).</summary>
    public static async Task<StackRun> RunAsync(
        IReadOnlyDictionary<string, string>? config = null, bool preview = false, RecordingImagePipeline? images = null)
    {
        var mocks = new RecordingMocks();
        images ??= new RecordingImagePipeline();
        var previous = Environment.GetEnvironmentVariable("PULUMI_CONFIG");
        Environment.SetEnvironmentVariable("PULUMI_CONFIG",
            JsonSerializer.Serialize((config ?? new Dictionary<string, string>()).ToDictionary(c => $"lab-a:{c.Key}", c => c.Value)));
        try
        {
            var (_, outputs) = await Pulumi.Deployment.TestAsync(mocks,
                new TestOptions { IsPreview = preview, ProjectName = "lab-a", StackName = "dev" },
                () => LabStack.DefineAsync(images));
            return new StackRun(mocks.Resources.ToList(), outputs, images);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", previous);
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
