using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Docker.DotNet.Models;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Deployment.Tests;

/// <summary>
/// The scaler image users get, its Native AOT binary from the real Dockerfile, run as the CronJob's pod runs: the
/// CronJob's environment and user, read-only root, no capabilities, no privilege escalation, and the in-cluster
/// configuration a pod has (the service account's token, ca.crt and namespace, KUBERNETES_SERVICE_HOST/PORT),
/// against the Kubernetes API stand-in served over TLS with a CA made for the test. Host networking stands in for
/// the pod network: 127.0.0.1 is the test's loopback.
/// </summary>
[Trait("Category", "Docker")]
[Collection(DockerCollection.Name)]
public class ScalerImageTests(DockerFixture docker)
{
    private const string ServiceAccountMount = "/var/run/secrets/kubernetes.io/serviceaccount";

    // The open loop (lab-a:prometheus off): this suite is about the pod's credentials and TLS, and its predictor
    // stand-in answers /predict only; the closed loop has its own suite with a real Prometheus.
    private static readonly CronJobPlan CronJob =
        LabWorkloads.Plan(StackSettings.Bind(key => key == StackKeys.Prometheus ? "off" : null),
            new LabImageReferences("lab-a/predictor:test", "lab-a/scaler:test", "lab-a/trainer:test")).Scaler;

    private static string CronJobValue(string variable) => CronJob.Pod.Container.Env.Single(e => e.Key == variable).Value;

    private static string TargetNamespace => CronJobValue(ScalerCatalogue.TargetNamespace.Env);

    private static string TargetDeployment => CronJobValue(ScalerCatalogue.TargetDeployment.Env);

    private Task<string> ScalerImageAsync() => docker.BuildOnceAsync(LabImages.ScalerRepository, async () =>
    {
        using var context = await HostPublish.ContextAsync(LabImages.ScalerDockerfile, "app/Scaler/LabA.Scaler.csproj", HostPublish.NativeAot);
        var request = LabImages.Scaler(context.Path, HostPublish.BuildArgs(docker.BaseImage), target: "prebuilt");
        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var reference = await new ImageBuilder(docker.Client).BuildAsync(request, _ => { }, buildTimeout.Token);
        docker.RemoveImageLater(reference);
        return reference;
    });

    [Fact]
    public async Task The_image_holds_the_one_native_binary_and_refuses_bad_settings_naming_the_variable()
    {
        var image = await ScalerImageAsync();

        var container = await RunAsCronJobAsync(image, new Dictionary<string, string>
        {
            [RecommendationCatalogue.MinReplicas.Env] = "5",
            [RecommendationCatalogue.MaxReplicas.Env] = "2",
        }, HostPublish.RestrictedHost("none"));

        var (exitCode, logs) = await ExitAsync(container);
        Assert.True(exitCode == 2, $"exit code {exitCode}; logs: {logs}");
        Assert.Contains(RecommendationCatalogue.MinReplicas.Env, logs);
        Assert.DoesNotContain("   at ", logs);
        // Native AOT: no runtime, no assemblies, the symbols left on the build machine.
        Assert.Equal(["labA-scaler"], await FilesInAsync(container, "/app"));
    }

