using System.Globalization;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>The retrain command as the CronJob runs it: the Scaler's PROMETHEUS_URL and LOAD_QUERY, a kubeconfig, exit codes.</summary>
[Trait("Category", "Prometheus")]
public sealed class RetrainCommandTests(RetrainHistory history) : IClassFixture<RetrainHistory>
{
    private static readonly string Publish = $"{RetrainHistory.Namespace}/{Names.ModelStore}";

    private string End => history.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Environment(string directory, KubernetesApiStandIn kubernetes, string? prometheus = null, string? query = null)
    {
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = kubernetes.WriteKubeconfig(directory, user: "retrain") };
        if (prometheus is not null) environment[ScalerCatalogue.PrometheusUrl.Env] = prometheus;
        if (query is not null) environment[ScalerCatalogue.LoadQuery.Env] = query;
        return environment;
    }

    [Fact]
    public async Task Retrain_reads_the_history_the_Scaler_reads_and_publishes_through_the_kubeconfig()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, Environment(directory, kubernetes, history.Server.Url, RetrainHistory.Load),
            "retrain", "--publish", Publish, "--range", "7d", "--end", End);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"query {RetrainHistory.Load}", run.Output);
        Assert.Contains("retrain: promoted", run.Output);
        Assert.Contains(ModelStoreKeys.Archive, kubernetes.ConfigMapBinaryData(RetrainHistory.Namespace, Names.ModelStore).Keys);
        Assert.Equal("ModelPromoted", (string?)Assert.Single(kubernetes.Events)["reason"]);
    }

    [Fact]
    public async Task Without_LOAD_QUERY_retrain_reads_the_load_source_gauge_of_TARGET_DEPLOYMENT_as_the_Scaler_does()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var directory = TrainerProcess.NewWorkingDirectory();
        var environment = Environment(directory, kubernetes, history.Server.Url);
        environment[ScalerCatalogue.TargetDeployment.Env] = "checkout";
        var run = TrainerProcess.Run(directory, environment, "retrain", "--publish", Publish, "--range", "7d", "--end", End);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Names.LoadSourceQuery("checkout"), run.Error);
        Assert.Empty(kubernetes.ConfigMapBinaryData(RetrainHistory.Namespace, Names.ModelStore));
    }

    [Theory]
    [InlineData("--publish", "default", "--publish: 'default' is not NAMESPACE/NAME")]
    [InlineData("--publish", "Default/lab-a-model", "--publish: 'Default' is not a namespace name")]
    [InlineData("--margin", "1.5", "--margin: 1.5 must be at least 0 and below 1")]
    public async Task Bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var directory = TrainerProcess.NewWorkingDirectory();
        string[] publish = option == "--publish" ? [] : ["--publish", Publish];
        var run = TrainerProcess.Run(directory, Environment(directory, kubernetes, history.Server.Url), ["retrain", .. publish, option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Empty(kubernetes.Requests);
    }

    [Fact]
    public async Task A_missing_model_store_exits_1_saying_who_creates_it()
    {
        await using var kubernetes = await KubernetesApiStandIn.StartAsync();
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, Environment(directory, kubernetes, history.Server.Url), "retrain", "--publish", Publish);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"ConfigMap '{Names.ModelStore}' not found in namespace 'default'", run.Error);
        Assert.Contains("the stack creates it", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    /// <summary>The CronJob's environment in workloads mode: the list in WORKLOADS_FILE, the stack namespace in TARGET_NAMESPACE.</summary>
    private Dictionary<string, string> WorkloadsEnvironment(string directory, KubernetesApiStandIn kubernetes, params (string Name, string Query, string Model)[] entries)
    {
        var list = Path.Combine(directory, Names.WorkloadsFileName);
        File.WriteAllText(list, WorkloadsRetrainTests.ListJson(entries));
        var environment = Environment(directory, kubernetes, history.Server.Url, RetrainHistory.Load);
        environment[ScalerCatalogue.WorkloadsFile.Env] = list;
        environment[ScalerCatalogue.TargetNamespace.Env] = "lab";
        return environment;
    }

    [Fact]
    public async Task With_WORKLOADS_FILE_every_model_is_reported_and_the_exit_code_is_1_when_one_failed()
    {
        await using var kubernetes = await WorkloadsRetrainTests.ClusterAsync("lab", "fresh", "broken");
        var directory = TrainerProcess.NewWorkingDirectory();
        var environment = WorkloadsEnvironment(directory, kubernetes, ("legacy", "sum((", "broken"), ("new-api", RetrainHistory.ShortLoad, "fresh"));
        var run = TrainerProcess.Run(directory, environment, "retrain", "--range", "7d", "--end", End);

        Assert.True(run.ExitCode == 1, run.Output + run.Error);
        var (models, summary) = WorkloadsRetrainTests.Lines(run.Output);
        Assert.Equal("failed", models["broken"].GetProperty("outcome").GetString());
        Assert.Equal("skipped", models["fresh"].GetProperty("outcome").GetString());
        Assert.Equal("lab/lab-a-model-fresh", models["fresh"].GetProperty("store").GetString());
        Assert.Equal(["lab/new-api"], models["fresh"].GetProperty("workloads").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal((1, 1), (summary.GetProperty("failed").GetInt32(), summary.GetProperty("skipped").GetInt32()));
        Assert.Equal(["RetrainFailed", "RetrainSkipped"], kubernetes.Events.Select(e => (string?)e["reason"]).Order());
    }

    [Fact]
    public async Task With_WORKLOADS_FILE_a_skip_for_too_little_history_exits_0()
    {
        await using var kubernetes = await WorkloadsRetrainTests.ClusterAsync("lab", "fresh");
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, WorkloadsEnvironment(directory, kubernetes, ("new-api", RetrainHistory.ShortLoad, "fresh")),
            "retrain", "--publish", $"lab/{Names.ModelStore}", "--range", "7d", "--end", End);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("keeps the reactive floor alone", run.Output);
        Assert.Equal(0, WorkloadsRetrainTests.Lines(run.Output).Summary.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task With_WORKLOADS_FILE_a_dry_run_decides_every_model_without_the_Kubernetes_API()
    {
        await using var kubernetes = await WorkloadsRetrainTests.ClusterAsync("lab", "fresh");
        var directory = TrainerProcess.NewWorkingDirectory();
        var environment = WorkloadsEnvironment(directory, kubernetes, ("new-api", RetrainHistory.ShortLoad, "fresh"));
        environment["KUBECONFIG"] = Path.Combine(directory, "no-such-kubeconfig");
        var run = TrainerProcess.Run(directory, environment, "retrain", "--dry-run", "--range", "7d", "--end", End);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var fresh = WorkloadsRetrainTests.Lines(run.Output).Models["fresh"];
        Assert.Equal(("skipped", "unknown"), (fresh.GetProperty("outcome").GetString(), fresh.GetProperty("serving").GetString()));
        Assert.False(fresh.TryGetProperty("store", out _));
        Assert.Empty(kubernetes.Requests);
    }

    [Fact]
    public async Task Dry_run_without_a_workload_list_is_refused_naming_the_option()
    {
        await using var kubernetes = await RetrainHistory.ClusterAsync();
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, Environment(directory, kubernetes, history.Server.Url), "retrain", "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--dry-run: only applies with --workloads", run.Error);
    }

    [Theory]
    [InlineData("--query", "up", "--query: does not apply with --workloads")]
    [InlineData("--publish", "lab/my-store", "--publish: 'lab/my-store': with --workloads each model publishes into lab-a-model-<model>")]
    [InlineData("--workloads", "missing.json", "WORKLOADS_FILE: cannot read 'missing.json'")]
    public async Task In_workloads_mode_bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        await using var kubernetes = await WorkloadsRetrainTests.ClusterAsync("lab", "fresh");
        var directory = TrainerProcess.NewWorkingDirectory();
        var run = TrainerProcess.Run(directory, WorkloadsEnvironment(directory, kubernetes, ("new-api", RetrainHistory.ShortLoad, "fresh")), "retrain", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Empty(kubernetes.Requests);
    }
}
