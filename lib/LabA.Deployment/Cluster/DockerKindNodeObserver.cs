using Docker.DotNet;
using LabA.Deployment.Images;

namespace LabA.Deployment.Cluster;

/// <summary>Asks the Docker engine kind runs its nodes on (<see cref="DockerConnection"/>).</summary>
public sealed class DockerKindNodeObserver : IKindNodeObserver
{
    public async Task<string?> NodeContainerIdAsync(string nodeContainer, CancellationToken cancellationToken)
    {
        using var docker = DockerConnection.Create();
        try
        {
            return (await docker.Containers.InspectContainerAsync(nodeContainer, cancellationToken)).ID;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (HttpRequestException e)
        {
            throw new DockerOperationException($"cannot look for the kind node {nodeContainer}: the Docker engine does not answer ({e.Message}); kind needs it running");
        }
    }
}
