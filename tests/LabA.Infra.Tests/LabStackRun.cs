using System.Collections.Immutable;
using System.Text.Json;
using LabA.Deployment.Cluster;
using Pulumi.Testing;

// Pulumi's test engine is process-wide (one Deployment at a time, config from PULUMI_CONFIG): run serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LabA.Infra.Tests;

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
