using System.Text.Json;
using k8s;
using LabA.Domain.Wiring;
using LabA.Domain.Workloads;
using LabA.Trainer.Retraining;

namespace LabA.Trainer.Tests.Retraining;

/// <summary>
/// The retrain job in workloads mode against a real Prometheus and the Kubernetes API stand-in: one retrain per model,
/// each into its own store, one line per model and a summary, and one model's trouble leaving the others alone.
/// </summary>
[Trait("Category", "Prometheus")]
public sealed class WorkloadsRetrainTests(RetrainHistory history) : IClassFixture<RetrainHistory>
{
    /// <summary>A workload list as the stack writes it, each entry's name, query and model given, its namespace not (the stack's).</summary>
    internal static string ListJson(params (string Name, string Query, string Model)[] entries) =>
        JsonSerializer.Serialize(entries.Select(entry => new Dictionary<string, object>
        {
            ["name"] = entry.Name, ["query"] = entry.Query, ["model"] = entry.Model, ["perReplica"] = 20, ["maxReplicas"] = 10,
        }));

    private static IReadOnlyList<Workload> Workloads(params (string Name, string Query, string Model)[] entries) =>
        WorkloadList.Parse(ListJson(entries), "workloads", RetrainHistory.Namespace);

    /// <summary>The stand-in with an empty store per model, as the stack creates them, under a Role reaching those stores alone.</summary>
    internal static async Task<KubernetesApiStandIn> ClusterAsync(string @namespace, params string[] models)
    {
        var kubernetes = await KubernetesApiStandIn.StartAsync();
        foreach (var model in models) kubernetes.AddConfigMap(@namespace, Names.ModelStoreOf(model));
        kubernetes.Role =
        [
            new([""], ["configmaps"], ["get", "patch"], [.. models.Select(Names.ModelStoreOf)]),
            new([""], ["events"], ["create"]),
        ];
        return kubernetes;
    }

