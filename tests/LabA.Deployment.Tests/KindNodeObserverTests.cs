using Docker.DotNet.Models;
using LabA.Deployment.Cluster;

namespace LabA.Deployment.Tests;

/// <summary>The observer the program asks before each run, against the real Docker engine.</summary>
[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class KindNodeObserverTests(DockerFixture docker)
{
    [Fact]
    public async Task It_sees_the_node_container_while_it_exists_and_nothing_once_it_is_removed()
    {
        var node = $"laba-test-{Guid.NewGuid():N}"[..24] + "-control-plane";
        var observer = new DockerKindNodeObserver();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        Assert.Null(await observer.NodeContainerIdAsync(node, timeout.Token));

        var created = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = node,
            Image = docker.BaseImage,
            Cmd = ["true"],
            HostConfig = new HostConfig { NetworkMode = "none" },
            Labels = new Dictionary<string, string> { ["lab-a.test"] = "true" },
        }, timeout.Token);
        try
        {
            Assert.Equal(created.ID, await observer.NodeContainerIdAsync(node, timeout.Token));
        }
        finally
        {
            await docker.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        Assert.Null(await observer.NodeContainerIdAsync(node, timeout.Token));
    }
}
