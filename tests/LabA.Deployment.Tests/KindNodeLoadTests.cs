using Docker.DotNet.Models;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class KindNodeLoadTests(DockerFixture docker)
{
    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Theory]
    [InlineData("lab-a/predictor:0123456789ab", "docker.io/lab-a/predictor:0123456789ab")]
    [InlineData("nginx:alpine", "docker.io/library/nginx:alpine")]
    [InlineData("registry.example.com/team/app:1", "registry.example.com/team/app:1")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app:1")]
    public void Containerd_names_docker_hub_images_in_full(string image, string expected) =>
        Assert.Equal(expected, NodeImageLoader.ContainerdReference(image));

    [Fact]
    public async Task An_image_goes_into_the_nodes_snapshotter_and_is_not_streamed_again()
    {
        // The node's containerd and ctr, played by scripts: "config dump" prints a kind node's config, "images ls"
        // lists what was imported, "images import" keeps its arguments and stdin.
        var node = await docker.StartContainerAsync(docker.BaseImage, ["sleep", "600"], new HostConfig { NetworkMode = "none" });
        var loader = new NodeImageLoader(docker.Client);
        const string fakeContainerd = """
            cat > /usr/local/bin/containerd <<'SCRIPT'
            #!/bin/sh
            [ "$*" = "config dump" ] || exit 2
            printf 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd]\n  snapshotter = "native"\n'
            SCRIPT
            cat > /usr/local/bin/ctr <<'SCRIPT'
            #!/bin/sh
            case "$*" in
              *"images ls"*) cat /tmp/imported-names 2>/dev/null ;;
              *"images import"*) echo "$*" > /tmp/import-arguments; cat > /tmp/imported.tar ;;
            esac
            SCRIPT
            chmod +x /usr/local/bin/containerd /usr/local/bin/ctr
            """;
        Assert.Equal(0, (await loader.ExecWithStdinAsync(node, ["sh", "-c", fakeContainerd], Stream.Null, Within(60))).ExitCode);
        var image = docker.BaseImage;
        var log = new List<string>();

        Assert.True(await loader.LoadIntoKindNodeAsync(image, node, log.Add, Within(300)));
        var arguments = await loader.ExecWithStdinAsync(node, ["cat", "/tmp/import-arguments"], Stream.Null, Within(60));
        Assert.Equal(string.Join(' ', NodeImageLoader.ContainerdImport("native").Skip(1)), arguments.Stdout.Trim());
        var size = await loader.ExecWithStdinAsync(node, ["sh", "-c", "wc -c < /tmp/imported.tar"], Stream.Null, Within(60));
        Assert.True(long.Parse(size.Stdout.Trim()) > 1_000_000, $"imported {size.Stdout.Trim()} bytes");
        await loader.ExecWithStdinAsync(node, ["sh", "-c", $"echo {NodeImageLoader.ContainerdReference(image)} > /tmp/imported-names"], Stream.Null, Within(60));

        Assert.False(await loader.LoadIntoKindNodeAsync(image, node, log.Add, Within(300)));
        Assert.Contains(log, line => line.Contains("already in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_whose_containerd_config_cannot_be_read_is_not_loaded_into()
    {
        // A node without containerd on its PATH: the dump fails, and nothing is streamed.
        var node = await docker.StartContainerAsync(docker.BaseImage, ["sleep", "600"], new HostConfig { NetworkMode = "none" });
        var loader = new NodeImageLoader(docker.Client);

        var error = await Assert.ThrowsAsync<DockerOperationException>(() =>
            loader.LoadIntoKindNodeAsync(docker.BaseImage, node, _ => { }, Within(300)));

        Assert.Contains("cannot tell which snapshotter", error.Message);
        Assert.Contains("containerd config dump", error.Message);
    }
}
