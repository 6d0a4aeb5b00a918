using System.Globalization;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>
/// The trainer image running the load source exactly as the stack's Deployment runs it (its arguments, the
/// restricted profile), serving the gauge Prometheus scrapes. Built from the "prebuilt" target, as the predictor's.
/// </summary>
[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class TrainerImageTests(DockerFixture docker)
{
    [Fact]
    public async Task The_trainer_image_serves_the_load_sources_gauge_under_the_restricted_profile()
    {
        using var context = await HostPublish.ContextAsync(LabImages.TrainerDockerfile, "app/Trainer/LabA.Trainer.csproj", HostPublish.SelfContained);
        var request = LabImages.Trainer(context.Path, HostPublish.BuildArgs(docker.BaseImage), target: "prebuilt");
        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var reference = await new ImageBuilder(docker.Client).BuildAsync(request, _ => { }, buildTimeout.Token);
        docker.RemoveImageLater(reference);
        Assert.StartsWith(LabImages.TrainerRepository + ":", reference);

        // The Deployment's own arguments, on a free port: the test's network is the host's.
        var plan = LabWorkloads.Plan(StackSettings.Default, new LabImageReferences("p", "s", reference)).LoadSource!.Pod.Container;
        var port = TestProcess.FreePort();
        var args = plan.Args!.Select(a => a == Defaults.LoadSourcePort.ToString(CultureInfo.InvariantCulture) ? port.ToString(CultureInfo.InvariantCulture) : a).ToList();
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), args);
        var container = await docker.StartContainerAsync(reference, args, HostPublish.RestrictedHost("host"), user: HostPublish.DotnetAppUser);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await ContainerHttp.WaitForOkAsync(docker, http, "/metrics", container, TimeSpan.FromSeconds(60));
        var line = Assert.Single(metrics.Split('\n'), l => l.StartsWith(Names.LoadSourceQuery(Names.SampleApp) + " ", StringComparison.Ordinal));
        var value = double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        // The generator's curve with its defaults: 20..80 CPU% plus noise and, now and then, a burst.
        Assert.InRange(value, 0, 200);
    }
}
