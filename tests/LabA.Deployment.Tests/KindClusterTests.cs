using LabA.Deployment.Cluster;
using LabA.Deployment.Settings;

namespace LabA.Deployment.Tests;

/// <summary>
/// The kind commands the cluster Command runs, run here by /bin/sh as Pulumi.Command runs them, against stand-ins
/// for the kind and docker CLIs that keep their clusters in a file and log every call.
/// </summary>
[Trait("Category", "Process")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KindClusterTests : IDisposable
{
    private readonly TestDirectory _cli = new();
    private static readonly StackSettings Settings = StackSettings.Bind(key => key == StackKeys.ClusterName ? "demo" : null);

    public KindClusterTests()
    {
        const string kind = """
            #!/bin/sh
            echo "kind $*" >> "$CLI_LOG"
            case "$1 $2" in
              "get clusters")
                if [ -f "$CLI_STATE/broken" ]; then echo "ERROR: failed to list clusters: docker not running" >&2; exit 1; fi
                if [ -s "$CLI_STATE/clusters" ]; then cat "$CLI_STATE/clusters"; else echo "No kind clusters found." >&2; fi ;;
              "create cluster")
                if [ -f "$CLI_STATE/create-fails" ]; then echo "ERROR: failed to create cluster" >&2; exit 1; fi
                echo "$4" >> "$CLI_STATE/clusters"; echo "Creating cluster \"$4\" ..." >&2 ;;
              "delete cluster")
                grep -vx "$4" "$CLI_STATE/clusters" > "$CLI_STATE/rest"; mv "$CLI_STATE/rest" "$CLI_STATE/clusters" ;;
            esac
            """;
        const string docker = """
            #!/bin/sh
            echo "docker $*" >> "$CLI_LOG"
            node=$4
            if grep -qx "${node%-control-plane}" "$CLI_STATE/clusters" 2>/dev/null; then echo "id-of-$node"; else echo "Error: No such object: $node" >&2; exit 1; fi
            """;
        Directory.CreateDirectory(Path.Combine(_cli.Path, "bin"));
        foreach (var (name, script) in new[] { ("kind", kind), ("docker", docker) })
        {
            var path = _cli.Write(Path.Combine("bin", name), script + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _cli.Write("clusters", "");
    }

    public void Dispose() => _cli.Dispose();

    private string[] Clusters() => File.ReadAllLines(Path.Combine(_cli.Path, "clusters"));

    private string[] Calls() => File.Exists(Path.Combine(_cli.Path, "log")) ? File.ReadAllLines(Path.Combine(_cli.Path, "log")) : [];

    private Task<ProcessResult> RunAsync(string command) => TestProcess.RunAsync(TestProcess.StartInfo("/bin/sh", ["-c", command], new Dictionary<string, string>
    {
        ["PATH"] = $"{Path.Combine(_cli.Path, "bin")}:/usr/bin:/bin",
        ["CLI_LOG"] = Path.Combine(_cli.Path, "log"),
        ["CLI_STATE"] = _cli.Path,
    }), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Ensure_creates_a_missing_cluster_and_prints_only_its_node_id()
    {
        var (exitCode, stdout, _) = await RunAsync(KindCommands.Ensure(Settings));

        Assert.Equal(0, exitCode);
        Assert.Equal("id-of-demo-control-plane", stdout.Trim());
        Assert.Equal(["demo"], Clusters());
        Assert.Contains("kind create cluster --name demo --wait 120s", Calls());
    }

    [Fact]
    public async Task Ensure_leaves_an_existing_cluster_alone_so_an_update_after_a_rerun_is_harmless()
    {
        _cli.Write("clusters", "other\ndemo\n");

        var (exitCode, stdout, _) = await RunAsync(KindCommands.Ensure(Settings));

        Assert.Equal(0, exitCode);
        Assert.Equal("id-of-demo-control-plane", stdout.Trim());
        Assert.DoesNotContain(Calls(), call => call.StartsWith("kind create", StringComparison.Ordinal));
        Assert.Equal(["other", "demo"], Clusters());
    }

    [Fact]
    public async Task Ensure_fails_with_kinds_error_when_the_cluster_cannot_be_created_or_listed()
    {
        _cli.Write("create-fails", "");
        var failedCreate = await RunAsync(KindCommands.Ensure(Settings));
        Assert.NotEqual(0, failedCreate.ExitCode);
        Assert.Contains("failed to create cluster", failedCreate.Error);
        Assert.Empty(failedCreate.Output.Trim());

        _cli.Write("broken", "");
        var failedList = await RunAsync(KindCommands.Ensure(Settings));
        Assert.NotEqual(0, failedList.ExitCode);
        Assert.Contains("docker not running", failedList.Error);
    }

    [Fact]
    public async Task Delete_removes_the_cluster_and_only_it()
    {
        _cli.Write("clusters", "other\ndemo\n");

        var (exitCode, _, _) = await RunAsync(KindCommands.Delete(Settings));

        Assert.Equal(0, exitCode);
        Assert.Equal(["other"], Clusters());
        Assert.Contains("kind delete cluster --name demo", Calls());
    }

    [Fact]
    public async Task Delete_of_a_cluster_already_deleted_by_hand_succeeds_so_destroy_completes()
    {
        _cli.Write("clusters", "other\n");

        var (exitCode, _, stderr) = await RunAsync(KindCommands.Delete(Settings));

        Assert.Equal(0, exitCode);
        Assert.Contains("kind cluster demo is already gone", stderr);
        Assert.DoesNotContain(Calls(), call => call.StartsWith("kind delete", StringComparison.Ordinal));
        Assert.Equal(["other"], Clusters());
    }

    [Fact]
    public async Task Delete_fails_when_kind_cannot_tell_whether_the_cluster_exists()
    {
        _cli.Write("clusters", "demo\n");
        _cli.Write("broken", "");

        var (exitCode, _, stderr) = await RunAsync(KindCommands.Delete(Settings));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("docker not running", stderr);
    }

    [Fact]
    public async Task After_an_out_of_band_delete_the_observed_node_changes_and_ensure_brings_a_new_one()
    {
        var created = (await RunAsync(KindCommands.Ensure(Settings))).Output.Trim();
        var observedWhileUp = KindCommands.ObservedNode(created);
        _cli.Write("clusters", "");

        var observedAfterDelete = KindCommands.ObservedNode(null);
        var recreated = await RunAsync(KindCommands.Ensure(Settings));

        Assert.NotEqual(observedWhileUp, observedAfterDelete);
        Assert.Equal("absent", observedAfterDelete);
        Assert.Equal(0, recreated.ExitCode);
        Assert.Equal(["demo"], Clusters());
        Assert.Equal(2, Calls().Count(call => call.StartsWith("kind create cluster --name demo", StringComparison.Ordinal)));
    }

    [Fact]
    public void Kubeconfig_and_watch_commands_name_the_cluster_and_its_context()
    {
        var settings = StackSettings.Bind(key => key switch { "namespace" => "lab", _ => null });

        Assert.Equal("kind get kubeconfig --name lab-a", KindCommands.GetKubeconfig(settings));
        Assert.All(WatchCommands.For(settings).Values, command => Assert.Contains("kubectl --context kind-lab-a --namespace lab", command));
    }
}