    private async Task<(RetrainSummary Summary, string Log)> RetrainAsync(KubernetesApiStandIn kubernetes, IReadOnlyList<Workload> workloads)
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = kubernetes.Url });
        var log = new StringWriter();
        var template = history.Settings(RetrainHistory.Load) with { Store = null };
        var summary = await new WorkloadsRetrain(workloads, template, RetrainHistory.Namespace, client, log, TimeProvider.System).RunAsync(CancellationToken.None);
        return (summary, log.ToString());
    }

    /// <summary>The JSON lines of a log: the line of each model by name, and the summary.</summary>
    internal static (Dictionary<string, JsonElement> Models, JsonElement Summary) Lines(string log)
    {
        var lines = log.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        return (lines.Where(line => line.TryGetProperty("model", out _)).ToDictionary(line => line.GetProperty("model").GetString()!),
            Assert.Single(lines, line => line.TryGetProperty("summary", out _)));
    }

    private static IReadOnlyDictionary<string, byte[]> Stored(KubernetesApiStandIn kubernetes, string model) =>
        kubernetes.ConfigMapBinaryData(RetrainHistory.Namespace, Names.ModelStoreOf(model));

    private static JsonObjectEvent[] Events(KubernetesApiStandIn kubernetes) =>
        [.. kubernetes.Events.Select(e => new JsonObjectEvent((string)e["involvedObject"]!["name"]!, (string)e["reason"]!, (string)e["type"]!, (string)e["message"]!))];

    private sealed record JsonObjectEvent(string Store, string Reason, string Type, string Message);

    [Fact]
    public async Task Three_workloads_of_two_models_publish_two_stores_and_report_each_model_once()
    {
        await using var kubernetes = await ClusterAsync(RetrainHistory.Namespace, "shop", "search");
        var workloads = Workloads(("checkout", RetrainHistory.Load, "shop"), ("search", RetrainHistory.OtherLoad, "search"), ("cart", RetrainHistory.Load, "shop"));
        var (summary, log) = await RetrainAsync(kubernetes, workloads);

        Assert.True(summary == new RetrainSummary(2, 0, 0, 0), log);
        var (models, total) = Lines(log);
        Assert.Equal(["search", "shop"], models.Keys.Order());
        Assert.Equal(["default/checkout", "default/cart"], models["shop"].GetProperty("workloads").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(RetrainHistory.Load, models["shop"].GetProperty("query").GetString());
        Assert.Equal(RetrainHistory.OtherLoad, models["search"].GetProperty("query").GetString());
        foreach (var (model, line) in models)
        {
            Assert.Equal("promoted", line.GetProperty("outcome").GetString());
            Assert.Equal("model", line.GetProperty("serving").GetString());
            Assert.Equal($"default/{Names.ModelStoreOf(model)}", line.GetProperty("store").GetString());
            Assert.True(line.GetProperty("seconds").GetDouble() > 0);
            Assert.Contains(ModelStoreKeys.Archive, Stored(kubernetes, model).Keys);
        }
        // Each store holds the model of its own history, not one model twice.
        Assert.NotEqual(Stored(kubernetes, "shop")[ModelStoreKeys.Archive], Stored(kubernetes, "search")[ModelStoreKeys.Archive]);
        Assert.Equal(RetrainHistory.OtherLoad,
            JsonDocument.Parse(Stored(kubernetes, "search")[ModelStoreKeys.Card]).RootElement.GetProperty("data").GetProperty("prometheus").GetProperty("query").GetString());
        Assert.Equal(2, total.GetProperty("models").GetInt32());
        Assert.Equal(2, total.GetProperty("promoted").GetInt32());
        Assert.Equal(0, total.GetProperty("failed").GetInt32());
        Assert.Equal(["lab-a-model-search", "lab-a-model-shop"], Events(kubernetes).Select(e => e.Store).Order());
        Assert.All(Events(kubernetes), e => Assert.Equal(RetrainJob.PromotedReason, e.Reason));
    }

    [Fact]
    public async Task A_model_with_too_little_history_is_skipped_saying_its_workloads_keep_the_reactive_floor_while_the_other_publishes()
    {
        await using var kubernetes = await ClusterAsync(RetrainHistory.Namespace, "fresh", "shop");
        var workloads = Workloads(("new-api", RetrainHistory.ShortLoad, "fresh"), ("checkout", RetrainHistory.Load, "shop"));
        var (summary, log) = await RetrainAsync(kubernetes, workloads);

        Assert.True(summary == new RetrainSummary(1, 0, 1, 0), log);
        var (models, total) = Lines(log);
        var fresh = models["fresh"];
        Assert.Equal(("skipped", "warning", "reactive-floor"),
            (fresh.GetProperty("outcome").GetString(), fresh.GetProperty("level").GetString(), fresh.GetProperty("serving").GetString()));
        var message = fresh.GetProperty("message").GetString();
        Assert.Contains("cover 2 days", message);
        Assert.Contains("Deployment default/new-api keeps the reactive floor alone", message);
        Assert.Contains("until a model passes the gate", message);
        Assert.Empty(Stored(kubernetes, "fresh"));
        Assert.Equal("promoted", models["shop"].GetProperty("outcome").GetString());
        Assert.Contains(ModelStoreKeys.Archive, Stored(kubernetes, "shop").Keys);
        Assert.Equal(1, total.GetProperty("skipped").GetInt32());
        var skipped = Assert.Single(Events(kubernetes), e => e.Store == Names.ModelStoreOf("fresh"));
        Assert.Equal((RetrainJob.SkippedReason, "Warning"), (skipped.Reason, skipped.Type));
        Assert.Contains("keeps the reactive floor alone", skipped.Message);
    }

    [Fact]
    public async Task A_Prometheus_error_on_one_model_fails_that_model_alone_and_is_told_on_its_store()
    {
        await using var kubernetes = await ClusterAsync(RetrainHistory.Namespace, "broken", "shop");
        var workloads = Workloads(("legacy", "sum((", "broken"), ("checkout", RetrainHistory.Load, "shop"));
        var (summary, log) = await RetrainAsync(kubernetes, workloads);

        Assert.True(summary == new RetrainSummary(1, 0, 0, 1), log);
        var (models, total) = Lines(log);
        var broken = models["broken"];
        Assert.Equal(("failed", "error"), (broken.GetProperty("outcome").GetString(), broken.GetProperty("level").GetString()));
        Assert.Contains("parse error", broken.GetProperty("message").GetString());
        Assert.Contains("keeps the reactive floor alone", broken.GetProperty("message").GetString());
        Assert.Equal("promoted", models["shop"].GetProperty("outcome").GetString());
        Assert.Contains(ModelStoreKeys.Archive, Stored(kubernetes, "shop").Keys);
        Assert.Equal(("error", 1), (total.GetProperty("level").GetString(), total.GetProperty("failed").GetInt32()));
        var failed = Assert.Single(Events(kubernetes), e => e.Store == Names.ModelStoreOf("broken"));
        Assert.Equal((RetrainJob.FailedReason, "Warning"), (failed.Reason, failed.Type));
    }

    [Fact]
    public void Workloads_sharing_a_model_with_another_query_are_retrained_once_on_the_first_ones_query()
    {
        var workloads = Workloads(("checkout", RetrainHistory.Load, "shop"), ("search", RetrainHistory.OtherLoad, "search"), ("cart", RetrainHistory.OtherLoad, "shop"));
        var plan = WorkloadsRetrain.Plan(workloads, history.Settings(RetrainHistory.Load) with { OutDirectory = "out" }, "lab");

        Assert.Equal(["shop", "search"], plan.Select(settings => settings.Model));
        Assert.Equal([RetrainHistory.Load, RetrainHistory.OtherLoad], plan.Select(settings => settings.Source.Prometheus!.Query));
        Assert.Equal([new ModelStoreAddress("lab", "lab-a-model-shop"), new ModelStoreAddress("lab", "lab-a-model-search")], plan.Select(settings => settings.Store));
        Assert.Equal([Path.Combine("out", "shop"), Path.Combine("out", "search")], plan.Select(settings => settings.OutDirectory));
        Assert.All(plan, settings => Assert.Equal(history.Settings(RetrainHistory.Load).Source.Prometheus!.Range, settings.Source.Prometheus!.Range));
        Assert.Null(WorkloadsRetrain.Plan(workloads, history.Settings(RetrainHistory.Load), null)[0].Store);
    }
}
