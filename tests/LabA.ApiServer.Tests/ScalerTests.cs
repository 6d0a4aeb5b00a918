using System.Diagnostics;
using System.Text.Json;
using k8s;
using LabA.ApiServer.Tests.Fixture;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler;
using LabA.Scaler.Forecasts;
using Xunit.Abstractions;

namespace LabA.ApiServer.Tests;

/// <summary>
/// The Scaler as its CronJob runs it, against a real API server: its build output started as a process, authenticated
/// with a TokenRequest token of a ServiceAccount bound to exactly the Role the stack declares, acting on a Deployment and
/// a state ConfigMap created by server-side apply (so they carry managedFields, as on a cluster Pulumi set up).
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class ScalerTests(ApiServerFixture server, ITestOutputHelper output)
{
    /// <summary>One test's namespace on the server, with the predictor stand-in and the directory it owns until disposed.</summary>
    private sealed record Setup(StackObjects Stack, string Kubeconfig, string Target, PredictorStandIn Predictor, TestDirectory Directory)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Predictor.DisposeAsync();
            Directory.Dispose();
        }
    }

    private async Task<Setup> SetUpAsync(string @namespace, int replicas)
    {
        var stack = await StackObjects.CreateAsync(server, @namespace);
        var target = stack.Plan.Scaler.Pod.Container.Env.Single(v => v.Key == ScalerCatalogue.TargetDeployment.Env).Value;
        await stack.ApplyDeploymentAsync(target, replicas);
        await stack.ApplyConfigMapAsync(stack.Plan.ScalerState);
        var directory = new TestDirectory("labA-scaler-real-");
        var kubeconfig = await stack.GrantAsync(stack.Plan.ScalerRbac, directory.Path);
        return new Setup(stack, kubeconfig, target, await PredictorStandIn.StartAsync(), directory);
    }

    /// <summary>The env the stack gives the Scaler's container, pointed at the predictor stand-in and left in open loop.</summary>
    private static Dictionary<string, string> Environment(Setup setup)
    {
        var environment = setup.Stack.Plan.Scaler.Pod.Container.Env
            .Where(v => v.Key != ScalerCatalogue.PrometheusUrl.Env && v.Key != ScalerCatalogue.LoadQuery.Env)
            .ToDictionary(v => v.Key, v => v.Value);
        environment[ScalerCatalogue.PredictorUrl.Env] = setup.Predictor.Url.AbsoluteUri;
        environment["KUBECONFIG"] = setup.Kubeconfig;
        return environment;
    }

    private static Task<ProcessResult> RunScalerAsync(Dictionary<string, string> environment) =>
        TestProcess.RunAsync(TestProcess.StartInfo(TestProcess.DotnetHost, [ScalerBuild.Assembly()], environment, unset: [TestProcess.KubernetesServiceHost]),
            TimeSpan.FromSeconds(60));

    /// <summary>
    /// The Scaler as its image ships it: one Native AOT binary, published here (it links with clang, which
    /// scripts/test-prereqs.sh installs). Its own artifacts path, so that it never shares obj/ with another suite's
    /// publish of the same project running at the same time.
    /// </summary>
    private static async Task<string> PublishNativeAotAsync(string directory)
    {
        var output = Path.Combine(directory, "publish");
        string[] arguments = ["publish", "app/Scaler/LabA.Scaler.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "--artifacts-path", Path.Combine(directory, "artifacts"), "-o", output, "-nologo", "-v", "q"];
        var publish = await TestProcess.RunAsync(TestProcess.StartInfo("dotnet", arguments, workingDirectory: RepositoryRoot.Path), TimeSpan.FromMinutes(25));
        Assert.True(publish.ExitCode == 0, $"Native AOT publish of the Scaler failed: {publish.Output}{publish.Error}");
        return Path.Combine(output, "labA-scaler");
    }

    private static JsonElement LastLine(string output) => JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;

    [Fact]
    public async Task It_scales_records_its_decision_and_an_Event_under_the_stacks_Role_with_no_403()
    {
        await using var setup = await SetUpAsync("scaler-one", replicas: 1);
        var predictor = setup.Predictor;
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        var stateBefore = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, setup.Stack.Namespace);
        Assert.NotEmpty(stateBefore.Metadata.ManagedFields);

        var started = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await RunScalerAsync(Environment(setup));
        output.WriteLine($"one Scaler run against the real API server, process start to exit: {started.ElapsedMilliseconds} ms");

        Assert.True(exitCode == ScalerExitCodes.Done, stdout + stderr);
        Assert.DoesNotContain("403 Forbidden", stdout);
        Assert.Equal("scale-up", LastLine(stdout).GetProperty("action").GetString());
        Assert.Equal(3, await setup.Stack.ReplicasAsync(setup.Target));
        var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, setup.Stack.Namespace);
        Assert.NotEqual(stateBefore.Metadata.ResourceVersion, state.Metadata.ResourceVersion);
        Assert.Contains(ScalerStateKeys.PrefixFor(setup.Target, dryRun: false) + ScalerStateKeys.Recommendations, state.Data.Keys);
        // The patch kept what Pulumi owns and added the Scaler as a manager of its own keys.
        Assert.Equal(stateBefore.Metadata.Labels, state.Metadata.Labels);
        Assert.Contains(state.Metadata.ManagedFields, entry => entry.Manager == Names.FieldManager);
        var scaled = Assert.Single(await setup.Stack.EventsAsync());
        Assert.Equal(("Scaled", setup.Target), (scaled.Reason, scaled.InvolvedObject.Name));
    }

    [Fact]
    public async Task The_Native_AOT_build_scales_and_records_under_the_stacks_Role_too()
    {
        await using var setup = await SetUpAsync("scaler-aot", replicas: 1);
        var predictor = setup.Predictor;
        predictor.Reply = _ => PredictorReply.Forecast(75, 3);
        var binary = await PublishNativeAotAsync(setup.Directory.Path);

        var started = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await TestProcess.RunAsync(
            TestProcess.StartInfo(binary, [], Environment(setup), unset: [TestProcess.KubernetesServiceHost]), TimeSpan.FromSeconds(60));
        output.WriteLine($"one Native AOT Scaler run against the real API server, process start to exit: {started.ElapsedMilliseconds} ms");

        Assert.True(exitCode == ScalerExitCodes.Done, stdout + stderr);
        Assert.Empty(stderr);
        Assert.Equal("scale-up", LastLine(stdout).GetProperty("action").GetString());
        Assert.Equal(3, await setup.Stack.ReplicasAsync(setup.Target));
        var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, setup.Stack.Namespace);
        Assert.Contains(ScalerStateKeys.PrefixFor(setup.Target, dryRun: false) + ScalerStateKeys.Recommendations, state.Data.Keys);
        Assert.Equal("Scaled", Assert.Single(await setup.Stack.EventsAsync()).Reason);
    }

    [Fact]
    public async Task Overlapping_runs_lose_no_history_entry()
    {
        const int runs = 4;
        await using var setup = await SetUpAsync("scaler-overlap", replicas: 2);
        var predictor = setup.Predictor;
        predictor.Reply = n => PredictorReply.Forecast(60, n % 2 == 0 ? 5 : 3);

        var results = await Task.WhenAll(Enumerable.Range(0, runs).Select(_ => RunScalerAsync(Environment(setup))));

        Assert.All(results, result => Assert.True(result.ExitCode == ScalerExitCodes.Done, result.Output + result.Error));
        var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, setup.Stack.Namespace);
        var history = state.Data[ScalerStateKeys.PrefixFor(setup.Target, dryRun: false) + ScalerStateKeys.Recommendations];
        Assert.Equal(runs, JsonDocument.Parse(history).RootElement.GetArrayLength());
        Assert.Equal(5, await setup.Stack.ReplicasAsync(setup.Target));
    }

    [Fact]
    public async Task A_count_changed_by_hand_between_read_and_write_is_a_real_409_and_the_run_decides_again_on_it()
    {
        await using var setup = await SetUpAsync("scaler-by-hand", replicas: 2);
        var predictor = setup.Predictor;
        predictor.Reply = _ => PredictorReply.Forecast(60, 4);
        var settings = ScalerSettings.FromEnvironment(EnvReader.From(Environment(setup)));
        var config = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(setup.Kubeconfig);
        // Someone scales by hand just before the Scaler's first patch reaches the server.
        using var byHand = new BeforeFirstScalePatch(() => server.Admin.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new k8s.Models.V1Patch("""{"spec":{"replicas":7}}""", k8s.Models.V1Patch.PatchType.MergePatch), setup.Target, setup.Stack.Namespace));
        using var client = new k8s.Kubernetes(config, byHand);
        using var predictorClient = new PredictorClient(settings.PredictorUrl, settings.PredictorTimeout);
        var deadline = new RunDeadline(Defaults.ScalerRunBudget);
        using var source = new RecommendationSource(settings, predictorClient, deadline);
        var log = new StringWriter();

        var exitCode = await ScaleRun.SingleTarget(settings, client, source, TimeProvider.System, log, deadline).ExecuteAsync(CancellationToken.None);

        Assert.True(exitCode == ScalerExitCodes.Done, log.ToString());
        Assert.True(byHand.Interfered);
        var decision = LastLine(log.ToString());
        Assert.Equal(("7", 1), (decision.GetProperty("current_replicas").ToString(), decision.GetProperty("conflicts_retried").GetInt32()));
        // Decided from the 7 that was really there (a scale-down step toward 4), not from the 2 it had first read.
        Assert.Equal("scale-down", decision.GetProperty("action").GetString());
        Assert.Equal(decision.GetProperty("desired_replicas").GetInt32(), await setup.Stack.ReplicasAsync(setup.Target));
    }

    /// <summary>Runs an action once, just before the first scale patch is sent: a change the run cannot have seen.</summary>
    private sealed class BeforeFirstScalePatch(Func<Task> action) : DelegatingHandler
    {
        public bool Interfered { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!Interfered && request.Method == HttpMethod.Patch && request.RequestUri!.AbsolutePath.EndsWith("/scale", StringComparison.Ordinal))
            {
                Interfered = true;
                await action();
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
