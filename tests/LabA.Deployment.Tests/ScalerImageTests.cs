using Docker.DotNet.Models;
using LabA.Deployment.Images;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>
/// The scaler image from the real Dockerfile, run as the CronJob's pod runs (non-root, read-only root, no
/// capabilities). Without a cluster to act on, the run that proves it starts and reads its env is the one that
/// refuses bad settings: exit code 2 and one line naming the variable, before any network call.
/// </summary>
[Collection(DockerCollection.Name)]
public class ScalerImageTests(DockerFixture docker)
{
    [Fact]
    public async Task The_scaler_image_runs_and_refuses_bad_settings_naming_the_variable()
    {
        using var context = await HostPublish.ContextAsync(LabImages.ScalerDockerfile, "app/Scaler/LabA.Scaler.csproj");
        var request = LabImages.Scaler(context.Path, HostPublish.BuildArgs(docker.BaseImage), target: "prebuilt");
        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var reference = await new ImageBuilder(docker.Client).BuildAsync(request, _ => { }, buildTimeout.Token);
        docker.RemoveImageLater(reference);

        var container = await docker.StartContainerAsync(reference, [], HostPublish.RestrictedHost("none"),
            env: [$"{EnvVars.MinReplicas}=5", $"{EnvVars.MaxReplicas}=2"], user: HostPublish.DotnetAppUser);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await docker.Client.Containers.WaitContainerAsync(container, timeout.Token);
        var logs = await docker.LogsAsync(container);
        Assert.True(exit.StatusCode == 2, $"exit code {exit.StatusCode}; logs: {logs}");
        Assert.Contains(EnvVars.MinReplicas, logs);
        Assert.DoesNotContain("   at ", logs);
    }
}
