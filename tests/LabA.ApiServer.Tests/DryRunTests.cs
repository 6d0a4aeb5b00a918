using System.Net;
using System.Text;
using System.Text.Json;
using LabA.ApiServer.Tests.Fixture;
using LabA.Deployment.Images;
using LabA.Deployment.Settings;
using LabA.Deployment.Workloads;
using Xunit.Abstractions;

namespace LabA.ApiServer.Tests;

/// <summary>
/// Every object the stack declares, from the Pulumi-free plans, sent to a real API server as a server-side dry run:
/// its schema validation, defaulting and admission judge each value. What this server is too old to judge is named.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class DryRunTests(ApiServerFixture server, ITestOutputHelper output)
{
    private static WorkloadPlan PlanFor(params (string Key, string Value)[] values) =>
        LabWorkloads.Plan(StackSettings.Bind(key => values.FirstOrDefault(v => v.Key == key).Value,
                // The Pulumi secret behind prometheusAuth: set wherever the auth is.
                key => key == StackKeys.PrometheusSecret && values.Any(v => v.Key == StackKeys.PrometheusAuth)),
            new LabImageReferences("predictor:test", "scaler:test", "trainer:test"));

    /// <summary>batch/v1 where the server serves CronJob there (1.21 and later), else batch/v1beta1.</summary>
    private async Task<string> CronJobVersionAsync(HttpClient http)
    {
        using var answer = await http.GetAsync("/apis/batch/v1");
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var served = document.RootElement.GetProperty("resources").EnumerateArray().Any(r => r.GetProperty("name").GetString() == "cronjobs");
        if (served) return "batch/v1";
        output.WriteLine("not covered: CronJob as batch/v1, which the stack declares (this server serves it only as batch/v1beta1, same spec)");
        return "batch/v1beta1";
    }

    private static async Task<(HttpStatusCode Status, string Body)> DryRunAsync(HttpClient http, StackManifests.Manifest manifest)
    {
        using var content = new StringContent(manifest.Body.ToJsonString(), Encoding.UTF8, "application/json");
        using var answer = await http.PostAsync($"{manifest.CollectionPath}?dryRun=All&fieldManager={StackObjects.PulumiManager}", content);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("dry-run-kind")]
    [InlineData("dry-run-existing", "cluster", "existing", "registry", "127.0.0.1:5000", "imagePullSecret", "regcred")]
    [InlineData("dry-run-no-retrain", "retrainSchedule", "off")]
    [InlineData("dry-run-prometheus-auth", "cluster", "existing", "registry", "127.0.0.1:5000", "prometheus", "http://prometheus.monitoring.svc:9090",
        "prometheusAuth", "basic:scraper")]
    public async Task Every_object_the_stack_declares_is_accepted(string @namespace, params string[] settings)
    {
        var values = settings.Chunk(2).Select(pair => (pair[0], pair[1])).Append(("namespace", @namespace)).ToArray();
        var plan = PlanFor(values);
        using var http = server.AdminHttpClient();
        using (var created = new StringContent(StackManifests.Namespace(@namespace).ToJsonString(), Encoding.UTF8, "application/json"))
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/v1/namespaces", created)).StatusCode);
        var cronJobVersion = await CronJobVersionAsync(http);
        var version = JsonDocument.Parse(await http.GetStringAsync("/version")).RootElement.GetProperty("minor").GetString();
        if (int.Parse(version!.TrimEnd('+'), System.Globalization.CultureInfo.InvariantCulture) < 23)
            output.WriteLine($"not covered: Pod Security admission of the namespace's restricted labels (1.23 and later; this server is 1.{version})");

        var manifests = StackManifests.Of(plan, cronJobVersion).ToList();
        var refused = new List<string>();
        foreach (var manifest in manifests)
        {
            var (status, body) = await DryRunAsync(http, manifest);
            output.WriteLine($"{(int)status} {manifest.Kind} {manifest.Name}");
            if (status != HttpStatusCode.Created) refused.Add($"{manifest.Kind} {manifest.Name}: {(int)status} {body}");
        }

        Assert.Empty(refused);
        Assert.Equal(plan.Retrain is null ? 1 : 2, manifests.Count(m => m.Kind == "Role"));
        Assert.Equal(plan.CronJobs.Count(), manifests.Count(m => m.Kind == "CronJob"));
        Assert.Equal(plan.Services.Count + plan.Egress.Count, manifests.Count(m => m.Kind == "NetworkPolicy"));
        Assert.Equal(plan.PrometheusCredentials is null ? 0 : 1, manifests.Count(m => m.Kind == "Secret"));
        // A dry run writes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/apis/apps/v1/namespaces/{@namespace}/deployments/{plan.Predictor.Name}")).StatusCode);
    }

    /// <summary>
    /// The user's workloads over three namespaces (the stack's, shop and catalog): a Deployment in each, a StatefulSet and
    /// an HPA floored in shop, another floored in catalog, two workloads sharing a model.
    /// </summary>
    private const string Workloads = """
        [
          {"name": "checkout", "query": "sum(rate(http_requests_total{job=\"checkout\"}[1m]))", "perReplica": 50, "maxReplicas": 10},
          {"name": "cart", "namespace": "dry-run-shop", "query": "sum(rate(cart_total[1m]))", "perReplica": 20, "maxReplicas": 6,
           "model": "shop-traffic", "hpa": "floor", "hpaName": "cart-hpa"},
          {"name": "orders", "namespace": "dry-run-shop", "kind": "StatefulSet", "query": "sum(rate(orders_total[1m]))", "cpuLow": 30, "cpuHigh": 70,
           "maxReplicas": 5, "model": "shop-traffic"},
          {"name": "search", "namespace": "dry-run-catalog", "query": "sum(rate(search_total[1m]))", "perReplica": 100, "maxReplicas": 8, "hpa": "floor"}
        ]
        """;

    [Fact]
    public async Task Every_object_of_a_workloads_stack_over_several_namespaces_is_accepted()
    {
        const string stackNamespace = "dry-run-workloads";
        var plan = PlanFor(("namespace", stackNamespace), ("prometheus", "http://prometheus-k8s.monitoring.svc:9090"), ("workloads", Workloads));
        using var http = server.AdminHttpClient();
        // The workloads' namespaces are the user's: they exist before the stack, which only puts its Roles there.
        foreach (var ns in new[] { stackNamespace, "dry-run-shop", "dry-run-catalog" })
            using (var created = new StringContent(StackManifests.Namespace(ns).ToJsonString(), Encoding.UTF8, "application/json"))
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/v1/namespaces", created)).StatusCode);
        var cronJobVersion = await CronJobVersionAsync(http);

        var manifests = StackManifests.Of(plan, cronJobVersion).ToList();
        var refused = new List<string>();
        foreach (var manifest in manifests)
        {
            var (status, body) = await DryRunAsync(http, manifest);
            output.WriteLine($"{(int)status} {manifest.Kind} {manifest.CollectionPath}/{manifest.Name}");
            if (status != HttpStatusCode.Created) refused.Add($"{manifest.Kind} {manifest.Name}: {(int)status} {body}");
        }

        Assert.Empty(refused);
        // The Scaler's Role in each of the three namespaces and the retrain job's; bindings in the two others name the Scaler's account in the stack's.
        Assert.Equal(
            [$"{stackNamespace}/scaler-role", "dry-run-shop/lab-a-scaler-dry-run-workloads", "dry-run-catalog/lab-a-scaler-dry-run-workloads", $"{stackNamespace}/retrain-role"],
            manifests.Where(m => m.Kind == "Role").Select(m => $"{m.Body["metadata"]!["namespace"]}/{m.Name}"));
        Assert.All(manifests.Where(m => m.Kind == "RoleBinding"), binding => Assert.Equal(stackNamespace, (string?)binding.Body["subjects"]![0]!["namespace"]));
        // No sample app, no load source; the predictor with its three model stores, and the workloads list.
        Assert.Equal([plan.Predictor.Name], manifests.Where(m => m.Kind == "Deployment").Select(m => m.Name));
        Assert.Equal(
            ["lab-a-model-checkout", "lab-a-model-search", "lab-a-model-shop-traffic", "lab-a-scaler-state", "lab-a-workloads"],
            manifests.Where(m => m.Kind == "ConfigMap").Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, manifests.Count(m => m.Kind == "ServiceAccount"));
    }

    [Fact]
    public async Task A_dry_run_does_judge_what_it_is_sent()
    {
        var plan = PlanFor(("namespace", "dry-run-control"));
        using var http = server.AdminHttpClient();
        using (var created = new StringContent(StackManifests.Namespace("dry-run-control").ToJsonString(), Encoding.UTF8, "application/json"))
            await http.PostAsync("/api/v1/namespaces", created);
        var deployment = StackManifests.Of(plan, "batch/v1beta1").First(m => m.Kind == "Deployment");
        // A selector the pod template's labels do not match: the server must refuse it.
        deployment.Body["spec"]!["selector"] = new System.Text.Json.Nodes.JsonObject
        {
            ["matchLabels"] = new System.Text.Json.Nodes.JsonObject { ["nobody"] = "matches" },
        };

        var (status, body) = await DryRunAsync(http, deployment);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("selector", body, StringComparison.Ordinal);
    }
}