    [Fact]
    public async Task In_a_pod_it_trusts_the_cluster_CA_scales_the_target_and_exits_0()
    {
        var run = await RunInPodAsync(caCrtIsTheClusterCa: true);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}; logs: {run.Logs}");
        using var decision = JsonDocument.Parse(run.Logs.Trim());
        Assert.Equal("scale-up", decision.RootElement.GetProperty("action").GetString());
        Assert.Equal(3, run.ReplicasAfter);
        Assert.Contains($"PATCH /apis/apps/v1/namespaces/{TargetNamespace}/deployments/{TargetDeployment}/scale", run.ApiRequests);
    }

    [Fact]
    public async Task In_a_pod_whose_ca_crt_is_another_CA_it_exits_1_saying_why_the_certificate_was_rejected()
    {
        var run = await RunInPodAsync(caCrtIsTheClusterCa: false);

        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}; logs: {run.Logs}");
        using var error = JsonDocument.Parse(run.Logs.Trim());
        var message = error.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("TLS handshake with the Kubernetes API failed", message);
        Assert.Contains("certificate was rejected", message);
        Assert.Contains("not signed by it", message);
        Assert.Contains("ca.crt", message);
        Assert.DoesNotContain("   at ", run.Logs);
        // The handshake failed, so no request reached the API server and nothing was scaled.
        Assert.Empty(run.ApiRequests);
        Assert.Equal(1, run.ReplicasAfter);
    }

    /// <summary>What one run in a pod did: its exit code and output, and what the API server saw.</summary>
    private sealed record PodRun(long ExitCode, string Logs, IReadOnlyList<string> ApiRequests, int ReplicasAfter);

    /// <summary>
    /// One run of the image in a pod: the API server's certificate is signed by the cluster CA, and the service
    /// account's ca.crt holds that CA, or another one. The target has 1 replica, the predictor recommends 3.
    /// </summary>
    private async Task<PodRun> RunInPodAsync(bool caCrtIsTheClusterCa)
    {
        var image = await ScalerImageAsync();
        using var clusterCa = TestCertificateAuthority.Create("lab-a test cluster CA");
        using var otherCa = TestCertificateAuthority.Create("some other CA");
        using var servingCertificate = clusterCa.IssueServerCertificate(IPAddress.Loopback);
        await using var apiServer = await StartApiServerAsync(servingCertificate);
        await using var predictor = await PredictorStandIn.StartAsync();
        apiServer.AddDeployment(TargetNamespace, TargetDeployment, 1);
        // The stack creates the Scaler's state object; a pod only reads and updates it.
        apiServer.AddConfigMap(TargetNamespace, Names.ScalerState);
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        using var serviceAccount = ServiceAccount((caCrtIsTheClusterCa ? clusterCa : otherCa).CertificatePem);

        var apiServerUrl = new Uri(apiServer.Url);
        var host = HostPublish.RestrictedHost("host");
        host.Binds = [$"{serviceAccount.Path}:{ServiceAccountMount}:ro"];
        var container = await RunAsCronJobAsync(image, new Dictionary<string, string>
        {
            [ScalerCatalogue.PredictorUrl.Env] = predictor.Url.AbsoluteUri,
            // What the kubelet sets in every pod: the API server's Service address.
            [TestProcess.KubernetesServiceHost] = apiServerUrl.Host,
            ["KUBERNETES_SERVICE_PORT"] = apiServerUrl.Port.ToString(CultureInfo.InvariantCulture),
        }, host);

        var (exitCode, logs) = await ExitAsync(container);
        return new PodRun(exitCode, logs, apiServer.Requests.ToList(), apiServer.Replicas(TargetNamespace, TargetDeployment));
    }

    private static async Task<KubernetesApiStandIn> StartApiServerAsync(X509Certificate2 servingCertificate)
    {
        using (LoopbackApp.ServeHttps(servingCertificate))
            return await KubernetesApiStandIn.StartAsync();
    }

    /// <summary>What the kubelet mounts for a pod's service account: token, ca.crt, namespace.</summary>
    private static TestDirectory ServiceAccount(string caCertificatePem)
    {
        var directory = new TestDirectory();
        // A temp directory is the creator's alone (0700); the kubelet's mount is readable by the pod's non-root user.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        directory.Write("token", "test-service-account-token");
        directory.Write("ca.crt", caCertificatePem);
        directory.Write("namespace", TargetNamespace);
        return directory;
    }

    /// <summary>The CronJob's own environment, <paramref name="overrides"/> replacing or adding variables, and its user.</summary>
    private Task<string> RunAsCronJobAsync(string image, IReadOnlyDictionary<string, string> overrides, HostConfig host)
    {
        var env = CronJob.Pod.Container.Env.ToDictionary(e => e.Key, e => e.Value);
        foreach (var (name, value) in overrides) env[name] = value;
        var security = CronJob.Pod.Security;
        return docker.StartContainerAsync(image, [], host, env.Select(e => $"{e.Key}={e.Value}").ToList(), user: $"{security.RunAsUser}:{security.RunAsGroup}");
    }

    private async Task<(long ExitCode, string Logs)> ExitAsync(string container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await docker.Client.Containers.WaitContainerAsync(container, timeout.Token);
        return (exit.StatusCode, await docker.LogsAsync(container));
    }

    private async Task<IReadOnlyList<string>> FilesInAsync(string container, string directory)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var archive = await docker.Client.Containers.GetArchiveFromContainerAsync(container, new GetArchiveFromContainerParameters { Path = directory }, statOnly: false, timeout.Token);
        await using var stream = archive.Stream;
        using var reader = new TarReader(stream);
        var files = new List<string>();
        while (await reader.GetNextEntryAsync(copyData: false, timeout.Token) is { } entry)
            if (entry.EntryType != TarEntryType.Directory) files.Add(Path.GetFileName(entry.Name));
        return files;
    }
}
