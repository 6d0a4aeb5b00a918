using Docker.DotNet;

namespace LabA.Deployment.Images;

public static class DockerConnection
{
    /// <summary>The engine <c>DOCKER_HOST</c> names, else the local socket, as the docker CLI picks it.</summary>
    public static DockerClient Create()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = string.IsNullOrWhiteSpace(host)
            ? new Uri(OperatingSystem.IsWindows() ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock")
            : new Uri(host);
        // Builds and image transfers take minutes; callers bound them with cancellation instead.
        return new DockerClientConfiguration(endpoint, defaultTimeout: Timeout.InfiniteTimeSpan).CreateClient();
    }
}
