using System.Collections.Concurrent;
using Pulumi.Testing;

namespace LabA.Infra.Tests;

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
