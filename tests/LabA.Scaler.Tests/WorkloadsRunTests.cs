using System.Text.Json;
using k8s;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Scaler.Decisions;
using LabA.Tests.Shared;

namespace LabA.Scaler.Tests;

/// <summary>Workloads mode on the stand-ins: every workload of the list decided in one run, each on its own.</summary>
public sealed class WorkloadsRunTests : IAsyncLifetime
{
    private const string Stack = "lab";
    private const string Shop = "shop";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 14, 30, 0, TimeSpan.Zero);

    private KubernetesApiStandIn _kubernetes = null!;
    private ModelsPredictorStandIn _predictor = null!;
    private PrometheusStandIn _prometheus = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("laba-workloads-").FullName;

    public async Task InitializeAsync()
    {
        _kubernetes = await KubernetesApiStandIn.StartAsync();
        _predictor = await ModelsPredictorStandIn.StartAsync();
        _prometheus = await PrometheusStandIn.StartAsync();
        _kubernetes.AddConfigMap(Stack, Names.ScalerState);
        _prometheus.Load = query => query switch
        {
            "checkout_rps" => 430,
            "cart_cpu" => 50,
            "search_rps" => 90,
            _ => null,
        };
    }

    public async Task DisposeAsync()
    {
        await _kubernetes.DisposeAsync();
        await _predictor.DisposeAsync();
        await _prometheus.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string Checkout = """{"name": "checkout", "query": "checkout_rps", "perReplica": 50, "maxReplicas": 12}""";
    private const string Cart = """{"name": "cart", "namespace": "shop", "query": "cart_cpu", "minReplicas": 2, "maxReplicas": 8}""";
    private const string Search = """{"name": "search", "query": "search_rps", "perReplica": 10, "maxReplicas": 20, "model": "checkout"}""";

    private async Task<(int ExitCode, IReadOnlyList<JsonElement> Lines)> RunAsync(params string[] workloads)
    {
        var file = Path.Combine(_directory, "workloads.json");
        await File.WriteAllTextAsync(file, "[" + string.Join(",", workloads) + "]");
        var settings = ScalerSettings.FromEnvironment(EnvReader.From(new Dictionary<string, string>
        {
            [ScalerCatalogue.PredictorUrl.Env] = _predictor.Url.AbsoluteUri,
            [ScalerCatalogue.PrometheusUrl.Env] = _prometheus.Url,
            [ScalerCatalogue.TargetNamespace.Env] = Stack,
            [ScalerCatalogue.WorkloadsFile.Env] = file,
        }));
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = _kubernetes.Url });
        var log = new StringWriter();
        var exitCode = await new WorkloadsRun(settings, WorkloadList.ReadFile(file, Stack), client, new FixedClock(Now), log, new RunDeadline(Defaults.ScalerRunBudget))
            .ExecuteAsync(CancellationToken.None);
        return (exitCode, ScalerHarness.ParseLines(log.ToString()));
    }

    private static JsonElement LineOf(IReadOnlyList<JsonElement> lines, string workload) =>
        lines.Single(line => line.TryGetProperty("deployment", out var name) && name.GetString() == workload);

    private static JsonElement Summary(IReadOnlyList<JsonElement> lines) => lines[^1];

    [Fact]
    public async Task Every_workload_is_decided_with_its_own_query_mapping_and_model_and_keeps_its_own_state()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 8);
        _kubernetes.AddDeployment(Shop, "cart", 2);
        _kubernetes.AddDeployment(Stack, "search", 3);
        _predictor.Loads["checkout"] = (480, 520);

        var (exitCode, lines) = await RunAsync(Checkout, Cart, Search);

        Assert.Equal(ScalerExitCodes.Done, exitCode);
        // checkout: ceil(520 / 50) = 11 from the provisioned load by its own mapping, not the Predictor's 1 replica.
        Assert.Equal(11, LineOf(lines, "checkout").GetProperty("recommended_replicas").GetInt32());
        Assert.Equal(11, _kubernetes.Replicas(Stack, "checkout"));
        // search shares checkout's model but maps by its own capacity: ceil(520 / 10) = 52, clamped to its 20; up by at most 5 a run.
        Assert.Equal(20, LineOf(lines, "search").GetProperty("recommended_replicas").GetInt32());
        Assert.Equal(8, _kubernetes.Replicas(Stack, "search"));
        // cart has no model yet: the observed 50% CPU decides alone, on the demo's CPU band within its own 2..8.
        var cart = LineOf(lines, "cart");
        Assert.Contains("no model 'cart'", cart.GetProperty("degraded").GetString());
        Assert.Equal(ReplicaMapping.Create(2, 8, RecommendationCatalogue.CpuLow.Default, RecommendationCatalogue.CpuHigh.Default).Recommend(50), cart.GetProperty("recommended_replicas").GetInt32());
        Assert.Equal("info", Summary(lines).GetProperty("level").GetString());

        var state = _kubernetes.ConfigMapData(Stack, Names.ScalerState);
        Assert.Contains("checkout." + ScalerStateKeys.Recommendations, state.Keys);
        Assert.Contains("search." + ScalerStateKeys.Recommendations, state.Keys);
        Assert.Contains("shop.cart." + ScalerStateKeys.Recommendations, state.Keys);
        Assert.Equal((3, 3, 0, 0, 0), Counts(Summary(lines)));
        Assert.Contains("/workloads/checkout/predict", _predictor.Paths);
        Assert.Contains(_kubernetes.Events, e => (string?)e["involvedObject"]?["name"] == "cart" && (string?)e["involvedObject"]?["namespace"] == Shop);
    }

    [Fact]
    public async Task One_workloads_fault_never_blocks_another_and_the_exit_code_and_summary_say_so()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 2);
        _kubernetes.AddDeployment(Stack, "search", 3);
        _predictor.Loads["checkout"] = (480, 520);
        _kubernetes.FailNext($"GET /apis/apps/v1/namespaces/{Stack}/deployments/search", 500, times: 10);

        var (exitCode, lines) = await RunAsync(Checkout, Search);

        Assert.Equal(ScalerExitCodes.ScaledButRecordingFailed, exitCode);
        Assert.Equal(7, _kubernetes.Replicas(Stack, "checkout"));
        Assert.Equal(3, _kubernetes.Replicas(Stack, "search"));
        Assert.Equal("error", LineOf(lines, "search").GetProperty("level").GetString());
        Assert.Equal((2, 1, 0, 0, 1), Counts(Summary(lines)));
        Assert.Equal("1 failed", Summary(lines).GetProperty("message").GetString()![^8..]);
    }

    [Fact]
    public async Task A_workload_that_does_not_exist_gets_a_line_naming_it_and_no_write()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 11);
        _predictor.Loads["checkout"] = (480, 520);

        var (exitCode, lines) = await RunAsync(Checkout, Cart);

        Assert.Equal(ScalerExitCodes.FailedUnchanged, exitCode);
        var cart = LineOf(lines, "cart");
        Assert.Contains("Deployment 'cart' not found in namespace 'shop'", cart.GetProperty("message").GetString());
        Assert.Contains(ScalerCatalogue.WorkloadsFile.Env, cart.GetProperty("message").GetString());
        Assert.DoesNotContain(_kubernetes.ConfigMapData(Stack, Names.ScalerState).Keys, key => key.StartsWith("shop.cart.", StringComparison.Ordinal));
        Assert.Equal((2, 0, 1, 0, 1), Counts(Summary(lines)));
    }

    [Fact]
    public async Task A_workload_an_HPA_targets_is_left_to_it_and_the_run_says_so_on_the_workload()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 2);
        _kubernetes.AddHpa(Stack, "checkout-hpa", "Deployment", "checkout", 2, 10);
        _predictor.Loads["checkout"] = (480, 520);

        var (exitCode, lines) = await RunAsync(Checkout);

        Assert.Equal(ScalerExitCodes.Done, exitCode);
        Assert.Equal(2, _kubernetes.Replicas(Stack, "checkout"));
        Assert.Equal(2, _kubernetes.HpaMinReplicas(Stack, "checkout-hpa"));
        Assert.DoesNotContain(_kubernetes.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.Contains("checkout-hpa", LineOf(lines, "checkout").GetProperty("message").GetString());
        Assert.Contains(_kubernetes.Events, e => (string?)e["reason"] == WorkloadsRun.LeftToHpaReason && (string?)e["involvedObject"]?["name"] == "checkout");
        Assert.Equal((1, 0, 0, 1, 0), Counts(Summary(lines)));
    }

    [Fact]
    public async Task With_hpa_floor_the_HPAs_minReplicas_follows_the_forecast_within_its_maximum_and_the_count_is_left_to_the_HPA()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 2);
        _kubernetes.AddHpa(Stack, "checkout", "Deployment", "checkout", 2, 9);
        _predictor.Loads["checkout"] = (480, 520);

        var (exitCode, lines) = await RunAsync("""{"name": "checkout", "query": "checkout_rps", "perReplica": 50, "maxReplicas": 12, "hpa": "floor"}""");

        Assert.Equal(ScalerExitCodes.Done, exitCode);
        // 11 for 520 at 50 a replica, but the HPA takes no minReplicas above its maxReplicas 9; up at most 5 a run from 2.
        Assert.Equal(7, _kubernetes.HpaMinReplicas(Stack, "checkout"));
        Assert.Equal(9, LineOf(lines, "checkout").GetProperty("recommended_replicas").GetInt32());
        Assert.Equal(2, _kubernetes.Replicas(Stack, "checkout"));
        Assert.DoesNotContain(_kubernetes.Requests, r => r.EndsWith("/scale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_HPA_other_than_the_one_named_is_never_patched()
    {
        _kubernetes.AddDeployment(Stack, "checkout", 2);
        _kubernetes.AddHpa(Stack, "someone-elses", "Deployment", "checkout", 2, 9);
        _predictor.Loads["checkout"] = (480, 520);

        var (exitCode, lines) = await RunAsync("""{"name": "checkout", "query": "checkout_rps", "perReplica": 50, "maxReplicas": 12, "hpa": "floor"}""");

        Assert.Equal(ScalerExitCodes.FailedUnchanged, exitCode);
        Assert.Contains("set hpaName to 'someone-elses'", LineOf(lines, "checkout").GetProperty("message").GetString());
        Assert.Equal(2, _kubernetes.HpaMinReplicas(Stack, "someone-elses"));
    }

    /// <summary>(workloads, scaled, kept, skipped, failed) of the summary line.</summary>
    private static (int, int, int, int, int) Counts(JsonElement summary) => (
        summary.GetProperty("workloads").GetInt32(), summary.GetProperty("scaled").GetInt32(), summary.GetProperty("kept").GetInt32(),
        summary.GetProperty("skipped").GetInt32(), summary.GetProperty("failed").GetInt32());
}
