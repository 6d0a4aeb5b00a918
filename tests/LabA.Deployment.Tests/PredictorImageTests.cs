using System.Net;
using System.Text.Json;
using LabA.Deployment.Images;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting;
using LabA.Forecasting.Synthetic;

namespace LabA.Deployment.Tests;

/// <summary>
/// The predictor image, built by the code the Pulumi program uses from the real Dockerfile, run as Kubernetes runs
/// it under the restricted profile (non-root, read-only root, no capabilities), answering over HTTP.
/// No registry is reachable here, so the binaries are published on the host and the Dockerfile's "prebuilt" target
/// puts them on the local base image; the default target builds them in the SDK image instead.
/// </summary>
[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class PredictorImageTests(DockerFixture docker)
{
    [Fact]
    public async Task The_predictor_image_serves_health_and_sane_predictions()
    {
        using var context = await HostPublish.ContextAsync(LabImages.PredictorDockerfile, "app/Predictor/LabA.Predictor.csproj", HostPublish.SelfContained);
        Training.TrainToDirectory(SyntheticLoad.Generate(new SyntheticLoadOptions()), new TrainingOptions(), Path.Combine(context.Path, PredictorCatalogue.ModelDir.Default)).Dispose();

        var request = LabImages.Predictor(context.Path,
            HostPublish.BuildArgs(docker.BaseImage),
            target: "prebuilt");
        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var reference = await new ImageBuilder(docker.Client).BuildAsync(request, _ => { }, buildTimeout.Token);
        docker.RemoveImageLater(reference);
        Assert.StartsWith(LabImages.PredictorRepository + ":", reference);

        var port = TestProcess.FreePort();
        var container = await docker.StartContainerAsync(reference, [], HostPublish.RestrictedHost("host"),
            env: [$"{PredictorCatalogue.Port.Env}={port}"], user: HostPublish.DotnetAppUser);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await ContainerHttp.WaitForOkAsync(docker, http, "/health", container, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);

        var response = await http.GetAsync("/predict");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/predict answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var cpu = json.RootElement.GetProperty("predicted_cpu").GetDouble();
        var replicas = json.RootElement.GetProperty("recommended_replicas").GetInt32();
        Assert.InRange(cpu, 0, 100);
        Assert.InRange(replicas, RecommendationCatalogue.MinReplicas.Default, RecommendationCatalogue.MaxReplicas.Default);
    }
}
