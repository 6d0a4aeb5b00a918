using Docker.DotNet;
using Docker.DotNet.Models;
using LabA.Deployment.Images;

namespace LabA.Deployment.Tests;

/// <summary>
/// The Docker engine and the local base image that scripts/test-prereqs.sh provides (test.sh sources it). Without
/// them these tests fail saying so: they are the proof that the image code works against a real engine.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string BaseImageVariable = "LABA_TEST_BASE_IMAGE";

    private readonly List<string> _containers = [];
    private readonly List<string> _images = [];
    private readonly Dictionary<string, Task<string>> _builtOnce = [];

    public DockerClient Client { get; } = DockerConnection.Create();

    public string BaseImage { get; private set; } = "";

    public async Task InitializeAsync()
    {
        BaseImage = Environment.GetEnvironmentVariable(BaseImageVariable) ?? "";
        if (BaseImage.Length == 0)
            throw new InvalidOperationException($"{BaseImageVariable} is not set: run ./test.sh, or `source scripts/test-prereqs.sh` first (it starts dockerd and builds the base image)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Client.Images.InspectImageAsync(BaseImage, timeout.Token);
    }

    /// <summary>Starts a container from <paramref name="image"/> and removes it when the fixture is disposed.</summary>
    public async Task<string> StartContainerAsync(string image, IList<string> command, HostConfig hostConfig, IList<string>? env = null, string? user = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Cmd = command,
            Env = env,
            User = user,
            HostConfig = hostConfig,
            Labels = new Dictionary<string, string> { ["lab-a.test"] = "true" },
        }, timeout.Token);
        _containers.Add(created.ID);
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        return created.ID;
    }

    public void RemoveImageLater(string image) => _images.Add(image);

    /// <summary>
    /// The image <paramref name="build"/> makes, built by the first test that asks for <paramref name="name"/> and
    /// shared by the others (a Native AOT publish takes minutes). A failed build fails each test that asks.
    /// </summary>
    public Task<string> BuildOnceAsync(string name, Func<Task<string>> build)
    {
        if (!_builtOnce.TryGetValue(name, out var image)) _builtOnce[name] = image = build();
        return image;
    }

    public async Task<string> LogsAsync(string container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var logs = await Client.Containers.GetContainerLogsAsync(container, tty: false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "40" }, timeout.Token);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(timeout.Token);
        return stdout + stderr;
    }

    public async Task DisposeAsync()
    {
        // Generous: on the vfs storage driver, removing a container or image deletes full copies of its file system.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        foreach (var container in _containers)
            await Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, timeout.Token);
        foreach (var image in _images)
        {
            try
            {
                await Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, timeout.Token);
            }
            catch (DockerImageNotFoundException)
            {
                // Already gone (a failed build leaves none).
            }
        }
        Client.Dispose();
    }
}
