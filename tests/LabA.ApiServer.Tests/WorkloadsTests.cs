using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LabA.ApiServer.Tests.Fixture;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler;
using Xunit.Abstractions;

namespace LabA.ApiServer.Tests;

/// <summary>
/// Workloads mode as its CronJob runs it against a real API server: the Scaler's build output started as a process with
/// the env, the WORKLOADS_FILE and the Roles the stack's plan declares for <c>lab-a:workloads</c> (a TokenRequest token
/// of its ServiceAccount, no admin), deciding every listed Deployment and StatefulSet in one run, in several
/// namespaces, leaving one to its HPA and raising another HPA's floor.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class WorkloadsTests(ApiServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private ModelsPredictorStandIn _predictor = null!;
    private PrometheusStandIn _prometheus = null!;
    private readonly TestDirectory _directory = new("labA-workloads-real-");

    public async Task InitializeAsync()
    {
        _predictor = await ModelsPredictorStandIn.StartAsync();
        _prometheus = await PrometheusStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _predictor.DisposeAsync();
        await _prometheus.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<string> NamespaceAsync(string name)
    {
        await server.CreateNamespaceAsync(name);
        return name;
    }

    private Task ApplyAsync(string kind, string @namespace, string name, int replicas) =>
        StackObjects.ApplyWorkloadAsync(server.Admin, @namespace, kind, name, replicas);

    private Task ApplyHpaAsync(string @namespace, string name, string target, int min, int max) =>
        server.Admin.AutoscalingV1.CreateNamespacedHorizontalPodAutoscalerAsync(new V1HorizontalPodAutoscaler
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V1CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = target },
                MinReplicas = min,
                MaxReplicas = max,
                TargetCPUUtilizationPercentage = 70,
            },
        }, @namespace);

    private async Task<int> ReplicasAsync(string kind, string @namespace, string name) => kind == "StatefulSet"
        ? (await server.Admin.AppsV1.ReadNamespacedStatefulSetAsync(name, @namespace)).Spec.Replicas ?? -1
        : (await server.Admin.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace)).Spec.Replicas ?? -1;

    /// <summary>
    /// The stack's plan for <paramref name="workloads"/> (JSON objects, as <c>lab-a:workloads</c> holds them) with the
    /// state in <paramref name="stack"/>: its state ConfigMap applied, its Scaler account bound to every Role the plan
    /// declares, and one Scaler run with the plan's env and list, pointed at the stand-ins.
    /// </summary>
    private async Task<(ProcessResult Result, TimeSpan Took)> RunStackAsync(string stack, IEnumerable<string> workloads)
    {
        var list = "[" + string.Join(",\n", workloads) + "]";
        var settings = StackSettings.Bind(key => key switch
        {
            "namespace" => stack,
            StackKeys.Prometheus => _prometheus.Url,
            StackKeys.Workloads => list,
            _ => null,
        });
        var plan = LabWorkloads.Plan(settings, new LabImageReferences("predictor:test", "scaler:test", "trainer:test"));
        var objects = new StackObjects(server, stack);
        await objects.ApplyConfigMapAsync(plan.ScalerState);
        var kubeconfig = await objects.GrantScalerAsync(plan, _directory.Path);
        var file = Path.Combine(_directory.Path, $"{stack}.json");
        await File.WriteAllTextAsync(file, plan.WorkloadsList!.Data[Names.WorkloadsFileName]);
        var environment = plan.Scaler.Pod.Container.Env.ToDictionary(v => v.Key, v => v.Value);
        environment[ScalerCatalogue.PredictorUrl.Env] = _predictor.Url.AbsoluteUri;
        environment[ScalerCatalogue.WorkloadsFile.Env] = file;
        environment["KUBECONFIG"] = kubeconfig;
        var started = Stopwatch.StartNew();
        var result = await TestProcess.RunAsync(
            TestProcess.StartInfo(TestProcess.DotnetHost, [ScalerBuild.Assembly()], environment, unset: [TestProcess.KubernetesServiceHost]), TimeSpan.FromSeconds(90));
        return (result, started.Elapsed);
    }

    private static IReadOnlyList<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static JsonElement LineOf(IReadOnlyList<JsonElement> lines, string workload) =>
        lines.Single(line => line.TryGetProperty("deployment", out var name) && name.GetString() == workload);

    [Fact]
    public async Task Deployments_and_a_StatefulSet_in_two_namespaces_are_scaled_one_left_to_its_HPA_and_one_HPAs_floor_raised()
    {
        var stack = await NamespaceAsync("wl-stack");
        var shop = await NamespaceAsync("wl-shop");
        await ApplyAsync("Deployment", stack, "checkout", 2);
        await ApplyAsync("StatefulSet", shop, "ledger", 1);
        await ApplyAsync("Deployment", shop, "cart", 3);
        await ApplyAsync("Deployment", shop, "search", 2);
        await ApplyHpaAsync(shop, "cart", "cart", 3, 10);
        await ApplyHpaAsync(shop, "search-hpa", "search", 2, 6);
        _prometheus.Load = query => query switch { "checkout_rps" => 230, "ledger_rps" => 40, "cart_rps" => 100, "search_rps" => 10, _ => null };
        _predictor.Loads["checkout"] = (300, 330);
        _predictor.Loads["ledger"] = (55, 60);
        _predictor.Loads["cart"] = (340, 360);
        _predictor.Loads["search"] = (20, 25);
        string[] workloads =
        [
            """{"name": "checkout", "query": "checkout_rps", "perReplica": 50, "maxReplicas": 12}""",
            """{"name": "ledger", "namespace": "wl-shop", "kind": "StatefulSet", "query": "ledger_rps", "perReplica": 20, "maxReplicas": 5}""",
            """{"name": "cart", "namespace": "wl-shop", "query": "cart_rps", "perReplica": 50, "maxReplicas": 10, "hpa": "floor"}""",
            """{"name": "search", "namespace": "wl-shop", "query": "search_rps", "perReplica": 5, "maxReplicas": 6}""",
        ];

        var (result, took) = await RunStackAsync(stack, workloads);
        output.WriteLine($"4 workloads in one Scaler run against the real API server: {took.TotalMilliseconds:0} ms");

        Assert.True(result.ExitCode == ScalerExitCodes.Done, result.Output + result.Error);
        var lines = Lines(result.Output);
        Assert.Equal(7, await ReplicasAsync("Deployment", stack, "checkout"));     // ceil(330 / 50)
        Assert.Equal(3, await ReplicasAsync("StatefulSet", shop, "ledger"));       // ceil(60 / 20)
        Assert.Equal(3, await ReplicasAsync("Deployment", shop, "cart"));          // its HPA's to change
        Assert.Equal(8, (await server.Admin.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("cart", shop)).Spec.MinReplicas); // 3 + 5 a run
        Assert.Equal(2, await ReplicasAsync("Deployment", shop, "search"));
        Assert.Equal(2, (await server.Admin.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("search-hpa", shop)).Spec.MinReplicas);
        Assert.Contains("search-hpa", LineOf(lines, "search").GetProperty("message").GetString());
        var summary = lines[^1];
        Assert.Equal((4, 3, 0, 1, 0), (summary.GetProperty("workloads").GetInt32(), summary.GetProperty("scaled").GetInt32(),
            summary.GetProperty("kept").GetInt32(), summary.GetProperty("skipped").GetInt32(), summary.GetProperty("failed").GetInt32()));
        var shopEvents = (await server.Admin.CoreV1.ListNamespacedEventAsync(shop)).Items;
        Assert.Contains(shopEvents, e => e.Reason == WorkloadsRun.LeftToHpaReason && e.InvolvedObject.Name == "search");
        Assert.Contains(shopEvents, e => e.Reason == "Scaled" && e.InvolvedObject.Name == "ledger" && e.InvolvedObject.Kind == "StatefulSet");
        var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, stack);
        Assert.Contains("wl-shop.ledger." + ScalerStateKeys.Recommendations, state.Data.Keys);
        Assert.Contains("checkout." + ScalerStateKeys.Recommendations, state.Data.Keys);
    }

    [Fact]
    public async Task Sixty_workloads_are_decided_in_one_run_within_the_Jobs_budget()
    {
        const int count = 60;
        var stack = await NamespaceAsync("wl-sixty");
        string[] others = [await NamespaceAsync("wl-sixty-a"), await NamespaceAsync("wl-sixty-b")];
        var workloads = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (ns, kind, name) = (i % 3 == 0 ? stack : others[i % 2], i % 10 == 0 ? "StatefulSet" : "Deployment", $"svc-{i:00}");
            await ApplyAsync(kind, ns, name, 1);
            // Sizes from 1 to 20 replicas' worth of demand; five models shared by the sixty.
            _predictor.Loads[$"model-{i % 5}"] = (100, 100);
            workloads.Add(new JsonObject
            {
                ["name"] = name, ["namespace"] = ns, ["kind"] = kind, ["query"] = $"demand_{i}",
                ["perReplica"] = (i % 20) + 1, ["maxReplicas"] = 200, ["model"] = $"model-{i % 5}",
            }.ToJsonString());
        }
        _prometheus.Load = query => query.StartsWith("demand_", StringComparison.Ordinal) ? 40 : null;

        var (result, took) = await RunStackAsync(stack, workloads);
        var state = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(Names.ScalerState, stack);
        var stateBytes = state.Data.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} workloads in one Scaler run against the real API server: {took.TotalSeconds:0.0} s; state {stateBytes} bytes ({stateBytes / count} a workload)"));

        Assert.True(result.ExitCode == ScalerExitCodes.Done, result.Output + result.Error);
        Assert.True(took < Defaults.ScalerRunBudget, $"took {took}, more than the Job's budget of {Defaults.ScalerRunBudget}");
        var summary = Lines(result.Output)[^1];
        Assert.Equal((count, count, 0), (summary.GetProperty("workloads").GetInt32(), summary.GetProperty("scaled").GetInt32(), summary.GetProperty("failed").GetInt32()));
        Assert.Equal(count, state.Data.Keys.Count(key => key.EndsWith("." + ScalerStateKeys.Recommendations, StringComparison.Ordinal)));
        // Up from 1 by at most 5 a run, toward ceil(100 / perReplica).
        Assert.Equal(Math.Min(1 + ScalerCatalogue.MaxScaleUpStep.Default, (int)Math.Ceiling(100.0 / 2)), await ReplicasAsync("Deployment", others[1], "svc-01"));
        Assert.Equal(Math.Min(1 + ScalerCatalogue.MaxScaleUpStep.Default, (int)Math.Ceiling(100.0 / 20)), await ReplicasAsync("Deployment", others[1], "svc-19"));
    }
}
