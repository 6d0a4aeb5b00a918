using System.Collections.Concurrent;
using LabA.Deployment.Cluster;

namespace LabA.Infra.Tests;

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
