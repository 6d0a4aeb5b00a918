namespace LabA.Deployment.Cluster;

/// <summary>Looks at the kind node as it is when the program runs, so the stack notices a cluster deleted behind its back.</summary>
public interface IKindNodeObserver
{
    /// <returns>The node container's ID, or null when there is no such container.</returns>
    Task<string?> NodeContainerIdAsync(string nodeContainer, CancellationToken cancellationToken);
}
