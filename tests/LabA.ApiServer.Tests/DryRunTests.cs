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

    /// <summary>Whether the server's RBAC authorizer lets the Scaler's account do <paramref name="verb"/> on the named object.</summary>
    private static async Task<bool> ScalerMayAsync(HttpClient http, string stackNamespace, string verb, string ns, string group, string resource, string? name)
    {
        var (plural, subresource) = resource.Split('/') is [var only] ? (only, null) : (resource.Split('/')[0], resource.Split('/')[1]);
        var attributes = new System.Text.Json.Nodes.JsonObject { ["namespace"] = ns, ["verb"] = verb, ["group"] = group, ["resource"] = plural };
        if (subresource is not null) attributes["subresource"] = subresource;
        if (name is not null) attributes["name"] = name;
        var review = new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["user"] = $"system:serviceaccount:{stackNamespace}:{Domain.Wiring.Names.ServiceAccount}",
                ["groups"] = new System.Text.Json.Nodes.JsonArray("system:serviceaccounts", $"system:serviceaccounts:{stackNamespace}", "system:authenticated"),
                ["resourceAttributes"] = attributes,
            },
        };
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json");
        using var answer = await http.PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", content);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("status").TryGetProperty("allowed", out var allowed) && allowed.GetBoolean();
    }

    [Fact]
    public async Task The_scalers_roles_let_it_reach_the_listed_workloads_and_nothing_else()
    {
        const string stackNamespace = "rbac-workloads";
        var workloads = Workloads.Replace("dry-run-", "rbac-", StringComparison.Ordinal);
        var plan = PlanFor(("namespace", stackNamespace), ("prometheus", "http://prometheus-k8s.monitoring.svc:9090"), ("workloads", workloads));
        using var http = server.AdminHttpClient();
        foreach (var ns in new[] { stackNamespace, "rbac-shop", "rbac-catalog", "rbac-elsewhere" })
            using (var created = new StringContent(StackManifests.Namespace(ns).ToJsonString(), Encoding.UTF8, "application/json"))
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/v1/namespaces", created)).StatusCode);
        // The stack's accounts, Roles and bindings, created for real this time, so the authorizer has them to judge by.
        foreach (var manifest in StackManifests.Of(plan, "batch/v1beta1").Where(m => m.Kind is "ServiceAccount" or "Role" or "RoleBinding"))
            using (var content = new StringContent(manifest.Body.ToJsonString(), Encoding.UTF8, "application/json"))
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsync(manifest.CollectionPath, content)).StatusCode);

        (string Verb, string Ns, string Group, string Resource, string? Name)[] allowed =
        [
            ("get", stackNamespace, "apps", "deployments", "checkout"),
            ("patch", stackNamespace, "apps", "deployments/scale", "checkout"),
            ("get", "rbac-shop", "apps", "deployments", "cart"),
            ("patch", "rbac-shop", "apps", "deployments/scale", "cart"),
            ("get", "rbac-shop", "apps", "statefulsets/scale", "orders"),
            ("patch", "rbac-shop", "apps", "statefulsets/scale", "orders"),
            ("list", "rbac-shop", "autoscaling", "horizontalpodautoscalers", null),
            ("patch", "rbac-shop", "autoscaling", "horizontalpodautoscalers", "cart-hpa"),
            ("patch", "rbac-catalog", "autoscaling", "horizontalpodautoscalers", "search"),
            ("patch", "rbac-catalog", "apps", "deployments/scale", "search"),
            ("create", "rbac-catalog", "", "events", null),
            ("patch", stackNamespace, "", "configmaps", Domain.Wiring.Names.ScalerState),
        ];
        (string Verb, string Ns, string Group, string Resource, string? Name)[] denied =
        [
            // A workload outside the list, in a listed namespace and elsewhere.
            ("patch", "rbac-shop", "apps", "deployments/scale", "payments"),
            ("get", "rbac-shop", "apps", "deployments", "payments"),
            ("patch", "rbac-elsewhere", "apps", "deployments/scale", "cart"),
            // A listed name in another namespace, or as the other kind.
            ("patch", "rbac-catalog", "apps", "deployments/scale", "cart"),
            ("patch", "rbac-shop", "apps", "statefulsets/scale", "cart"),
            // The workload itself rather than its count, or taking it away.
            ("patch", "rbac-shop", "apps", "deployments", "cart"),
            ("delete", "rbac-shop", "apps", "deployments", "cart"),
            ("list", "rbac-shop", "apps", "deployments", null),
            // HPAs not floored: another in shop, and checkout's (hpa: leave) in the stack's namespace.
            ("patch", "rbac-shop", "autoscaling", "horizontalpodautoscalers", "orders"),
            ("patch", stackNamespace, "autoscaling", "horizontalpodautoscalers", "checkout"),
            ("list", "rbac-elsewhere", "autoscaling", "horizontalpodautoscalers", null),
            // The state lives in the stack's namespace only; nothing of the model stores is the Scaler's.
            ("get", "rbac-shop", "", "configmaps", Domain.Wiring.Names.ScalerState),
            ("patch", stackNamespace, "", "configmaps", Domain.Wiring.Names.ModelStoreOf("shop-traffic")),
        ];
        foreach (var (verb, ns, group, resource, name) in allowed)
            Assert.True(await ScalerMayAsync(http, stackNamespace, verb, ns, group, resource, name), $"denied: {verb} {ns}/{resource}/{name}");
        foreach (var (verb, ns, group, resource, name) in denied)
            Assert.False(await ScalerMayAsync(http, stackNamespace, verb, ns, group, resource, name), $"allowed: {verb} {ns}/{resource}/{name}");
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
