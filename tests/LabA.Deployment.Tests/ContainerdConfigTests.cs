using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

/// <summary>The snapshotter read from a node's <c>containerd config dump</c>, and the import command built with it.</summary>
public class ContainerdConfigTests
{
    // Shaped as a kind node's dump (containerd 1.7): the snapshotter sits among the CRI plugin's other settings.
    private const string KindNodeVersion2 = """
        imports = ["/etc/containerd/config.toml"]
        root = "/var/lib/containerd"
        version = 2

        [grpc]
          address = "/run/containerd/containerd.sock"

        [plugins]

          [plugins."io.containerd.grpc.v1.cri"]
            sandbox_image = "registry.k8s.io/pause:3.10"

            [plugins."io.containerd.grpc.v1.cri".containerd]
              default_runtime_name = "runc"
              discard_unpacked_layers = true
              snapshotter = "overlayfs"

              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                runtime_type = "io.containerd.runc.v2"

          [plugins."io.containerd.snapshotter.v1.native"]
            root_path = ""
        """;

    [Fact]
    public void A_version_2_config_names_the_cri_plugins_snapshotter() =>
        Assert.Equal("overlayfs", ContainerdConfig.Snapshotter(KindNodeVersion2));

    [Theory]
    [InlineData(3, "native")]
    [InlineData(4, "fuse-overlayfs")]
    public void Containerd_2_configs_keep_it_in_the_images_plugin(int version, string snapshotter) =>
        Assert.Equal(snapshotter, ContainerdConfig.Snapshotter($"""
            version = {version}

            [plugins."io.containerd.cri.v1.images"]
              snapshotter = "{snapshotter}"
              [plugins."io.containerd.cri.v1.images".pinned_images]
                sandbox = "registry.k8s.io/pause:3.10"
            """));

    [Theory]
    [InlineData("", "has no version")]
    [InlineData("version = 5", "unknown containerd config version 5")]
    [InlineData("version = 3\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\nsnapshotter = \"overlayfs\"", "sets no plugins.\"io.containerd.cri.v1.images\".snapshotter")]
    [InlineData("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\nsnapshotter = \"\"", "(version 2) sets no plugins.\"io.containerd.grpc.v1.cri\".containerd.snapshotter")]
    [InlineData("version = [2", "not valid TOML")]
    public void A_config_without_a_snapshotter_is_refused_saying_what_is_missing(string config, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => ContainerdConfig.Snapshotter(config)).Message);

    [Fact]
    public void The_import_is_kinds_own_into_the_nodes_snapshotter() =>
        Assert.Equal(
            ["ctr", "--namespace=k8s.io", "images", "import", "--all-platforms", "--digests", "--snapshotter=overlayfs", "-"],
            NodeImageLoader.ContainerdImport("overlayfs"));
}
