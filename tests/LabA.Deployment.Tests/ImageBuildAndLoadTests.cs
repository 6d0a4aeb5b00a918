using System.Text.Json;
using Docker.DotNet.Models;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class ImageBuildAndLoadTests(DockerFixture docker)
{
    private static CancellationToken Within(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private ImageBuildRequest SmallImage(TestDirectory context, string dockerfileBody)
    {
        context.Write("Dockerfile", "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n" + dockerfileBody);
        return new ImageBuildRequest(context.Path, "Dockerfile", "lab-a-test/small",
            new Dictionary<string, string> { ["BASE_IMAGE"] = docker.BaseImage });
    }

    [Fact]
    public async Task A_build_streams_its_output_and_tags_the_image_with_its_content_hash()
    {
        using var context = new TestDirectory();
        context.Write("payload.txt", $"payload {Guid.NewGuid()}");
        var request = SmallImage(context, "COPY payload.txt /payload.txt\n");
        var log = new List<string>();

        var reference = await new ImageBuilder(docker.Client).BuildAsync(request, log.Add, Within(300));
        docker.RemoveImageLater(reference);

        Assert.Equal(request.ReferenceFor(request.ScanContext()), reference);
        Assert.Matches("^lab-a-test/small:[0-9a-f]{12}$", reference);
        Assert.Contains(log, line => line.Contains("COPY payload.txt", StringComparison.Ordinal));
        var image = await docker.Client.Images.InspectImageAsync(reference, Within(30));
        Assert.Contains(reference, image.RepoTags);

        var again = new List<string>();
        Assert.Equal(reference, await new ImageBuilder(docker.Client).BuildAsync(request, again.Add, Within(300)));
        Assert.Equal([$"{reference} is already built"], again);
    }

    [Fact]
    public async Task A_failing_build_fails_with_the_builds_own_error()
    {
        using var context = new TestDirectory();
        var request = SmallImage(context, "RUN echo about to fail && exit 7\n");
        var log = new List<string>();

        var error = await Assert.ThrowsAsync<DockerOperationException>(() => new ImageBuilder(docker.Client).BuildAsync(request, log.Add, Within(300)));

        Assert.Contains("returned a non-zero code: 7", error.Message);
        Assert.Contains(request.Repository, error.Message);
        Assert.Contains(log, line => line.Contains("about to fail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_load_step_streams_the_saved_image_archive_intact_into_a_containers_stdin()
    {
        using var context = new TestDirectory();
        context.Write("payload.txt", $"payload {Guid.NewGuid()}");
        var reference = await new ImageBuilder(docker.Client).BuildAsync(SmallImage(context, "COPY payload.txt /payload.txt\n"), _ => { }, Within(300));
        docker.RemoveImageLater(reference);
        // Stands in for the kind node: a container whose "import" keeps the archive and lists it, as ctr would read it.
        var node = await docker.StartContainerAsync(docker.BaseImage, ["sleep", "600"], new HostConfig { NetworkMode = "none" });
        var loader = new NodeImageLoader(docker.Client);

        var result = await loader.LoadAsync(reference, node, ["sh", "-c", "tee /tmp/image.tar | tar -t"], _ => { }, Within(300));

        var listed = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("manifest.json", listed);
        // tar -t read to the end without error (a truncated archive fails); now read the manifest back out of the copy it kept.
        var manifest = await loader.ExecWithStdinAsync(node, ["tar", "-xOf", "/tmp/image.tar", "manifest.json"], Stream.Null, Within(60));
        Assert.Equal(0, manifest.ExitCode);
        using var json = JsonDocument.Parse(manifest.Stdout);
        var entry = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Contains(reference, entry.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        var layers = entry.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.NotEmpty(layers);
        Assert.All(layers, layer => Assert.Contains(layer, listed));
    }

    [Fact]
    public async Task A_failing_import_fails_with_its_exit_code_and_stderr()
    {
        var node = await docker.StartContainerAsync(docker.BaseImage, ["sleep", "600"], new HostConfig { NetworkMode = "none" });
        var loader = new NodeImageLoader(docker.Client);

        var error = await Assert.ThrowsAsync<DockerOperationException>(() =>
            loader.LoadAsync(docker.BaseImage, node, ["sh", "-c", "head -c 1000 > /dev/null; echo import refused >&2; exit 4"], _ => { }, Within(300)));

        Assert.Contains("exited with 4", error.Message);
        Assert.Contains("import refused", error.Message);
    }
}
